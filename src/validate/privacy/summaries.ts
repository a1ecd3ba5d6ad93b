/** Small helpers the privacy metrics share: seeded row samples, quantiles, shared histograms. */
import type { Rng } from '../../core/rng.js';

/** All row indices when n ≤ cap, else `cap` distinct rows drawn with `rng`, ascending. */
export function sampleRows(n: number, cap: number, rng: Rng): Int32Array {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  if (n <= cap) return all;
  for (let i = 0; i < cap; i++) {
    const j = i + rng.int(n - i);
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  return all.slice(0, cap).sort();
}

/** Quantile by linear interpolation between order statistics (R's type 7); `sorted` ascending. */
export function quantile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function sortedCopy(values: Float64Array): Float64Array {
  return Float64Array.from(values).sort();
}

/** Share of values below t, values equal to t counting one half. */
export function shareBelow(values: Float64Array, t: number): number {
  let below = 0;
  for (const v of values) below += v < t ? 1 : v === t ? 0.5 : 0;
  return values.length ? below / values.length : 0;
}

/** Equal-width bins from 0 to the largest value of any group; proportions per group. */
export function sharedHistogram(
  groups: readonly Float64Array[],
  bins: number,
): { edges: number[]; proportions: number[][] } {
  let top = 0;
  for (const g of groups) for (const v of g) if (v > top) top = v;
  if (!(top > 0)) top = 1;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (top * i) / bins);
  const proportions = groups.map((g) => {
    const counts = new Array<number>(bins).fill(0);
    for (const v of g) counts[Math.min(bins - 1, Math.floor((v / top) * bins))]++;
    return counts.map((c) => (g.length ? c / g.length : 0));
  });
  return { edges, proportions };
}
