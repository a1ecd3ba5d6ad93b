/**
 * Every column's fidelity score in one chart, worst first: a lollipop per column coloured by the
 * test behind the score (KS for numbers, χ² or Fisher for categories), so a column that does not
 * look like the real one stands out without a chart per column.
 */
import { scaleBand, scaleLinear } from 'd3-scale';
import { COLOURS, escapeXml, legend, svgDocument } from './svg.js';

export interface ScoreBar {
  label: string;
  score: number;
  test: string;
}

export const TEST_COLOURS: Record<string, string> = {
  ks: '#1f6fb4',
  'chi-square': '#2e7d32',
  fisher: '#8e44ad',
  none: '#c62828',
};

const TEST_NAMES: Record<string, string> = {
  ks: 'KS (numbers)',
  'chi-square': 'χ² (categories)',
  fisher: 'Fisher (rare 0/1)',
  none: 'not testable',
};

export function scoreChart(title: string, bars: readonly ScoreBar[]): string {
  const sorted = [...bars].sort((a, b) => a.score - b.score);
  const margin = { top: 26, right: 8, bottom: 74, left: 36 };
  const width = Math.max(420, margin.left + margin.right + sorted.length * 13);
  const height = 230;
  const x = scaleBand<number>()
    .domain(sorted.map((_, i) => i))
    .range([margin.left, width - margin.right])
    .padding(0.3);
  const lowest = Math.min(0.6, ...sorted.map((b) => b.score));
  const y = scaleLinear()
    .domain([Math.floor(lowest * 10) / 10, 1])
    .range([height - margin.bottom, margin.top]);
  const base = height - margin.bottom;
  const grid = y
    .ticks(4)
    .map(
      (t) =>
        `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="${COLOURS.grid}"/><text x="${margin.left - 4}" y="${y(t).toFixed(1)}" text-anchor="end" dominant-baseline="middle" font-size="9">${t.toFixed(1)}</text>`,
    )
    .join('');
  const marks = sorted
    .map((b, i) => {
      const cx = (x(i)! + x.bandwidth() / 2).toFixed(1);
      const colour = TEST_COLOURS[b.test] ?? COLOURS.text;
      return `<g><title>${escapeXml(`${b.label}: ${b.score.toFixed(3)} (${TEST_NAMES[b.test] ?? b.test})`)}</title><line x1="${cx}" x2="${cx}" y1="${base}" y2="${y(Math.max(b.score, y.domain()[0])).toFixed(1)}" stroke="${colour}" stroke-width="1.5"/><circle cx="${cx}" cy="${y(Math.max(b.score, y.domain()[0])).toFixed(1)}" r="3" fill="${colour}"/><text x="${cx}" y="${base + 6}" transform="rotate(60 ${cx} ${base + 6})" font-size="9">${escapeXml(b.label)}</text></g>`;
    })
    .join('');
  const used = [...new Set(sorted.map((b) => b.test))];
  const frame = { width, height, margin };
  const key = legend(
    frame,
    used.map((t) => ({ label: TEST_NAMES[t] ?? t, colour: TEST_COLOURS[t] ?? COLOURS.text })),
  );
  return svgDocument(
    frame,
    title,
    `${grid}${marks}${key}<text transform="translate(10 ${(margin.top + base) / 2}) rotate(-90)" text-anchor="middle" font-size="9">score (1 = same)</text>`,
  );
}
