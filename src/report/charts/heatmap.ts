import { escapeXml, svgDocument } from './svg.js';

/**
 * A square matrix as coloured cells: white at 0, dark at 1 (associations and their absolute
 * differences are all in 0..1 here). Labels are shortened; the full value is in each cell's title.
 */
export function heatmap(
  title: string,
  labels: readonly string[],
  matrix: readonly (readonly (number | null)[])[],
): string {
  const n = labels.length;
  const cell = Math.max(6, Math.min(18, Math.floor(420 / Math.max(n, 1))));
  const left = 92;
  const top = 92;
  const size = left + n * cell + 12;
  const frame = { width: size, height: top + n * cell + 12, margin: { top, right: 12, bottom: 12, left } };
  const cells: string[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const value = matrix[i]?.[j];
      const fill =
        value === null || value === undefined || !Number.isFinite(value) ? '#f4f4f4' : shade(Math.abs(value));
      const text = value === null || value === undefined ? 'not computed' : value.toFixed(3);
      cells.push(
        `<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="${fill}"><title>${escapeXml(`${labels[i]} × ${labels[j]}: ${text}`)}</title></rect>`,
      );
    }
  const fontSize = Math.min(10, cell);
  const rowLabels = labels
    .map(
      (l, i) =>
        `<text x="${left - 4}" y="${top + i * cell + cell / 2}" text-anchor="end" dominant-baseline="middle" font-size="${fontSize}">${escapeXml(short(l))}</text>`,
    )
    .join('');
  const colLabels = labels
    .map((l, j) => {
      const x = left + j * cell + cell / 2;
      return `<text x="${x}" y="${top - 4}" transform="rotate(-60 ${x} ${top - 4})" font-size="${fontSize}">${escapeXml(short(l))}</text>`;
    })
    .join('');
  return svgDocument(frame, title, `${cells.join('')}${rowLabels}${colLabels}`);
}

function short(label: string): string {
  return label.length > 14 ? `${label.slice(0, 13)}…` : label;
}

/** White to dark blue, on the absolute value in 0..1. */
function shade(value: number): string {
  const t = Math.max(0, Math.min(1, value));
  const channel = (from: number, to: number) => Math.round(from + (to - from) * t);
  return `rgb(${channel(255, 8)},${channel(255, 48)},${channel(255, 107)})`;
}
