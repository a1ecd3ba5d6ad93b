/**
 * Comparisons between two number columns ("rfs_days <= os_days") built into the model: the smaller
 * column is modelled as its fraction of the larger, in [0, 1], and sampled as fraction × bound, so
 * the comparison holds by construction. A chain (cr_days < relapse_days <= os_days) becomes a tree:
 * each column is expressed relative to one upper bound (the one present with it most often, the
 * tighter one on a tie), bounds first; the comparisons not chosen are left to rejection.
 *
 * Only comparisons the copula would often break qualify (`MIN_BREAK_SHARE`), and only columns that
 * are never negative (so that the fraction lies in [0, 1]), and no dates
 * (a fraction of days since 1970 would carry no information; a difference would).
 */

import { detectDecimals } from '../../data/decimals.js';
import type { Rule, Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { lowerBound, type SketchSettings, sketchMarginal } from './marginal.js';
import type { RatioColumn } from './params.js';

interface Bound {
  readonly bound: string;
  readonly strict: boolean;
  /** Rows where both columns are present. */
  readonly together: number;
}

/**
 * A comparison is built in only when drawing the two columns independently (from the rows where
 * both are present) would break it in at least this share of all rows. Looser comparisons
 * (cr_days < os_days: 0.2 %) keep the column on its own scale, where the copula models it better
 * than as a fraction of a far larger bound, and cost the pipeline less than this in rejections.
 */
const MIN_BREAK_SHARE = 0.01;

export function planRatios(table: Table, schema: Schema, settings: SketchSettings): RatioColumn[] {
  const candidates = new Map<string, Bound[]>();
  for (const rule of schema.rules) {
    const pair = orderedPair(rule, table, schema);
    if (!pair) continue;
    const [column, bound, strict] = pair;
    const list = candidates.get(column) ?? [];
    if (list.some((b) => b.bound === bound)) continue;
    const [x, y] = presentPairs(table, column, bound);
    if ((breakShare(x, y, strict) * x.length) / table.nRows < MIN_BREAK_SHARE) continue;
    list.push({ bound, strict, together: x.length });
    candidates.set(column, list);
  }
  const chosen = new Map<string, Bound>();
  for (const [column, bounds] of candidates) {
    const best = [...bounds].sort(
      (a, b) => b.together - a.together || tighter(candidates, a.bound, b.bound),
    )[0];
    if (best && best.together > 0 && !boundedBy(chosen, best.bound, column)) chosen.set(column, best);
  }
  return boundsFirst(chosen).map(([column, b]) => describe(table, schema, column, b, settings));
}

/** The rule as (smaller, larger, strict) when both sides are non-negative number columns. */
function orderedPair(rule: Rule, table: Table, schema: Schema): [string, string, boolean] | undefined {
  if (rule.type !== 'compare' || typeof rule.right !== 'string' || rule.when?.length) return undefined;
  if (rule.op === '==') return undefined;
  const [small, big] = rule.op[0] === '<' ? [rule.left, rule.right] : [rule.right, rule.left];
  if (small === big || ![small, big].every((name) => qualifies(table, schema, name))) return undefined;
  return [small, big, rule.op.length === 1];
}

function qualifies(table: Table, schema: Schema, name: string): boolean {
  if (!table.has(name) || table.column(name).type !== 'number') return false;
  if (schema.columns.find((c) => c.name === name)?.kind === 'date') return false;
  return table.numbers(name).every((v) => !(v < 0));
}

/** The two columns' values on the rows where both are present. */
function presentPairs(table: Table, a: string, b: string): [Float64Array, Float64Array] {
  const [x, y] = [table.numbers(a), table.numbers(b)];
  const both = Uint32Array.from(x.keys()).filter((i) => !Number.isNaN(x[i]) && !Number.isNaN(y[i]));
  return [Float64Array.from(both, (i) => x[i]), Float64Array.from(both, (i) => y[i])];
}

/** P(X > Y) (P(X ≥ Y) when strict) for X and Y drawn independently from x and y: one sort, n log n. */
export function breakShare(x: Float64Array, y: Float64Array, strict: boolean): number {
  if (x.length === 0) return 0;
  const sorted = Float64Array.from(y).sort();
  let broken = 0;
  for (const v of x) broken += strict ? upperBound(sorted, v) : lowerBound(sorted, v);
  return broken / (x.length * sorted.length);
}

function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Negative when bound `a` is itself bounded by `b` (so a is the tighter bound). */
function tighter(candidates: ReadonlyMap<string, Bound[]>, a: string, b: string): number {
  const above = (x: string, y: string, seen = new Set<string>()): boolean =>
    (candidates.get(x) ?? []).some(
      (c) => c.bound === y || (!seen.has(c.bound) && seen.add(c.bound) && above(c.bound, y, seen)),
    );
  return above(a, b) ? -1 : above(b, a) ? 1 : 0;
}

/** Whether `column` is reachable from `start` through chosen bounds (choosing it would close a cycle). */
function boundedBy(chosen: ReadonlyMap<string, Bound>, start: string, column: string): boolean {
  for (let at: string | undefined = start, steps = 0; at !== undefined && steps <= chosen.size; steps++) {
    if (at === column) return true;
    at = chosen.get(at)?.bound;
  }
  return false;
}

function boundsFirst(chosen: ReadonlyMap<string, Bound>): Array<[string, Bound]> {
  const out: Array<[string, Bound]> = [];
  const placed = new Set<string>();
  const place = (column: string) => {
    const b = chosen.get(column);
    if (!b || placed.has(column)) return;
    placed.add(column);
    place(b.bound);
    out.push([column, b]);
  };
  for (const column of chosen.keys()) place(column);
  return out;
}

function describe(
  table: Table,
  schema: Schema,
  column: string,
  b: Bound,
  settings: SketchSettings,
): RatioColumn {
  const sorted = table
    .numbers(column)
    .filter((v) => !Number.isNaN(v))
    .sort();
  const spec = schema.columns.find((c) => c.name === column);
  const decimals =
    spec?.decimals ?? (spec?.kind === 'integer' || spec?.kind === 'date' ? 0 : detectDecimals(sorted));
  return {
    column,
    bound: b.bound,
    strict: b.strict,
    decimals,
    fallback: { type: 'number', knots: sketchMarginal(sorted, settings), decimals },
  };
}

/** column / bound where both are present, within [0, 1]; NaN where it says nothing (bound 0 or missing). */
export function fractionOf(value: number, bound: number): number {
  if (Number.isNaN(value) || !(bound > 0)) return Number.NaN;
  return Math.min(1, Math.max(0, value / bound));
}

/**
 * fraction × bound on the column's grid, kept below the bound: at most the largest grid value
 * ≤ bound (< bound when strict). With a bound of 0 and a strict rule no value qualifies: the row is
 * left to rejection.
 */
export function valueBelow(
  fraction: number,
  bound: number,
  strict: boolean,
  decimals: number | null,
): number {
  const x = fraction * bound;
  if (decimals === null) return strict && x >= bound ? bound - Math.max(Math.abs(bound), 1) * 1e-12 : x;
  const scale = 10 ** decimals;
  const limit = strict
    ? (Math.ceil(bound * scale - 1e-9) - 1) / scale
    : Math.floor(bound * scale + 1e-9) / scale;
  return Math.min(Math.round(x * scale) / scale, limit);
}
