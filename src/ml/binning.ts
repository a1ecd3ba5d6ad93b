/**
 * Histogram binning for tree splits (as LightGBM and scikit-learn's HistGradientBoosting do): each
 * feature's values are cut at no more than `maxBins − 1` thresholds, so that a node's best split is
 * found from a histogram in O(rows + bins) instead of a sort. A feature with at most `maxBins`
 * distinct values keeps every distinct value (thresholds at the midpoints, so the search is exact);
 * otherwise the thresholds sit at evenly spaced quantiles. Bin b holds the values v with
 * thresholds[b − 1] < v ≤ thresholds[b].
 */

export interface BinnedFeatures {
  /** Column-major bin codes: bins[f · n + i]. */
  readonly bins: Uint8Array;
  readonly n: number;
  readonly p: number;
  /** Per feature, the ascending cut points; a split after bin b sends v ≤ thresholds[f][b] left. */
  readonly thresholds: readonly Float64Array[];
}

export const MAX_BINS = 256;

export function binFeatures(x: Float64Array, n: number, p: number, maxBins = 64): BinnedFeatures {
  if (!(maxBins >= 2 && maxBins <= MAX_BINS)) throw new RangeError(`maxBins must be in 2..${MAX_BINS}`);
  const bins = new Uint8Array(n * p);
  const thresholds: Float64Array[] = [];
  const column = new Float64Array(n);
  for (let f = 0; f < p; f++) {
    for (let i = 0; i < n; i++) column[i] = x[i * p + f];
    const cuts = cutPoints(Float64Array.from(column).sort(), maxBins);
    thresholds.push(cuts);
    const out = bins.subarray(f * n, (f + 1) * n);
    for (let i = 0; i < n; i++) out[i] = binOf(cuts, column[i]);
  }
  return { bins, n, p, thresholds };
}

/** The number of cut points below v: v's bin. */
export function binOf(cuts: Float64Array, v: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function cutPoints(sorted: Float64Array, maxBins: number): Float64Array {
  const distinct: number[] = [];
  const upTo: number[] = []; // rows with a value ≤ distinct[d]
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
    upTo[distinct.length - 1] = i + 1;
  }
  const cuts: number[] = [];
  const n = sorted.length;
  const every = distinct.length <= maxBins;
  // Otherwise cut after the distinct value where the next quantile is passed, so that a heavy tie
  // (say 80% zeros) still gets a cut at its end.
  for (let d = 0; d + 1 < distinct.length && cuts.length < maxBins - 1; d++) {
    if (every || upTo[d] >= ((cuts.length + 1) * n) / maxBins)
      cuts.push(midpoint(distinct[d], distinct[d + 1]));
  }
  return Float64Array.from(cuts);
}

function midpoint(a: number, b: number): number {
  const m = a + (b - a) / 2;
  return m < b ? m : a;
}
