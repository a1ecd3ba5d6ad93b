/**
 * Co-mutation odds ratios, real (x) against synthetic (y), both on log axes with the identity
 * line: a pair on the line kept its strength, a pair in the top-left or bottom-right quadrant
 * reversed (co-occurrence became exclusivity or the other way round). Points significant in the
 * real table are larger; reversed pairs are red and named.
 */
import { scaleLog } from 'd3-scale';
import { COLOURS, escapeXml, formatTick, legend, svgDocument } from './svg.js';

export interface OddsPoint {
  label: string;
  real: number;
  synthetic: number;
  significantInReal: boolean;
  change: string;
}

const CHANGE_COLOURS: Record<string, string> = {
  none: COLOURS.real,
  magnitude: '#d08a00',
  'lost-significance': '#d08a00',
  'gained-significance': '#7a7a7a',
  direction: '#c62828',
};

export function oddsRatioScatter(title: string, points: readonly OddsPoint[]): string {
  const size = 300;
  const margin = { top: 30, right: 16, bottom: 40, left: 48 };
  const frame = {
    width: margin.left + size + margin.right,
    height: margin.top + size + margin.bottom,
    margin,
  };
  const values = points.flatMap((p) => [p.real, p.synthetic]).filter((v) => v > 0 && Number.isFinite(v));
  const extent = Math.min(100, Math.max(4, ...values.map((v) => Math.max(v, 1 / v)))) * 1.2;
  const x = scaleLog()
    .domain([1 / extent, extent])
    .range([margin.left, margin.left + size])
    .clamp(true);
  const y = scaleLog()
    .domain([1 / extent, extent])
    .range([margin.top + size, margin.top])
    .clamp(true);
  const ticks = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100].filter(
    (t) => t >= 1 / extent && t <= extent,
  );
  const grid = ticks
    .map((t) => {
      const gx = x(t).toFixed(1);
      const gy = y(t).toFixed(1);
      const strong = t === 1 ? '#aaa' : COLOURS.grid;
      return `<line x1="${gx}" x2="${gx}" y1="${margin.top}" y2="${margin.top + size}" stroke="${strong}"/><line x1="${margin.left}" x2="${margin.left + size}" y1="${gy}" y2="${gy}" stroke="${strong}"/><text x="${gx}" y="${margin.top + size + 12}" text-anchor="middle" font-size="9">${formatTick(t)}</text><text x="${margin.left - 4}" y="${gy}" text-anchor="end" dominant-baseline="middle" font-size="9">${formatTick(t)}</text>`;
    })
    .join('');
  const identity = `<line x1="${x(1 / extent).toFixed(1)}" y1="${y(1 / extent).toFixed(1)}" x2="${x(extent).toFixed(1)}" y2="${y(extent).toFixed(1)}" stroke="#555" stroke-dasharray="4 3"/>`;
  const dots = points
    .map((p) => {
      const colour = CHANGE_COLOURS[p.change] ?? COLOURS.text;
      const cx = x(p.real).toFixed(1);
      const cy = y(p.synthetic).toFixed(1);
      const name =
        p.change === 'direction'
          ? `<text x="${(Number(cx) + 5).toFixed(1)}" y="${cy}" dominant-baseline="middle" font-size="9" fill="${colour}">${escapeXml(p.label)}</text>`
          : '';
      return `<circle cx="${cx}" cy="${cy}" r="${p.significantInReal ? 4 : 2.5}" fill="${colour}" fill-opacity="0.75"><title>${escapeXml(`${p.label}: OR ${p.real.toPrecision(3)} real, ${p.synthetic.toPrecision(3)} synthetic (${p.change})`)}</title></circle>${name}`;
    })
    .join('');
  const key = legend(frame, [
    { label: 'agrees', colour: CHANGE_COLOURS.none },
    { label: 'weaker / lost', colour: CHANGE_COLOURS.magnitude },
    { label: 'reversed', colour: CHANGE_COLOURS.direction },
  ]);
  const labels = `<text x="${margin.left + size / 2}" y="${frame.height - 6}" text-anchor="middle" font-size="10">odds ratio, real (log scale)</text><text transform="translate(12 ${margin.top + size / 2}) rotate(-90)" text-anchor="middle" font-size="10">odds ratio, synthetic</text>`;
  return svgDocument(frame, title, `${grid}${identity}${dots}${key}${labels}`);
}
