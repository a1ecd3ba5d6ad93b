/**
 * One small-multiple panel of a distribution, real against synthetic: a numeric column's histogram
 * on its shared bins (real as filled bars, synthetic as an outline on top, so both stay visible),
 * on a linear or log axis; or a discrete / categorical column as side-by-side bars per level. The
 * column name is the panel's title, above it; the unit labels the axis.
 */
import { scaleBand, scaleLinear, scaleLog } from 'd3-scale';
import { COLOURS, chartTitle, escapeXml, formatShare, formatTick, svgDocument } from './svg.js';

const WIDTH = 232;
const HEIGHT = 150;
const MARGIN = { top: 22, right: 8, bottom: 30, left: 34 };

export interface HistogramPanel {
  title: string;
  /** Bin boundaries, one more than bins (ignored for categories). */
  edges?: readonly number[];
  labels: readonly string[];
  real: readonly number[];
  synthetic: readonly number[];
  scale?: 'linear' | 'log';
  /** Draw one bar pair per label instead of bins on a numeric axis. */
  categories?: boolean;
  axisLabel?: string;
}

export function histogramPanel(panel: HistogramPanel): string {
  return panel.categories || !panel.edges ? categoryPanel(panel) : binPanel(panel);
}

function frameOf(rows = HEIGHT) {
  return { width: WIDTH, height: rows, margin: MARGIN };
}

function yScaleFor(values: readonly number[]) {
  const max = Math.max(1e-9, ...values.filter(Number.isFinite));
  return scaleLinear()
    .domain([0, max])
    .nice(3)
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
}

function yAxis(y: ReturnType<typeof yScaleFor>): string {
  return y
    .ticks(3)
    .map((t) => {
      const at = y(t).toFixed(1);
      return `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${at}" y2="${at}" stroke="${COLOURS.grid}"/><text x="${MARGIN.left - 3}" y="${at}" text-anchor="end" dominant-baseline="middle" font-size="9">${escapeXml(formatShare(t))}</text>`;
    })
    .join('');
}

/** Bars on the numeric axis; heights are shares per typical bin width, so merged bins do not tower. */
function binPanel(panel: HistogramPanel): string {
  const edges = panel.edges!;
  const log = panel.scale === 'log' && edges[0] > 0;
  const x = (log ? scaleLog() : scaleLinear())
    .domain([edges[0], edges[edges.length - 1]])
    .range([MARGIN.left, WIDTH - MARGIN.right]);
  const widths = panel.labels.map((_, i) => x(edges[i + 1]) - x(edges[i]));
  const typical = [...widths].sort((a, b) => a - b)[Math.floor(widths.length / 2)] || 1;
  const density = (values: readonly number[]) => values.map((v, i) => (v * typical) / (widths[i] || typical));
  const real = density(panel.real);
  const synthetic = density(panel.synthetic);
  const y = yScaleFor([...real, ...synthetic]);
  const base = HEIGHT - MARGIN.bottom;
  const bars = real
    .map((v, i) => {
      const top = y(v);
      return `<rect x="${x(edges[i]).toFixed(1)}" y="${top.toFixed(1)}" width="${Math.max(widths[i] - 0.6, 0.5).toFixed(1)}" height="${(base - top).toFixed(1)}" fill="${COLOURS.real}" fill-opacity="0.55"><title>${escapeXml(`${panel.labels[i]}: ${formatShare(panel.real[i])} real, ${formatShare(panel.synthetic[i])} synthetic`)}</title></rect>`;
    })
    .join('');
  let outline = `M${x(edges[0]).toFixed(1)},${base}`;
  synthetic.forEach((v, i) => {
    outline += `V${y(v).toFixed(1)}H${x(edges[i + 1]).toFixed(1)}`;
  });
  outline += `V${base}`;
  const ticks = log ? logTicks(edges[0], edges[edges.length - 1]) : x.ticks(4);
  const xAxis = ticks
    .map((t) => {
      const at = x(t).toFixed(1);
      return `<line x1="${at}" x2="${at}" y1="${base}" y2="${base + 3}" stroke="${COLOURS.text}"/><text x="${at}" y="${base + 12}" text-anchor="middle" font-size="9">${escapeXml(formatTick(t))}</text>`;
    })
    .join('');
  const label = `${panel.axisLabel ?? ''}${log ? ' (log scale)' : ''}`;
  return svgDocument(
    frameOf(),
    panel.title,
    `${chartTitle(panel.title)}${yAxis(y)}${bars}<path d="${outline}" fill="none" stroke="${COLOURS.synthetic}" stroke-width="1.6"/><line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${base}" y2="${base}" stroke="${COLOURS.text}"/>${xAxis}<text x="${MARGIN.left + (WIDTH - MARGIN.left - MARGIN.right) / 2}" y="${HEIGHT - 3}" text-anchor="middle" font-size="9">${escapeXml(label)}</text>`,
  );
}

/** 1-2-5 ticks per decade (fewer when the axis spans many decades), inside [lo, hi]. */
function logTicks(lo: number, hi: number): number[] {
  const decades = Math.log10(hi / lo);
  const mantissas = decades <= 1.5 ? [1, 2, 5] : decades <= 3 ? [1, 5] : [1];
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++)
    for (const m of mantissas) {
      const v = Number((m * 10 ** e).toPrecision(6));
      if (v >= lo && v <= hi) out.push(v);
    }
  return out;
}

function categoryPanel(panel: HistogramPanel): string {
  const x = scaleBand<number>()
    .domain(panel.labels.map((_, i) => i))
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .padding(0.2);
  const y = yScaleFor([...panel.real, ...panel.synthetic]);
  const base = HEIGHT - MARGIN.bottom;
  const half = x.bandwidth() / 2;
  // Short labels (ECOG 0–4, female/male) stay level; long or many ones are turned to fit.
  const rotate = panel.labels.length > 6 || panel.labels.some((l) => l.length > 8);
  const bars = panel.labels
    .map((label, i) => {
      const x0 = x(i)!;
      const tip = `<title>${escapeXml(`${label}: ${formatShare(panel.real[i])} real, ${formatShare(panel.synthetic[i])} synthetic`)}</title>`;
      const bar = (v: number, dx: number, colour: string) =>
        `<rect x="${(x0 + dx).toFixed(1)}" y="${y(v).toFixed(1)}" width="${Math.max(half - 0.5, 0.5).toFixed(1)}" height="${(base - y(v)).toFixed(1)}" fill="${colour}">${tip}</rect>`;
      const text = label.length > 14 ? `${label.slice(0, 13)}…` : label;
      const cx = (x0 + half).toFixed(1);
      const tick = rotate
        ? `<text x="${cx}" y="${base + 10}" transform="rotate(-30 ${cx} ${base + 10})" text-anchor="end" font-size="9">${escapeXml(text)}</text>`
        : `<text x="${cx}" y="${base + 12}" text-anchor="middle" font-size="9">${escapeXml(text)}</text>`;
      return `${bar(panel.real[i], 0, COLOURS.real)}${bar(panel.synthetic[i], half, COLOURS.synthetic)}${tick}`;
    })
    .join('');
  const height = rotate ? HEIGHT + 14 : HEIGHT;
  return svgDocument(
    frameOf(height),
    panel.title,
    `${chartTitle(panel.title)}${yAxis(y)}${bars}<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${base}" y2="${base}" stroke="${COLOURS.text}"/>${panel.axisLabel && !rotate ? `<text x="${MARGIN.left + (WIDTH - MARGIN.left - MARGIN.right) / 2}" y="${HEIGHT - 3}" text-anchor="middle" font-size="9">${escapeXml(panel.axisLabel)}</text>` : ''}`,
  );
}
