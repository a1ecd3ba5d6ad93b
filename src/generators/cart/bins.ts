/**
 * Predictors as small integer bins, computed once per column so that every tree's split search is a
 * histogram scan, O(rows) per node and predictor instead of a sort (the approach of LightGBM, Ke et
 * al., NeurIPS 2017). A numeric column gets at most `maxBins` quantile bins; with fewer distinct
 * values each value is its own bin and the search is exactly CART's. A code column's bins are its
 * codes. Missing values get the bin after the last, so "missing" is a state a split can place.
 */
import type { Column } from '../../data/table.js';

export interface Predictor {
  /** Visit position of the column. */
  readonly position: number;
  readonly kind: 'numeric' | 'levels';
  /** Bin of each training row; `nBins` means missing. */
  readonly bins: Uint16Array;
  /** Bins of observed values: quantile bins (numeric) or levels (codes). */
  readonly nBins: number;
  /** Numeric only: `thresholds[b]` separates bin b from bin b + 1 (midpoint of the values). */
  readonly thresholds: Float64Array;
}

export function predictorOf(column: Column, position: number, maxBins: number): Predictor {
  if (column.type === 'code') {
    const nBins = column.levels.length;
    const bins = new Uint16Array(column.codes.length);
    for (let i = 0; i < bins.length; i++) bins[i] = column.codes[i] < 0 ? nBins : column.codes[i];
    return { position, kind: 'levels', bins, nBins, thresholds: new Float64Array(0) };
  }
  const thresholds = binThresholds(column.values, maxBins);
  const nBins = thresholds.length + 1;
  const bins = new Uint16Array(column.values.length);
  for (let i = 0; i < bins.length; i++) {
    const x = column.values[i];
    bins[i] = Number.isNaN(x) ? nBins : binOf(thresholds, x);
  }
  return { position, kind: 'numeric', bins, nBins, thresholds };
}

/** The first bin whose threshold is at least x (binary search). */
function binOf(thresholds: Float64Array, x: number): number {
  let lo = 0;
  let hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x <= thresholds[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Cut points between bins of the observed values. With at most `maxBins` distinct values every
 * distinct value is a bin; otherwise a bin closes after the distinct value where the running count
 * first reaches the next multiple of n / maxBins, so ties never straddle two bins. The cut is the
 * midpoint to the next distinct value, as rpart places its thresholds.
 */
export function binThresholds(values: Float64Array, maxBins: number): Float64Array {
  const sorted = values.filter((x) => !Number.isNaN(x)).sort();
  const n = sorted.length;
  let distinct = n > 0 ? 1 : 0;
  for (let i = 1; i < n; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  const cuts: number[] = [];
  const step = distinct <= maxBins ? 0 : n / maxBins;
  let nextTarget = step;
  for (let i = 0; i < n - 1 && cuts.length < maxBins - 1; i++) {
    if (sorted[i] === sorted[i + 1] || i + 1 < nextTarget) continue;
    cuts.push(midpoint(sorted[i], sorted[i + 1]));
    while (nextTarget <= i + 1 && step > 0) nextTarget += step;
  }
  return Float64Array.from(cuts);
}

/** A cut strictly below `b` and at least `a`, even when a and b are adjacent doubles. */
function midpoint(a: number, b: number): number {
  const mid = a + (b - a) / 2;
  return mid < b ? mid : a;
}
