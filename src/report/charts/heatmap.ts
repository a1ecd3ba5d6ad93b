/**
 * A symmetric matrix as coloured cells with a colour legend: one matrix below the diagonal and,
 * optionally, another above it (real below, synthetic above, so one chart compares them cell by
 * cell). A diverging scale, blue negative, red positive, white at 0; labels of at least 9 px.
 */
import { scaleLinear } from 'd3-scale';
import { COLOURS, escapeXml, svgDocument } from './svg.js';

export interface HeatmapOptions {
  /** Drawn above the diagonal; without it only the lower triangle is drawn. */
  upper?: readonly (readonly (number | null)[])[];
  /** Colour range: values in [−limit, limit], clipped beyond. */
  limit?: number;
  legendLabel?: string;
  /** Words for the two triangles, shown at the corners. */
  triangles?: [string, string];
  /** What a grey (null) cell means, shown beside the colour legend ("< 5 patients"). */
  nullLabel?: string;
}

const CELL = 11;
const NULL_FILL = '#e0e0e0';
const LABELS = 88;

export function divergingColour(limit: number): (value: number) => string {
  const scale = scaleLinear<string>()
    .domain([-limit, 0, limit])
    .range(['#2166ac', '#f7f7f7', '#b2182b'])
    .clamp(true);
  return (v) => scale(v);
}

export function heatmap(
  title: string,
  labels: readonly string[],
  lower: readonly (readonly (number | null)[])[],
  options: HeatmapOptions = {},
): string {
  const n = labels.length;
  const limit = options.limit ?? 1;
  const colour = divergingColour(limit);
  const left = LABELS;
  const top = LABELS - 10;
  const size = n * CELL;
  const cells: string[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const source = i > j ? lower : options.upper;
      if (!source) continue;
      const value = source[i]?.[j];
      const fill = value === null || value === undefined ? NULL_FILL : colour(value);
      cells.push(
        `<rect x="${left + j * CELL}" y="${top + i * CELL}" width="${CELL}" height="${CELL}" fill="${fill}"/>`,
      );
    }
  const rowLabels = labels
    .map(
      (l, i) =>
        `<text x="${left - 3}" y="${top + i * CELL + CELL / 2}" text-anchor="end" dominant-baseline="middle" font-size="9">${escapeXml(short(l))}</text>`,
    )
    .join('');
  const colLabels = labels
    .map((l, j) => {
      const x = left + j * CELL + CELL / 2 + 3;
      return `<text x="${x}" y="${top - 3}" transform="rotate(-55 ${x} ${top - 3})" font-size="9">${escapeXml(short(l))}</text>`;
    })
    .join('');
  const legendWidth = Math.min(size, 220);
  const legendText = left + legendWidth + 6 + (options.legendLabel ?? '').length * 5.5;
  const nullKey = options.nullLabel
    ? `<rect x="${legendText + 8}" y="${top + size + 12}" width="10" height="8" fill="${NULL_FILL}"/><text x="${legendText + 22}" y="${top + size + 19}" font-size="9" fill="${COLOURS.text}">${escapeXml(options.nullLabel)}</text>`
    : '';
  const legendEnd = legendText + 6 + (options.nullLabel ? 24 + options.nullLabel.length * 5.5 : 0);
  const frame = {
    // The last columns' slanted labels run up and to the right of the matrix.
    width: Math.max(left + size + 45, legendEnd),
    height: top + size + 44,
    margin: { top, right: 12, bottom: 44, left },
  };
  const corners = options.triangles
    ? `<text x="${left + 2}" y="${top + size - 3}" font-size="9" font-style="italic">${escapeXml(options.triangles[0])}</text><text x="${left + size - 2}" y="${top + 9}" text-anchor="end" font-size="9" font-style="italic">${escapeXml(options.triangles[1])}</text>`
    : '';
  const border = `<rect x="${left}" y="${top}" width="${size}" height="${size}" fill="none" stroke="#bbb"/>`;
  return svgDocument(
    frame,
    title,
    `${cells.join('')}${border}${corners}${rowLabels}${colLabels}${colourLegend(left, top + size + 12, legendWidth, limit, colour, options.legendLabel ?? '')}${nullKey}`,
  );
}

/** A stepped colour bar from −limit to limit with three labelled ticks. */
export function colourLegend(
  x: number,
  y: number,
  width: number,
  limit: number,
  colour: (v: number) => string,
  label: string,
): string {
  const steps = 24;
  const bar = Array.from({ length: steps }, (_, s) => {
    const v = -limit + ((s + 0.5) / steps) * 2 * limit;
    return `<rect x="${(x + (s * width) / steps).toFixed(1)}" y="${y}" width="${(width / steps + 0.3).toFixed(1)}" height="8" fill="${colour(v)}"/>`;
  }).join('');
  const ticks = [-limit, 0, limit]
    .map(
      (t, i) =>
        `<text x="${x + (i * width) / 2}" y="${y + 18}" text-anchor="middle" font-size="9">${t > 0 ? '+' : ''}${Number(t.toPrecision(2))}</text>`,
    )
    .join('');
  return `${bar}${ticks}<text x="${x + width + 6}" y="${y + 7}" font-size="9" fill="${COLOURS.text}">${escapeXml(label)}</text>`;
}

function short(label: string): string {
  return label.length > 15 ? `${label.slice(0, 14)}…` : label;
}
