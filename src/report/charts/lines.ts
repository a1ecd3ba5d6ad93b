import { DEFAULT_FRAME, legend, linearScale, niceTicks, svgDocument, xAxis, yAxis } from './svg.js';

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
