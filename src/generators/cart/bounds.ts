/**
 * The schema's comparison rules as bounds on a column given the columns drawn before it, e.g.
 * `rfs_days <= os_days` with OS visited first bounds each row's RFS draw by its own OS. A value is
 * then drawn from the leaf's observed values that respect the bound, which is the leaf distribution
 * truncated to the rule; a leaf with no such value falls back to the whole leaf (the pipeline's row
 * check rejects the row). Trees alone get such rules mostly right, since the later column's tree
 * splits on the earlier one; truncation mends the rows where a leaf spans the boundary, so far
 * fewer rows are drawn only to be rejected.
 */
import type { Schema } from '../../data/schema.js';
import type { Frame } from './compiled-tree.js';

export interface Bound {
  readonly op: '<' | '<=' | '>' | '>=';
  /** Visit position of the other column, or a constant. */
  readonly other: { readonly position: number } | { readonly value: number };
}

const FLIPPED = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as const;

/** Bounds on each visit position from the rules without conditions that compare two number columns. */
export function columnBounds(
  schema: Schema,
  order: readonly string[],
  isNumber: readonly boolean[],
): Bound[][] {
  const bounds: Bound[][] = order.map(() => []);
  const at = (name: string) => order.indexOf(name);
  for (const rule of schema.rules) {
    if (rule.type !== 'compare' || rule.when?.length || rule.op === '==') continue;
    const left = at(rule.left);
    if (left < 0 || !isNumber[left]) continue;
    if (typeof rule.right === 'number') {
      bounds[left].push({ op: rule.op, other: { value: rule.right } });
      continue;
    }
    const right = at(rule.right);
    if (right < 0 || !isNumber[right]) continue;
    if (left > right) bounds[left].push({ op: rule.op, other: { position: right } });
    else bounds[right].push({ op: FLIPPED[rule.op], other: { position: left } });
  }
  return bounds;
}

/** The slice [from, to) of sorted `values` that every bound allows for this row. */
export function allowedSlice(
  values: readonly number[],
  bounds: readonly Bound[],
  frame: Frame,
  row: number,
): [number, number] {
  let from = 0;
  let to = values.length;
  for (const bound of bounds) {
    const limit = 'value' in bound.other ? bound.other.value : frame.numbers[bound.other.position]![row];
    if (Number.isNaN(limit)) continue;
    if (bound.op === '<' || bound.op === '<=') to = Math.min(to, firstAbove(values, limit, bound.op === '<'));
    else from = Math.max(from, firstAbove(values, limit, bound.op === '>='));
  }
  return [from, to];
}

/** Index of the first value > limit (or ≥ limit when `orEqual`) in sorted values. */
function firstAbove(values: readonly number[], limit: number, orEqual: boolean): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] > limit || (orEqual && values[mid] === limit)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Whether a (smoothed) value respects every bound for this row. */
export function withinBounds(value: number, bounds: readonly Bound[], frame: Frame, row: number): boolean {
  for (const bound of bounds) {
    const limit = 'value' in bound.other ? bound.other.value : frame.numbers[bound.other.position]![row];
    if (Number.isNaN(limit)) continue;
    const ok =
      bound.op === '<'
        ? value < limit
        : bound.op === '<='
          ? value <= limit
          : bound.op === '>'
            ? value > limit
            : value >= limit;
    if (!ok) return false;
  }
  return true;
}
