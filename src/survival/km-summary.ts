/**
 * Reading a Kaplan–Meier curve the way R's `quantile.survfit` and `summary(fit, times = ...)` do.
 */
import type { KaplanMeierCurve } from './kaplan-meier.js';
import { lastAtOrBelow, TIME_TIE_TOLERANCE } from './ties.js';

export interface SurvivalQuantile {
  /** NaN when the curve (or that confidence limit) never reaches the probability (R's NA). */
  readonly quantile: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * The time by which a fraction `p` has had the event (p = 0.5: the median), with its confidence
 * interval read off the pointwise limits (Brookmeyer & Crowley 1982, as R does). Where the curve
 * sits exactly at 1 − p over a stretch, R takes the midpoint of that stretch; the comparison uses
 * a tolerance of sqrt(machine epsilon).
 */
export function survivalQuantile(
  curve: KaplanMeierCurve,
  p = 0.5,
  tolerance = TIME_TIE_TOLERANCE,
): SurvivalQuantile {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`a probability must lie in [0, 1], got ${p}`);
  const x = [0, ...curve.time];
  const failed = (s: Float64Array) => [0, ...Array.from(s, (v) => 1 - v)];
  return {
    quantile: findQuantile(x, failed(curve.surv), p, tolerance),
    // the lower limit of the survival curve reaches 1 − p first, so it gives the lower limit
    lower: findQuantile(x, failed(curve.lower), p, tolerance),
    upper: findQuantile(x, failed(curve.upper), p, tolerance),
  };
}

/** First x where the cumulative failure y reaches p, with R's midpoint rule on flat stretches. */
function findQuantile(x: number[], y: number[], p: number, tol: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of y) if (v > max) max = v;
  if (max < p) return Number.NaN;
  const xLast = x[x.length - 1];
  const kept = dropRepeatedValues(x, y);
  const first = firstReaching(kept.y, p, tol);
  const beyond = firstReaching(kept.y, p, -tol);
  if (p === 0) return kept.x[0];
  const yLast = kept.y[kept.y.length - 1];
  if (!Number.isNaN(yLast) && Math.abs(p - yLast) < tol) {
    // the curve ends exactly at p: midpoint of where it got there and the last follow-up
    return first < 0 ? Number.NaN : (kept.x[first] + xLast) / 2;
  }
  if (first < 0 || beyond < 0) return Number.NaN;
  return (kept.x[first] + kept.x[beyond]) / 2;
}

/** Keeps the first point of every distinct y (NaN counted as one value), as R's `duplicated`. */
function dropRepeatedValues(x: number[], y: number[]) {
  const keptX: number[] = [];
  const keptY: number[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < y.length; i++) {
    const key = Number.isNaN(y[i]) ? Number.NaN : y[i];
    if (seen.has(key)) continue;
    seen.add(key);
    keptX.push(x[i]);
    keptY.push(y[i]);
  }
  return { x: keptX, y: keptY };
}

/**
 * R's `approx(y + shift, seq_along(y), p, method = "constant", f = 1)`: the index of the smallest
 * key ≥ p among the non-missing keys y + shift (sorted as approx sorts them); −1 outside their range.
 */
function firstReaching(y: number[], p: number, shift: number): number {
  const points = y
    .map((v, i) => ({ key: v + shift, index: i }))
    .filter((pt) => !Number.isNaN(pt.key))
    .sort((a, b) => a.key - b.key);
  if (points.length === 0 || p < points[0].key || p > points[points.length - 1].key) return -1;
  for (const pt of points) if (pt.key >= p) return pt.index;
  return -1;
}

export interface SurvivalAt {
  readonly time: number;
  /** NaN past the curve's last follow-up time, where R's summary (extend = FALSE) reports nothing. */
  readonly survival: number;
  readonly lower: number;
  readonly upper: number;
}

/** Survival and its pointwise interval at the given times, like `summary(fit, times = ...)`. */
export function survivalAt(curve: KaplanMeierCurve, times: readonly number[]): SurvivalAt[] {
  const last = curve.time.length ? curve.time[curve.time.length - 1] : Number.NEGATIVE_INFINITY;
  return times.map((time) => {
    if (!Number.isFinite(time)) throw new RangeError(`a time must be finite, got ${time}`);
    if (time > last) return { time, survival: Number.NaN, lower: Number.NaN, upper: Number.NaN };
    const i = lastAtOrBelow(curve.time, time);
    if (i < 0) return { time, survival: 1, lower: 1, upper: 1 };
    return { time, survival: curve.surv[i], lower: curve.lower[i], upper: curve.upper[i] };
  });
}
