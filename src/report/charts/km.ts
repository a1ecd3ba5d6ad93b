/**
 * Kaplan–Meier curves as a clinical paper draws them: step curves with their 95% bands (d3-shape
 * areas, step-after), censoring marks, dotted median lines, time in months or years, and the
 * numbers at risk in a table under the plot. Input is the report's grid (never a patient's time).
 */
import { scaleLinear } from 'd3-scale';
import { area, curveStepAfter, line } from 'd3-shape';
import type { GridCurve, SurvivalGrid } from '../../validate/utility/types.js';
import { COLOURS, chartTitle, escapeXml, legend, svgDocument } from './svg.js';

export interface KmSeries {
  /** Legend label. */
  readonly name: string;
  /** The at-risk table's row label (default: the name). */
  readonly row?: string;
  readonly colour: string;
  readonly dashed?: boolean;
  /** Draw the 95% band (real curves; a second band per level would hide the curves). */
  readonly band?: boolean;
  /** Draw censoring marks (default true). */
  readonly censor?: boolean;
  readonly curve: GridCurve;
  /** Median in grid units (null: not reached, no line). */
  readonly median?: number | null;
}

export interface KmOptions {
  readonly width?: number;
  /** Height of the plot area itself; the at-risk table adds a row per series. */
  readonly plotHeight?: number;
  /** The small-cell threshold, to write a suppressed number at risk as "<k". */
  readonly smallCell: number;
  /** Legend entries instead of one per series (several series sharing a colour). */
  readonly legend?: ReadonlyArray<{ name: string; colour: string; dashed?: boolean }>;
}

const ROW = 13;

export function kmChart(
  title: string,
  grid: SurvivalGrid,
  series: readonly KmSeries[],
  options: KmOptions,
): string {
  const width = options.width ?? 480;
  const plotHeight = options.plotHeight ?? 190;
  const margin = { top: 40, right: 14, left: 100 };
  const axisBottom = margin.top + plotHeight;
  const tableTop = axisBottom + 40;
  const height = tableTop + ROW * (series.length + 1) + 4;
  const end = grid.time[grid.time.length - 1] || 1;
  const x = scaleLinear()
    .domain([0, end])
    .range([margin.left, width - margin.right]);
  const y = scaleLinear().domain([0, 1]).range([axisBottom, margin.top]);
  const body = [
    chartTitle(title),
    legend(
      { width, height, margin: { ...margin, bottom: 0 } },
      (options.legend ?? series).map((s) => ({ label: s.name, colour: s.colour, dashed: s.dashed })),
      28,
    ),
    yGrid(x, y),
    xTicks(grid, x, axisBottom),
    ...series.map((s) => (s.band ? band(grid, s, x, y) : '')),
    ...series.map((s) => medianLines(s, x, y)),
    ...series.map((s) => stepLine(grid, s, x, y)),
    ...series.map((s) => censorMarks(grid, s, x, y)),
    atRiskTable(grid, series, x, tableTop, options.smallCell),
  ].join('');
  return svgDocument({ width, height, margin: { ...margin, bottom: height - axisBottom } }, title, body);
}

type Linear = ReturnType<typeof scaleLinear<number, number>>;

function yGrid(x: Linear, y: Linear): string {
  const [x0, x1] = x.range();
  return [0, 0.25, 0.5, 0.75, 1]
    .map((t) => {
      const yy = y(t).toFixed(1);
      return `<line x1="${x0}" x2="${x1}" y1="${yy}" y2="${yy}" stroke="${COLOURS.grid}"/><text x="${x0 - 5}" y="${yy}" text-anchor="end" dominant-baseline="middle">${t * 100} %</text>`;
    })
    .join('');
}

function xTicks(grid: SurvivalGrid, x: Linear, yAxis: number): string {
  const [x0, x1] = x.range();
  const marks = grid.ticks
    .map((t) => {
      const xx = x(t).toFixed(1);
      return `<line x1="${xx}" x2="${xx}" y1="${yAxis}" y2="${yAxis + 4}" stroke="${COLOURS.text}"/><text x="${xx}" y="${yAxis + 15}" text-anchor="middle">${t}</text>`;
    })
    .join('');
  return `<line x1="${x0}" x2="${x1}" y1="${yAxis}" y2="${yAxis}" stroke="${COLOURS.text}"/>${marks}<text x="${(x0 + x1) / 2}" y="${yAxis + 29}" text-anchor="middle">${grid.unit} since diagnosis</text>`;
}

function points(grid: SurvivalGrid, values: ReadonlyArray<number | null>): Array<[number, number | null]> {
  return grid.time.map((t, i) => [t, values[i] ?? null]);
}

function stepLine(grid: SurvivalGrid, s: KmSeries, x: Linear, y: Linear): string {
  const path = line<[number, number | null]>()
    .defined((p) => p[1] !== null)
    .x((p) => x(p[0]))
    .y((p) => y(p[1] ?? 0))
    .curve(curveStepAfter)
    .digits(1)(points(grid, s.curve.survival));
  const dash = s.dashed ? ' stroke-dasharray="5 3"' : '';
  return path
    ? `<path d="${path}" fill="none" stroke="${s.colour}" stroke-width="1.8"${dash}><title>${escapeXml(s.name)}</title></path>`
    : '';
}

function band(grid: SurvivalGrid, s: KmSeries, x: Linear, y: Linear): string {
  const rows = grid.time.map((t, i): [number, number | null, number | null] => [
    t,
    s.curve.lower[i],
    s.curve.upper[i],
  ]);
  const path = area<[number, number | null, number | null]>()
    .defined((p) => p[1] !== null && p[2] !== null)
    .x((p) => x(p[0]))
    .y0((p) => y(p[1] ?? 0))
    .y1((p) => y(p[2] ?? 0))
    .curve(curveStepAfter)
    .digits(0)(rows);
  return path ? `<path d="${path}" fill="${s.colour}" fill-opacity="0.14" stroke="none"/>` : '';
}

/** A short vertical tick on the curve at the end of each interval in which someone was censored. */
function censorMarks(grid: SurvivalGrid, s: KmSeries, x: Linear, y: Linear): string {
  let d = '';
  if (s.censor === false) return '';
  s.curve.censored.forEach((c, i) => {
    const v = s.curve.survival[i];
    if (c && v !== null) d += `M${x(grid.time[i]).toFixed(0)},${(y(v) - 2.5).toFixed(0)}v5`;
  });
  return d ? `<path d="${d}" stroke="${s.colour}" stroke-width="0.8"/>` : '';
}

function medianLines(s: KmSeries, x: Linear, y: Linear): string {
  if (s.median === null || s.median === undefined) return '';
  const [x0, x1] = x.range();
  const xm = x(s.median);
  if (!(xm >= x0 && xm <= x1)) return '';
  const half = y(0.5).toFixed(1);
  return `<path d="M${x0},${half}H${xm.toFixed(1)}V${y(0).toFixed(1)}" fill="none" stroke="${s.colour}" stroke-width="0.8" stroke-dasharray="1 2"/>`;
}

/** Numbers at risk at the labelled ticks, one row per series; "<k" where suppressed, blank past the curve. */
function atRiskTable(
  grid: SurvivalGrid,
  series: readonly KmSeries[],
  x: Linear,
  top: number,
  smallCell: number,
): string {
  const header = `<text x="4" y="${top}" font-weight="600">Number at risk</text>`;
  const rows = series
    .map((s, r) => {
      const yy = top + ROW * (r + 1);
      const last = lastShown(grid, s.curve);
      const cells = grid.ticks
        .map((t, k) => {
          const n = s.curve.atRisk[k];
          const text = n !== null ? String(n) : t <= last ? `<${smallCell}` : '';
          return text
            ? `<text x="${x(t).toFixed(1)}" y="${yy}" text-anchor="middle">${escapeXml(text)}</text>`
            : '';
        })
        .join('');
      return `<text x="4" y="${yy}" fill="${s.colour}">${escapeXml(truncate(s.row ?? s.name, 16))}</text>${cells}`;
    })
    .join('');
  return `<g font-size="10">${header}${rows}</g>`;
}

/** The last grid time the curve reaches (−1 when it shows nothing). */
function lastShown(grid: SurvivalGrid, curve: GridCurve): number {
  let last = -1;
  curve.survival.forEach((v, i) => {
    if (v !== null) last = grid.time[i];
  });
  return last;
}

function truncate(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}
