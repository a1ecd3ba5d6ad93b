import {
  COLOURS,
  DEFAULT_FRAME,
  escapeXml,
  type Frame,
  legend,
  linearScale,
  niceTicks,
  plotWidth,
  svgDocument,
  yAxis,
} from './svg.js';

export interface BarSeries {
  name: string;
  values: readonly number[];
  colour: string;
}

/**
 * Grouped vertical bars: one group per category, one bar per series (real beside synthetic).
 * Used for category proportions, histograms on shared bins and mutation frequencies.
 */
export function groupedBars(
  title: string,
  categories: readonly string[],
  series: readonly BarSeries[],
  options: { yLabel?: string; percent?: boolean; frame?: Frame } = {},
): string {
  const frame = options.frame ?? {
    ...DEFAULT_FRAME,
    width: Math.max(DEFAULT_FRAME.width, 80 + categories.length * 26),
  };
  const max = Math.max(1e-9, ...series.flatMap((s) => s.values.filter(Number.isFinite)));
  const y = linearScale([0, max * 1.05], [frame.height - frame.margin.bottom, frame.margin.top]);
  const band = plotWidth(frame) / Math.max(categories.length, 1);
  const barWidth = (band * 0.8) / Math.max(series.length, 1);
  const bars = categories
    .map((category, i) => {
      const x0 = frame.margin.left + i * band + band * 0.1;
      const rects = series
        .map((s, j) => {
          const value = s.values[i];
          if (!Number.isFinite(value)) return '';
          const top = y(value);
          const label = `${s.name}, ${category}: ${options.percent ? `${(value * 100).toFixed(1)} %` : value.toPrecision(3)}`;
          return `<rect x="${(x0 + j * barWidth).toFixed(1)}" y="${top.toFixed(1)}" width="${Math.max(barWidth - 1, 1).toFixed(1)}" height="${(frame.height - frame.margin.bottom - top).toFixed(1)}" fill="${s.colour}"><title>${escapeXml(label)}</title></rect>`;
        })
        .join('');
      const tx = x0 + (band * 0.8) / 2;
      const ty = frame.height - frame.margin.bottom + 10;
      const text = category.length > 14 ? `${category.slice(0, 13)}…` : category;
      const rotate =
        categories.length > 8
          ? ` transform="rotate(35 ${tx.toFixed(1)} ${ty})" text-anchor="start"`
          : ' text-anchor="middle"';
      return `${rects}<text x="${tx.toFixed(1)}" y="${ty}"${rotate}>${escapeXml(text)}</text>`;
    })
    .join('');
  const ticks = niceTicks(0, max * 1.05, 4);
  const format = options.percent ? (t: number) => `${Math.round(t * 100)} %` : undefined;
  const axis = yAxis(frame, y, ticks, options.yLabel ?? (options.percent ? 'share' : ''), format);
  const key = legend(
    frame,
    series.map((s) => ({ label: s.name, colour: s.colour })),
  );
  return svgDocument(frame, title, `${axis}${bars}${key}`);
}

/** Real beside synthetic: the common case. */
export function realVsSyntheticBars(
  title: string,
  categories: readonly string[],
  real: readonly number[],
  synthetic: readonly number[],
  options: { yLabel?: string; percent?: boolean } = {},
): string {
  return groupedBars(
    title,
    categories,
    [
      { name: 'real', values: real, colour: COLOURS.real },
      { name: 'synthetic', values: synthetic, colour: COLOURS.synthetic },
    ],
    options,
  );
}
