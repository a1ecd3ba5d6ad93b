/**
 * Real against synthetic prevalence of many 0/1 flags in one chart: a row per flag (real dot,
 * synthetic ring, a line between them) on a square-root axis, the rows split into side-by-side
 * columns to stay short.
 * A real prevalence that is too few patients to show is drawn as a grey "< k" instead.
 */
import { scaleSqrt } from 'd3-scale';
import { COLOURS, escapeXml, formatShare, legend, svgDocument } from './svg.js';

export interface DotRow {
  label: string;
  /** Null: suppressed (fewer than k real patients have it, or lack it). */
  real: number | null;
  synthetic: number;
}

const ROW = 13;
const LABEL = 100;
const PLOT = 160;
const GAP = 20;

export function prevalenceDotPlot(
  title: string,
  rows: readonly DotRow[],
  options: { columns?: number; smallCell: number },
): string {
  const columns = Math.max(1, Math.min(options.columns ?? 2, rows.length));
  const perColumn = Math.ceil(rows.length / columns);
  const top = 40;
  const width = columns * (LABEL + PLOT + GAP);
  const height = top + perColumn * ROW + 26;
  const max = Math.max(0.05, ...rows.flatMap((r) => [r.real ?? 0, r.synthetic]));
  // A square-root axis spreads the many rare flags (1–10 %) without squeezing the common ones.
  const x = scaleSqrt().domain([0, max]).nice(4).range([0, PLOT]);
  const ticks = [0, 0.05, 0.2, 0.5, 1].filter((t) => t <= x.domain()[1]);
  const parts: string[] = [];
  for (let c = 0; c < columns; c++) {
    const x0 = c * (LABEL + PLOT + GAP) + LABEL;
    const slice = rows.slice(c * perColumn, (c + 1) * perColumn);
    const bottom = top + perColumn * ROW;
    for (const t of ticks) {
      const at = (x0 + x(t)).toFixed(1);
      parts.push(
        `<line x1="${at}" x2="${at}" y1="${top - 4}" y2="${bottom}" stroke="${COLOURS.grid}"/><text x="${at}" y="${bottom + 12}" text-anchor="middle" font-size="9">${escapeXml(formatShare(t))}</text>`,
      );
    }
    slice.forEach((row, i) => {
      const y = top + i * ROW + ROW / 2;
      const s = x0 + x(row.synthetic);
      const tip = `${row.label}: ${row.real === null ? `fewer than ${options.smallCell} real patients` : `${formatShare(row.real)} real`}, ${formatShare(row.synthetic)} synthetic`;
      let marks: string;
      if (row.real === null)
        marks = `<text x="${(s + 6).toFixed(1)}" y="${y}" dominant-baseline="middle" font-size="8" fill="#888">real &lt; ${options.smallCell}</text>`;
      else {
        const r = x0 + x(row.real);
        marks = `<line x1="${r.toFixed(1)}" x2="${s.toFixed(1)}" y1="${y}" y2="${y}" stroke="#999"/><circle cx="${r.toFixed(1)}" cy="${y}" r="3.5" fill="${COLOURS.real}"/>`;
      }
      parts.push(
        `<g><title>${escapeXml(tip)}</title><text x="${x0 - 5}" y="${y}" text-anchor="end" dominant-baseline="middle" font-size="9.5">${escapeXml(row.label)}</text>${marks}<circle cx="${s.toFixed(1)}" cy="${y}" r="3" fill="none" stroke="${COLOURS.synthetic}" stroke-width="1.8"/></g>`,
      );
    });
  }
  const frame = { width, height, margin: { top, right: 0, bottom: 0, left: LABEL } };
  const key = legend(frame, [
    { label: 'real', colour: COLOURS.real },
    { label: 'synthetic', colour: COLOURS.synthetic },
  ]);
  return svgDocument(frame, title, `${key}${parts.join('')}`);
}
