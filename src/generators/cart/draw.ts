/**
 * Drawing one column for every row of a pool from the leaf each row falls into (synthpop's
 * `syn.cart`: a synthetic value is an observed value of the training rows in its leaf, chosen at
 * random), optionally restricted to what a condition allows.
 */
import type { Rng } from '../../core/rng.js';
import { allowedSlice, type Bound, withinBounds } from './bounds.js';
import type { CompiledCodeColumn, CompiledNumberColumn } from './columns.js';
import type { ClassLeaf, ValueLeaf } from './params.js';
import type { Pool } from './pool.js';
import { smoothed } from './smoothing.js';

/** What a condition leaves possible for one column. */
export type Restriction =
  | {
      readonly type: 'code';
      readonly text: string /** 1 per allowed class; the last is missing. */;
      readonly allowed: Uint8Array;
    }
  | {
      readonly type: 'number';
      readonly text: string;
      /** true: only missing; false: only observed values, from `values` when given. */
      readonly missing: boolean;
      readonly values: ReadonlySet<number> | null;
    };

/** A class index drawn in proportion to `counts`, only among `allowed` classes when given. */
function drawClass(counts: readonly number[], rng: Rng, allowed?: Uint8Array): number {
  let total = 0;
  for (let c = 0; c < counts.length; c++) if (!allowed || allowed[c]) total += counts[c];
  let u = rng.uniform() * total;
  let last = -1;
  for (let c = 0; c < counts.length; c++) {
    if ((allowed && !allowed[c]) || counts[c] === 0) continue;
    last = c;
    u -= counts[c];
    if (u < 0) return c;
  }
  return last;
}

export function drawCodes(
  column: CompiledCodeColumn,
  pool: Pool,
  rng: Rng,
  allowed?: Uint8Array,
): Int32Array {
  const missingClass = column.levels.length;
  const out = new Int32Array(pool.size);
  for (let row = 0; row < pool.size; row++) {
    const leaf: ClassLeaf = column.tree.leaves[column.tree.route(pool, row)];
    const c = drawClass(leaf.counts, rng, allowed);
    out[row] = c === missingClass ? -1 : c;
  }
  return out;
}

/** Missing share of a [observed, missing] leaf. */
export function missingShare(leaf: ClassLeaf): number {
  return leaf.counts[1] / (leaf.counts[0] + leaf.counts[1]);
}

export function drawNumbers(
  column: CompiledNumberColumn,
  pool: Pool,
  rng: Rng,
  bounds: readonly Bound[],
  restriction?: Extract<Restriction, { type: 'number' }>,
): Float64Array {
  const out = new Float64Array(pool.size).fill(Number.NaN);
  const { value, range } = column;
  if (!value || !range || restriction?.missing) return out;
  const allowedValues = restriction?.values ? new LeafValues(restriction.values) : null;
  for (let row = 0; row < pool.size; row++) {
    if (!restriction && rng.uniform() < missingShare(column.missing.leaves[column.missing.route(pool, row)]))
      continue;
    const leafIndex = value.route(pool, row);
    const leaf = value.leaves[leafIndex];
    if (allowedValues) {
      const values = allowedValues.of(leaf, leafIndex);
      if (values.length) out[row] = values[rng.int(values.length)];
    } else out[row] = drawValue(leaf, rng, range, column.integer, bounds, pool, row);
  }
  return out;
}

/** An observed value of the leaf within the row's bounds (when any is), smoothed within them. */
function drawValue(
  leaf: ValueLeaf,
  rng: Rng,
  range: readonly [number, number],
  integer: boolean,
  bounds: readonly Bound[],
  pool: Pool,
  row: number,
): number {
  if (bounds.length === 0)
    return smoothed(leaf.values[rng.int(leaf.values.length)], leaf, rng, range, integer);
  let [from, to] = allowedSlice(leaf.values, bounds, pool, row);
  if (from >= to) {
    const limit = nearestAllowed(bounds, pool, row);
    if (limit !== undefined) return limit;
    [from, to] = [0, leaf.values.length];
  }
  const value = leaf.values[from + rng.int(to - from)];
  return smoothed(value, leaf, rng, range, integer, (x) => withinBounds(x, bounds, pool, row));
}

/**
 * A leaf with no value within the row's bounds (every RFS in the leaf longer than this patient's
 * OS): the limit of a non-strict bound that meets all the bounds (RFS = OS, as for a patient who
 * never relapsed), rather than a value the pipeline would reject; undefined when there is none.
 */
function nearestAllowed(bounds: readonly Bound[], pool: Pool, row: number): number | undefined {
  for (const bound of bounds) {
    if (bound.op === '<' || bound.op === '>') continue;
    const limit = 'value' in bound.other ? bound.other.value : pool.numbers[bound.other.position]![row];
    if (!Number.isNaN(limit) && withinBounds(limit, bounds, pool, row)) return limit;
  }
  return undefined;
}

/** The values of each leaf that a condition allows, found once per leaf. */
export class LeafValues {
  private readonly cache = new Map<number, number[]>();
  constructor(private readonly allowed: ReadonlySet<number>) {}

  of(leaf: ValueLeaf, index: number): number[] {
    let values = this.cache.get(index);
    if (!values) {
      values = leaf.values.filter((v) => this.allowed.has(v));
      this.cache.set(index, values);
    }
    return values;
  }
}
