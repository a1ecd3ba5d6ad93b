/**
 * A number column's marginal as a mergeable sketch: counts of values on a public decimal grid
 * (value = index / 10^digits), kept sparse, so merging two sites' sketches is adding counts index
 * by index. The grid is fixed before any data is read, from the schema alone:
 *
 * - integer and date columns: whole numbers (digits 0), exact;
 * - a declared `decimals`: that many digits, exact for data written with them;
 * - otherwise the declared bounds: enough digits for about 2^20 steps over [min, max] (hb on
 *   3–20 g/dL gets 5 digits, LDH on 0–20,000 U/L gets 2), exact for data with no more digits;
 * - no declared bounds: `DEFAULT_DIGITS`.
 *
 * A value with more digits than its grid is rounded to it: the sketch's only approximation, at
 * most half a grid step in value (and so in every quantile). Fractions of a bound (continuous on
 * [0, 1]) use `FRACTION_DIGITS`. The sketch holds counts per grid point, not rows, but occupied
 * grid points are values of the data (as the copula's knots are): it is federated, not private.
 *
 * `knotsFromSketch` builds the same knots as `sketchMarginal` does from the sorted values, in
 * O(occupied points) without expanding the counts.
 */
import type { ColumnSpec } from '../../data/schema.js';
import { knotsFromRuns, type SketchSettings } from './marginal.js';

/** Digits of the grid when the schema declares neither decimals nor bounds. */
const DEFAULT_DIGITS = 6;
/** Fractions in [0, 1]: a grid of 10^-6, far finer than any knot spacing. */
export const FRACTION_DIGITS = 6;
/** Steps over the declared range the grid aims at (2^20). */
const RANGE_STEPS = 1 << 20;
/** Digits beyond this would put grid indices past 2^53 for values of ordinary size. */
const MAX_DIGITS = 12;

/** Sparse counts on the grid: indices ascending, each with its count (> 0). */
export interface NumberSketch {
  readonly digits: number;
  readonly index: number[];
  readonly count: number[];
}

/** Grid digits of a number column, from its declared kind, decimals and bounds. */
export function gridDigits(spec: Pick<ColumnSpec, 'kind' | 'decimals' | 'min' | 'max'> | undefined): number {
  if (!spec) return DEFAULT_DIGITS;
  if (spec.kind === 'integer' || spec.kind === 'date') return 0;
  if (spec.decimals !== undefined) return spec.decimals;
  if (typeof spec.min === 'number' && typeof spec.max === 'number' && spec.max > spec.min) {
    const digits = Math.ceil(Math.log10(RANGE_STEPS / (spec.max - spec.min)));
    return Math.max(0, Math.min(MAX_DIGITS, digits));
  }
  return DEFAULT_DIGITS;
}

/** The sketch of the observed (non-NaN) values. */
export function sketchValues(values: ArrayLike<number>, digits: number): NumberSketch {
  const scale = 10 ** digits;
  const counts = new Map<number, number>();
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (Number.isNaN(x)) continue;
    const k = Math.round(x * scale);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const index = [...counts.keys()].sort((a, b) => a - b);
  return { digits, index, count: index.map((k) => counts.get(k)!) };
}

/** The sketch of the union of two sites' rows: counts added point by point (same grid required). */
export function mergeSketches(a: NumberSketch, b: NumberSketch): NumberSketch {
  if (a.digits !== b.digits) throw new RangeError(`sketch grids differ (${a.digits} and ${b.digits} digits)`);
  const index: number[] = [];
  const count: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.index.length || j < b.index.length) {
    const ka = i < a.index.length ? a.index[i] : Number.POSITIVE_INFINITY;
    const kb = j < b.index.length ? b.index[j] : Number.POSITIVE_INFINITY;
    const k = Math.min(ka, kb);
    index.push(k);
    count.push((ka === k ? a.count[i++] : 0) + (kb === k ? b.count[j++] : 0));
  }
  return { digits: a.digits, index, count };
}

export function sketchTotal(sketch: NumberSketch): number {
  return sketch.count.reduce((a, b) => a + b, 0);
}

/** The grid values of the occupied points, ascending. */
export function sketchPoints(sketch: NumberSketch): Float64Array {
  // Division by a power of ten gives the double nearest to the decimal, as parsing its text does.
  const scale = 10 ** sketch.digits;
  return Float64Array.from(sketch.index, (k) => k / scale);
}

/**
 * The knots `sketchMarginal` gives for the multiset the sketch describes (each point repeated by its
 * count): the same walk over runs of equal values, with a run's rows known from its count.
 */
export function knotsFromSketch(
  sketch: NumberSketch,
  settings: SketchSettings,
): { value: number[]; cdf: number[] } {
  if (sketchTotal(sketch) === 0) throw new RangeError('an empty sketch has no knots');
  return knotsFromRuns(sketchPoints(sketch), sketch.count, settings);
}
