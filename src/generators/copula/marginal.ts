/**
 * The marginal of a number column as a compressed empirical distribution function: a mixed
 * discrete/continuous CDF given by knots (value, cumulative probability), linear between knots,
 * with a jump wherever two consecutive knots share a value. A jump is a point mass ("atom"): the
 * zeros of a zero-inflated count, the values of a small-range integer, a value piled up at a bound.
 * Atoms keep their exact mass; the continuous stretches keep one knot per 1/`knots` of probability,
 * so the sketch has a few hundred knots whatever the number of rows, and is not a copy of the data.
 *
 * Values between knots map to interpolated probabilities (the "linear interpolation of the empirical
 * CDF" of Hyndman & Fan 1996, definition 5 at the mid-ranks); an atom maps to its whole probability
 * interval, which is what the distributional transform (Rüschendorf 2009) randomises over.
 */
import type { NumberMarginal } from './params.js';

export interface SketchSettings {
  /** Continuous stretches keep one knot per 1/knots of probability. */
  readonly knots: number;
  /** A value becomes an atom with at least this many rows (and at least 1/knots of them). */
  readonly minAtomCount: number;
}

/** The sketch of the observed (non-NaN) values; `sorted` must be ascending and non-empty. */
export function sketchMarginal(
  sorted: Float64Array,
  settings: SketchSettings,
): { value: number[]; cdf: number[] } {
  const values: number[] = [];
  const counts: number[] = [];
  for (let start = 0; start < sorted.length; ) {
    let end = start + 1;
    while (end < sorted.length && sorted[end] === sorted[start]) end++;
    values.push(sorted[start]);
    counts.push(end - start);
    start = end;
  }
  return knotsFromRuns(values, counts, settings);
}

/**
 * The knots of a multiset given as runs of equal values (ascending distinct values and their
 * counts): from sorted rows here, from a merged sketch's counts in a federated fit (`sketch.ts`).
 */
export function knotsFromRuns(
  values: ArrayLike<number>,
  counts: ArrayLike<number>,
  settings: SketchSettings,
): { value: number[]; cdf: number[] } {
  let n = 0;
  for (let i = 0; i < counts.length; i++) n += counts[i];
  if (n === 0) throw new RangeError('an empty marginal has no knots');
  // At least 1/knots of the rows too, so there are at most `knots` atoms.
  const atomCount = Math.max(settings.minAtomCount, Math.ceil(n / settings.knots));
  const step = 1 / settings.knots;
  const value: number[] = [];
  const cdf: number[] = [];
  let lastKept = Number.NEGATIVE_INFINITY;
  let start = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    const count = counts[i];
    const end = start + count;
    if (count >= atomCount) {
      value.push(x, x);
      cdf.push(start / n, end / n);
      lastKept = end / n;
    } else {
      // The ends sit at 0 and 1 so the range is [min, max]; inner values at their mid-rank.
      const p = start === 0 ? 0 : end === n ? 1 : (start + count / 2) / n;
      if (start === 0 || end === n || p - lastKept >= step) {
        value.push(x);
        cdf.push(p);
        lastKept = p;
      }
    }
    start = end;
  }
  if (value.length === 1) {
    value.push(value[0]);
    cdf.push(1);
  }
  return { value, cdf };
}

/** Index of the first knot whose value is ≥ x (knots.length when none). */
export function lowerBound(values: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The knot arrays of a marginal as typed arrays, with the lookups built on them. */
export class NumberCdf {
  readonly value: Float64Array;
  readonly cdf: Float64Array;
  readonly min: number;
  readonly max: number;
  /** Output rounding: x ↦ round(x·scale)/scale with scale = 10^decimals; 0 for none. */
  private readonly scale: number;

  constructor(marginal: NumberMarginal) {
    this.value = Float64Array.from(marginal.knots.value);
    this.cdf = Float64Array.from(marginal.knots.cdf);
    this.min = this.value[0];
    this.max = this.value[this.value.length - 1];
    this.scale = marginal.decimals === null ? 0 : 10 ** marginal.decimals;
  }

  /** Index of the atom (its first knot) at value x, or -1 when x is not an atom. */
  atomAt(x: number): number {
    const k = lowerBound(this.value, x);
    return k + 1 < this.value.length && this.value[k] === x && this.value[k + 1] === x ? k : -1;
  }

  /** P(X < x) under the sketch: the bottom of the atom at x, or the interpolated CDF. */
  below(x: number): number {
    return this.belowAt(x, lowerBound(this.value, x));
  }

  /** `below(x)` when k = lowerBound(value, x) is known. */
  belowAt(x: number, k: number): number {
    const v = this.value;
    if (k === 0) return 0;
    if (k === v.length) return 1;
    if (v[k] === x) return this.cdf[k];
    const t = (x - v[k - 1]) / (v[k] - v[k - 1]);
    return this.cdf[k - 1] + t * (this.cdf[k] - this.cdf[k - 1]);
  }

  /** The inverse CDF at u ∈ [0, 1]: the atom's value on a jump, linear in between. */
  quantile(u: number): number {
    const p = this.cdf;
    let lo = 0;
    let hi = p.length - 1;
    if (u <= p[0]) return this.value[0];
    if (u >= p[hi]) return this.value[hi];
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (p[mid] <= u) lo = mid;
      else hi = mid;
    }
    const v0 = this.value[lo];
    const v1 = this.value[hi];
    return v0 === v1 ? v0 : v0 + ((u - p[lo]) / (p[hi] - p[lo])) * (v1 - v0);
  }

  /** The value the model outputs at u: rounded to the data's precision, inside [min, max]. */
  output(u: number): number {
    let x = this.quantile(u);
    if (this.scale > 0) x = Math.round(x * this.scale) / this.scale;
    return Math.max(this.min, Math.min(x, this.max));
  }

  /** Half the rounding step: the values that output as x lie in [x − h, x + h). */
  get halfUnit(): number {
    return this.scale > 0 ? 0.5 / this.scale : 0;
  }
}
