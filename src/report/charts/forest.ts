/**
 * A forest plot labelled as a paper labels it: one row per term ("ELN2022 adverse vs favourable"),
 * real and synthetic hazard ratios with 95% intervals on a log axis (d3-scale), and the numbers,
 * HR (95% CI), written beside each row. Rows whose conclusion changed are flagged in red.
 */
import { format } from 'd3-format';
import { scaleLog } from 'd3-scale';
import { COLOURS, chartTitle, escapeXml, svgDocument } from './svg.js';

export interface ForestEstimate {
  readonly hr: number;
  readonly lower: number;
  readonly upper: number;
}

export interface ForestRow {
  readonly label: string;
  readonly real?: ForestEstimate;
  readonly synthetic?: ForestEstimate;
  /** A short flag shown in red after the numbers ("reversed", "lost"). */
  readonly flag?: string;
}

const ROW = 30;
const two = format('.2f');

export function forestPlot(title: string, rows: readonly ForestRow[]): string {
  const width = 830;
  const margin = { top: 44, right: 8, bottom: 34, left: 230 };
  const plotRight = 500;
  const height = margin.top + rows.length * ROW + margin.bottom;
  const values = rows
    .flatMap((r) => [r.real, r.synthetic])
    .flatMap((e) => (e ? [e.lower, e.upper] : []))
    .filter((v) => Number.isFinite(v) && v > 0);
  const lo = Math.max(0.05, Math.min(0.5, ...values));
  const hi = Math.min(20, Math.max(2, ...values));
  const x = scaleLog().domain([lo, hi]).range([margin.left, plotRight]).nice();
  const [d0, d1] = x.domain();
  const clamp = (v: number) => x(Math.max(d0, Math.min(d1, v)));
  const axisY = margin.top + rows.length * ROW;
  const ticks = [0.1, 0.25, 0.5, 1, 2, 4, 8, 16].filter((t) => t >= d0 && t <= d1);
  const axis = `<line x1="${margin.left}" x2="${plotRight}" y1="${axisY}" y2="${axisY}" stroke="${COLOURS.text}"/>${ticks
    .map(
      (t) =>
        `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${axisY}" y2="${axisY + 4}" stroke="${COLOURS.text}"/><text x="${x(t).toFixed(1)}" y="${axisY + 15}" text-anchor="middle">${t}</text>`,
    )
    .join(
      '',
    )}<text x="${(margin.left + plotRight) / 2}" y="${axisY + 29}" text-anchor="middle">hazard ratio (log scale)</text>`;
  const one = x(1).toFixed(1);
  const reference = `<line x1="${one}" x2="${one}" y1="${margin.top - 4}" y2="${axisY}" stroke="#999" stroke-dasharray="3 3"/>`;
  const columns = `<g font-weight="600"><text x="${plotRight + 12}" y="${margin.top - 8}" fill="${COLOURS.real}">real HR (95% CI)</text><text x="${plotRight + 150}" y="${margin.top - 8}" fill="${COLOURS.synthetic}">synthetic HR (95% CI)</text></g>`;
  const body = rows
    .map((row, i) => {
      const yMid = margin.top + i * ROW + ROW / 2;
      const mark = (e: ForestEstimate | undefined, dy: number, colour: string) =>
        e && Number.isFinite(e.hr)
          ? `<line x1="${clamp(e.lower).toFixed(1)}" x2="${clamp(e.upper).toFixed(1)}" y1="${yMid + dy}" y2="${yMid + dy}" stroke="${colour}" stroke-width="1.8"/><rect x="${(clamp(e.hr) - 3).toFixed(1)}" y="${yMid + dy - 3}" width="6" height="6" fill="${colour}"/>`
          : '';
      const text = (e: ForestEstimate | undefined) =>
        e ? `${two(e.hr)} (${two(e.lower)}–${two(e.upper)})` : 'not estimable';
      const labelColour = row.flag ? '#c62828' : COLOURS.text;
      return `<text x="${margin.left - 8}" y="${yMid}" text-anchor="end" dominant-baseline="middle" fill="${labelColour}">${escapeXml(row.label)}</text>${mark(row.real, -4, COLOURS.real)}${mark(row.synthetic, 4, COLOURS.synthetic)}<text x="${plotRight + 12}" y="${yMid}" dominant-baseline="middle">${escapeXml(text(row.real))}</text><text x="${plotRight + 150}" y="${yMid}" dominant-baseline="middle">${escapeXml(text(row.synthetic))}</text>${row.flag ? `<text x="${plotRight + 268}" y="${yMid}" dominant-baseline="middle" fill="#c62828" font-weight="600">${escapeXml(row.flag)}</text>` : ''}`;
    })
    .join('');
  const key = `<line x1="${margin.left}" x2="${margin.left + 16}" y1="28" y2="28" stroke="${COLOURS.real}" stroke-width="2"/><text x="${margin.left + 20}" y="28" dominant-baseline="middle">real</text><line x1="${margin.left + 60}" x2="${margin.left + 76}" y1="28" y2="28" stroke="${COLOURS.synthetic}" stroke-width="2"/><text x="${margin.left + 80}" y="28" dominant-baseline="middle">synthetic</text>`;
  return svgDocument(
    { width, height, margin },
    title,
    `${chartTitle(title)}${key}${reference}${axis}${columns}${body}`,
  );
}
