/**
 * Floating-point ties in survival times, merged on purpose as R's `aeqSurv` does (survival ≥ 2.39,
 * the `timefix` option, on by default in survfit, survdiff and coxph): times computed two ways
 * (e.g. days / 365.25) that differ only by rounding must count as one time, or a tie becomes an
 * ordered pair and the Efron correction, the risk sets and the log-rank statistic all change.
 */

/** R's default, `sqrt(.Machine$double.eps)`. */
export const TIME_TIE_TOLERANCE = Math.sqrt(Number.EPSILON);

/**
 * Sorted distinct times, consecutive ones within `tolerance` (absolute, or relative to the mean
 * absolute time) collapse to the first of their run; every time is replaced by its run's first
 * value. Returns the input itself when nothing is tied, as aeqSurv does.
 */
export function mergeNearTies(times: Float64Array, tolerance = TIME_TIE_TOLERANCE): Float64Array {
  if (!(tolerance > 0)) return times;
  const unique = distinctFinite(times);
  if (unique.length < 2) return times;
  let meanAbs = 0;
  for (const t of unique) meanAbs += Math.abs(t);
  meanAbs /= unique.length;
  const cuts: number[] = [unique[0]];
  for (let i = 1; i < unique.length; i++) {
    const gap = unique[i] - unique[i - 1];
    const tied = gap <= tolerance || gap / meanAbs <= tolerance;
    if (!tied) cuts.push(unique[i]);
  }
  if (cuts.length === unique.length) return times;
  return times.map((t) => (Number.isFinite(t) ? cuts[lastAtOrBelow(cuts, t)] : t));
}

function distinctFinite(times: Float64Array): Float64Array {
  const sorted = Float64Array.from(times.filter(Number.isFinite)).sort();
  let k = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[k - 1]) sorted[k++] = sorted[i];
  return sorted.subarray(0, k);
}

/** Index of the last element ≤ t in an ascending array (R's findInterval, minus one). */
export function lastAtOrBelow(sorted: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
