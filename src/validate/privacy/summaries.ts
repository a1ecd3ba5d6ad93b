/** Small helpers the privacy metrics share: seeded row samples, quantiles, shareable histograms. */
import type { Rng } from '../../core/rng.js';
import { countBins, mergeSmallBins, niceCuts } from '../../stats/binning.js';

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

/**
 * A quantile of distances published with 2 significant digits: the 5th percentile or the median of
 * a few hundred distances is one pair's distance (or the mean of two), the distance of one real
 * patient to one row; 2 digits are all a reader needs to compare it with its baseline.
 */
export function significant(x: number): number {
  return x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(2));
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

/**
 * Shared bins for distances in 0..1 (Gower): round cut points (`niceCuts`) from 0 up to about the
 * 95th percentile of all distances and one last bin up to 1, so that no edge is the distance of a
 * single pair; bins holding 1..smallCell − 1 rows of the `real` group (real patients' distances)
 * are merged with a neighbour (`mergeSmallBins`). Proportions per group.
 */
export function distanceHistogram(
  groups: readonly Float64Array[],
  bins: number,
  options: { real?: number; smallCell: number },
): { edges: number[]; proportions: number[][] } {
  const pooled = sortedCopy(Float64Array.from(groups.flatMap((g) => Array.from(g))));
  const high = pooled.length ? quantile(pooled, 0.95) : 0;
  const cuts = niceCuts(0, Math.min(1, high > 0 ? high : 0.05), bins).filter((c) => c < 1);
  // Distances are ≥ 0, so the open bin below the first cut (0) is always empty: drop it.
  const counts = groups.map((g) => countBins(g, cuts).slice(1));
  const ends = [...cuts, 1];
  const groupsOfBins =
    options.real === undefined
      ? counts[0].map((_, i): [number, number] => [i, i])
      : mergeSmallBins(counts[options.real], options.smallCell);
  const edges = [...groupsOfBins.map(([first]) => ends[first]), 1];
  const proportions = counts.map((c, g) => {
    const n = groups[g].length;
    return groupsOfBins.map(([first, last]) => {
      let sum = 0;
      for (let i = first; i <= last; i++) sum += c[i];
      return n ? sum / n : 0;
    });
  });
  return { edges, proportions };
}
