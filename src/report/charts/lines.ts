import {
  COLOURS,
  DEFAULT_FRAME,
  escapeXml,
  formatTick,
  legend,
  linearScale,
  logScale,
  niceTicks,
  svgDocument,
  xAxis,
  yAxis,
} from './svg.js';

export interface StepCurve {
  name: string;
  colour: string;
  dashed?: boolean;
  points: ReadonlyArray<{ time: number; survival: number }>;
}

/** Kaplan–Meier curves as step functions from survival 1 at time 0. */
export function survivalCurves(title: string, curves: readonly StepCurve[], timeLabel: string): string {
  const frame = DEFAULT_FRAME;
  const maxTime = Math.max(1, ...curves.flatMap((c) => c.points.map((p) => p.time)));
  const x = linearScale([0, maxTime], [frame.margin.left, frame.width - frame.margin.right]);
  const y = linearScale([0, 1], [frame.height - frame.margin.bottom, frame.margin.top]);
  const paths = curves
    .map((curve) => {
      let d = `M${x(0).toFixed(1)},${y(1).toFixed(1)}`;
      for (const p of curve.points) {
        d += `H${x(p.time).toFixed(1)}V${y(p.survival).toFixed(1)}`;
      }
      const dash = curve.dashed ? ' stroke-dasharray="5 3"' : '';
      return `<path d="${d}" fill="none" stroke="${curve.colour}" stroke-width="2"${dash}><title>${escapeXml(curve.name)}</title></path>`;
    })
    .join('');
  const axes =
    yAxis(frame, y, [0, 0.25, 0.5, 0.75, 1], 'survival', (t) => `${Math.round(t * 100)} %`) +
    xAxis(frame, x, niceTicks(0, maxTime, 6), timeLabel);
  return svgDocument(
    frame,
    title,
    `${axes}${paths}${legend(
      frame,
      curves.map((c) => ({ label: c.name, colour: c.colour, dashed: c.dashed })),
    )}`,
  );
}

export interface ScatterSeries {
  name: string;
  colour: string;
  points: ReadonlyArray<readonly [number, number]>;
}

/** Points of several series on shared axes (the PCA projection). */
export function scatter(title: string, series: readonly ScatterSeries[], labels: [string, string]): string {
  const frame = { ...DEFAULT_FRAME, height: 340 };
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const [x0, x1] = [Math.min(...xs, 0), Math.max(...xs, 0)];
  const [y0, y1] = [Math.min(...ys, 0), Math.max(...ys, 0)];
  const x = linearScale([x0, x1], [frame.margin.left, frame.width - frame.margin.right]);
  const y = linearScale([y0, y1], [frame.height - frame.margin.bottom, frame.margin.top]);
  const dots = series
    .map((s) =>
      s.points
        .map(
          (p) =>
            `<circle cx="${x(p[0]).toFixed(1)}" cy="${y(p[1]).toFixed(1)}" r="2" fill="${s.colour}" fill-opacity="0.45"/>`,
        )
        .join(''),
    )
    .join('');
  const axes =
    yAxis(frame, y, niceTicks(y0, y1, 5), labels[1]) + xAxis(frame, x, niceTicks(x0, x1, 6), labels[0]);
  return svgDocument(
    frame,
    title,
    `${axes}${dots}${legend(
      frame,
      series.map((s) => ({ label: s.name, colour: s.colour })),
    )}`,
  );
}

export interface ForestRow {
  label: string;
  real?: { hr: number; lower: number; upper: number };
  synthetic?: { hr: number; lower: number; upper: number };
}

/** Hazard ratios with intervals on a log scale, real above synthetic for each term. */
export function forestPlot(title: string, rows: readonly ForestRow[]): string {
  const rowHeight = 30;
  const frame = {
    width: 560,
    height: 60 + rows.length * rowHeight,
    margin: { top: 28, right: 20, bottom: 36, left: 150 },
  };
  const values = rows.flatMap((r) =>
    [r.real, r.synthetic].flatMap((e) => (e ? [e.lower, e.upper, e.hr] : [])),
  );
  const finite = values.filter((v) => Number.isFinite(v) && v > 0);
  const lo = Math.min(0.5, ...finite) * 0.9;
  const hi = Math.max(2, ...finite) * 1.1;
  const x = logScale([lo, hi], [frame.margin.left, frame.width - frame.margin.right]);
  const clamp = (v: number) => Math.max(lo, Math.min(hi, v));
  const one = x(1).toFixed(1);
  const body = rows
    .map((row, i) => {
      const yMid = frame.margin.top + i * rowHeight + rowHeight / 2;
      const mark = (e: ForestRow['real'], dy: number, colour: string, name: string) =>
        e && Number.isFinite(e.hr)
          ? `<line x1="${x(clamp(e.lower)).toFixed(1)}" x2="${x(clamp(e.upper)).toFixed(1)}" y1="${yMid + dy}" y2="${yMid + dy}" stroke="${colour}" stroke-width="2"/><rect x="${(x(clamp(e.hr)) - 3).toFixed(1)}" y="${yMid + dy - 3}" width="6" height="6" fill="${colour}"><title>${escapeXml(`${row.label}, ${name}: HR ${e.hr.toFixed(2)} (${e.lower.toFixed(2)}–${e.upper.toFixed(2)})`)}</title></rect>`
          : '';
      return `<text x="${frame.margin.left - 8}" y="${yMid}" text-anchor="end" dominant-baseline="middle">${escapeXml(row.label)}</text>${mark(row.real, -5, COLOURS.real, 'real')}${mark(row.synthetic, 5, COLOURS.synthetic, 'synthetic')}`;
    })
    .join('');
  const ticks = [0.25, 0.5, 1, 2, 4, 8].filter((t) => t >= lo && t <= hi);
  const axis = xAxis(frame, x, ticks, 'hazard ratio (log scale)', formatTick);
  const reference = `<line x1="${one}" x2="${one}" y1="${frame.margin.top}" y2="${frame.height - frame.margin.bottom}" stroke="#999" stroke-dasharray="3 3"/>`;
  const key = legend(frame, [
    { label: 'real', colour: COLOURS.real },
    { label: 'synthetic', colour: COLOURS.synthetic },
  ]);
  return svgDocument(frame, title, `${reference}${axis}${body}${key}`);
}
