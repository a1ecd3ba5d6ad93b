/**
 * Two density panels side by side, real and synthetic, on the same grid and the same colour scale:
 * the shareable view of a scatter plot (each cell is a share of a table's rows, never a patient).
 * Suppressed real cells (fewer than k rows) are grey.
 */
import { scaleLinear } from 'd3-scale';
import { escapeXml, formatShare, formatTick, svgDocument } from './svg.js';

export interface DensityGrid {
  x: readonly number[];
  y: readonly number[];
  real: readonly (readonly (number | null)[])[];
  synthetic: readonly (readonly number[])[];
}

const PANEL = 190;
const MARGIN = { top: 30, left: 40, bottom: 32, gap: 30 };

export function densityPanels(
  title: string,
  grid: DensityGrid,
  axes: [string, string],
  smallCell: number,
): string {
  const max = Math.max(1e-9, ...grid.real.flat().map((v) => v ?? 0), ...grid.synthetic.flat());
  const shade = scaleLinear<string>().domain([0, max]).range(['#ffffff', '#08306b']).clamp(true);
  const panel = (name: string, cells: readonly (readonly (number | null)[])[], x0: number): string => {
    const x = scaleLinear()
      .domain([grid.x[0], grid.x[grid.x.length - 1]])
      .range([x0, x0 + PANEL]);
    const y = scaleLinear()
      .domain([grid.y[0], grid.y[grid.y.length - 1]])
      .range([MARGIN.top + PANEL, MARGIN.top]);
    const rects: string[] = [];
    for (const [r, row] of cells.entries())
      for (const [c, v] of row.entries()) {
        if (v === 0) continue;
        const left = x(grid.x[c]);
        const topY = y(grid.y[r + 1]);
        const fill = v === null ? '#d0d0d0' : shade(v);
        const tip = v === null ? `<title>fewer than ${smallCell} real rows</title>` : '';
        rects.push(
          `<rect x="${left.toFixed(1)}" y="${topY.toFixed(1)}" width="${(x(grid.x[c + 1]) - left).toFixed(1)}" height="${(y(grid.y[r]) - topY).toFixed(1)}" fill="${fill}">${tip}</rect>`,
        );
      }
    const base = MARGIN.top + PANEL;
    const xTicks = x
      .ticks(4)
      .map(
        (t) =>
          `<text x="${x(t).toFixed(1)}" y="${base + 12}" text-anchor="middle" font-size="9">${escapeXml(formatTick(t))}</text>`,
      )
      .join('');
    const yTicks = y
      .ticks(4)
      .map(
        (t) =>
          `<text x="${x0 - 4}" y="${y(t).toFixed(1)}" text-anchor="end" dominant-baseline="middle" font-size="9">${escapeXml(formatTick(t))}</text>`,
      )
      .join('');
    return `<text x="${x0}" y="${MARGIN.top - 8}" font-weight="600" font-size="11">${escapeXml(name)}</text>${rects.join('')}<rect x="${x0}" y="${MARGIN.top}" width="${PANEL}" height="${PANEL}" fill="none" stroke="#bbb"/>${xTicks}${yTicks}<text x="${x0 + PANEL / 2}" y="${base + 26}" text-anchor="middle" font-size="9">${escapeXml(axes[0])}</text>`;
  };
  const second = MARGIN.left + PANEL + MARGIN.gap;
  const width = second + PANEL + 110;
  const height = MARGIN.top + PANEL + MARGIN.bottom + 4;
  const legendX = second + PANEL + 16;
  const legendSteps = 12;
  const legendBar = Array.from({ length: legendSteps }, (_, s) => {
    const v = (max * (legendSteps - s - 0.5)) / legendSteps;
    return `<rect x="${legendX}" y="${(MARGIN.top + (s * 120) / legendSteps).toFixed(1)}" width="10" height="${(120 / legendSteps + 0.3).toFixed(1)}" fill="${shade(v)}"/>`;
  }).join('');
  const legend = `${legendBar}<text x="${legendX + 14}" y="${MARGIN.top + 6}" font-size="9">${escapeXml(formatShare(max))}</text><text x="${legendX + 14}" y="${MARGIN.top + 120}" font-size="9">0</text><text x="${legendX}" y="${MARGIN.top + 134}" font-size="9">share of rows</text><rect x="${legendX}" y="${MARGIN.top + 142}" width="10" height="10" fill="#d0d0d0"/><text x="${legendX + 14}" y="${MARGIN.top + 151}" font-size="9">&lt; ${smallCell} real</text>`;
  return svgDocument(
    { width, height, margin: { top: MARGIN.top, right: 0, bottom: MARGIN.bottom, left: MARGIN.left } },
    title,
    `${panel('real', grid.real, MARGIN.left)}${panel('synthetic', grid.synthetic, second)}<text transform="translate(10 ${MARGIN.top + PANEL / 2}) rotate(-90)" text-anchor="middle" font-size="9">${escapeXml(axes[1])}</text>${legend}`,
  );
}
