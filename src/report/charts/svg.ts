/**
 * The few SVG primitives every chart needs: escaping, linear and log scales, "nice" ticks, axes
 * and a legend. Charts are inline SVG strings so the report page opens offline with no script.
 * Ticks and number formats come from d3-array and d3-format, not hand-written logic.
 */
import { ticks as d3Ticks } from 'd3-array';
import { format } from 'd3-format';
export const COLOURS = {
  real: '#1f6fb4',
  synthetic: '#e8710a',
  holdout: '#7a7a7a',
  grid: '#e3e3e3',
  text: '#333',
};

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface Frame {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export const DEFAULT_FRAME: Frame = {
  width: 520,
  height: 300,
  margin: { top: 28, right: 16, bottom: 44, left: 56 },
};

export function plotWidth(frame: Frame): number {
  return frame.width - frame.margin.left - frame.margin.right;
}

function plotHeight(frame: Frame): number {
  return frame.height - frame.margin.top - frame.margin.bottom;
}

export type Scale = (value: number) => number;

export function linearScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain[0] === domain[1] ? [domain[0] - 0.5, domain[1] + 0.5] : domain;
  return (v) => range[0] + ((v - d0) / (d1 - d0)) * (range[1] - range[0]);
}

export function logScale(domain: [number, number], range: [number, number]): Scale {
  const inner = linearScale([Math.log(domain[0]), Math.log(domain[1])], range);
  return (v) => inner(Math.log(v));
}

/** About `count` round tick values covering [lo, hi] (1, 2 or 5 times a power of ten apart). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  return d3Ticks(lo, hi, count);
}

const compact = format('~r');
const scientific = format('.1~e');

export function formatTick(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  return abs >= 1e5 || abs < 1e-3 ? scientific(value) : compact(Number(value.toPrecision(4)));
}

/** Percent of a share for an axis: 0.25 → "25 %", 0.005 → "0.5 %". */
export function formatShare(value: number): string {
  return `${format('~r')(Number((value * 100).toPrecision(3)))} %`;
}

/** A visible title at the top left of a chart (charts are titled above, not below). */
export function chartTitle(text: string, x = 4, y = 13): string {
  return `<text x="${x}" y="${y}" font-weight="600" font-size="12">${escapeXml(text)}</text>`;
}

/** The outer <svg> with a title for screen readers. */
export function svgDocument(frame: Frame, title: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${frame.width} ${frame.height}" width="${frame.width}" height="${frame.height}" role="img" aria-label="${escapeXml(title)}" font-family="system-ui, sans-serif" font-size="11" fill="${COLOURS.text}"><title>${escapeXml(title)}</title>${body}</svg>`;
}

/** Horizontal grid lines with labels on the left, for a y scale. */
export function yAxis(
  frame: Frame,
  scale: Scale,
  ticks: number[],
  label: string,
  format = formatTick,
): string {
  const x0 = frame.margin.left;
  const x1 = frame.width - frame.margin.right;
  const lines = ticks
    .map((t) => {
      const y = scale(t).toFixed(1);
      return `<line x1="${x0}" x2="${x1}" y1="${y}" y2="${y}" stroke="${COLOURS.grid}"/><text x="${x0 - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${escapeXml(format(t))}</text>`;
    })
    .join('');
  const mid = frame.margin.top + plotHeight(frame) / 2;
  return `${lines}<text transform="translate(14 ${mid}) rotate(-90)" text-anchor="middle">${escapeXml(label)}</text>`;
}

/** Tick marks and labels along the bottom, for an x scale. */
export function xAxis(
  frame: Frame,
  scale: Scale,
  ticks: number[],
  label: string,
  format = formatTick,
): string {
  const y = frame.height - frame.margin.bottom;
  const marks = ticks
    .map((t) => {
      const x = scale(t).toFixed(1);
      return `<line x1="${x}" x2="${x}" y1="${y}" y2="${y + 4}" stroke="${COLOURS.text}"/><text x="${x}" y="${y + 16}" text-anchor="middle">${escapeXml(format(t))}</text>`;
    })
    .join('');
  const axis = `<line x1="${frame.margin.left}" x2="${frame.width - frame.margin.right}" y1="${y}" y2="${y}" stroke="${COLOURS.text}"/>`;
  return `${axis}${marks}<text x="${frame.margin.left + plotWidth(frame) / 2}" y="${frame.height - 6}" text-anchor="middle">${escapeXml(label)}</text>`;
}

export interface LegendEntry {
  label: string;
  colour: string;
  dashed?: boolean;
}

/** A one-line legend across the top of the plot (at height `y`, below a title when there is one). */
export function legend(frame: Frame, entries: readonly LegendEntry[], y = 12): string {
  let x = frame.margin.left;
  return entries
    .map((entry) => {
      const dash = entry.dashed ? ' stroke-dasharray="5 3"' : '';
      const item = `<line x1="${x}" x2="${x + 18}" y1="${y}" y2="${y}" stroke="${entry.colour}" stroke-width="3"${dash}/><text x="${x + 22}" y="${y}" dominant-baseline="middle">${escapeXml(entry.label)}</text>`;
      x += 30 + entry.label.length * 6.5;
      return item;
    })
    .join('');
}
