/**
 * Copies found in the data: a time column that, on every row, holds another time column's value
 * where a category says so and is missing elsewhere — `relapse_days = rfs_days when relapse = 1`
 * (relapse-free survival of a relapsed patient ends at the relapse). Declared as a derived column,
 * it is copied after sampling rather than modelled, so the identity holds in every synthetic row.
 *
 * Candidates are pairs of one family (`infer-rules.ts`: times of one unit, dates, ages); the
 * condition is one category column whose levels split the rows exactly into "copied" and "missing".
 * Support as for the other rules: at least `minSupport` rows with the value copied. An equality of
 * two measured times on ten or more patients is no coincidence, so no evidence threshold is needed
 * beyond at least two distinct values copied (an equal constant is a bound, not a copy).
 */
import type { Condition, Rule, Schema } from './schema.js';
import type { Table } from './table.js';

export interface FoundCopy {
  rule: Rule;
  note: string;
}

/** Columns with more levels than this are not conditions of a copy. */
const MAX_LEVELS = 12;

export function inferCopies(
  table: Table,
  schema: Schema,
  families: Iterable<readonly string[]>,
  minSupport: number,
): FoundCopy[] {
  const derived = new Set(schema.rules.flatMap((r) => (r.type === 'derived' ? [r.column] : [])));
  const conditions = conditionColumns(table, schema, derived);
  const found: FoundCopy[] = [];
  const copied = new Set<string>();
  for (const names of families)
    for (const target of names) {
      if (derived.has(target)) continue;
      for (const source of names) {
        if (source === target || copied.has(source)) continue;
        const copy = copyOf(table, target, source, conditions, minSupport, names);
        if (!copy) continue;
        found.push(copy);
        copied.add(target);
        break;
      }
    }
  return found;
}

function conditionColumns(table: Table, schema: Schema, derived: ReadonlySet<string>): string[] {
  return schema.columns
    .filter((s) => s.role !== 'id' && s.role !== 'centre' && !derived.has(s.name) && table.has(s.name))
    .filter((s) => {
      const column = table.column(s.name);
      return column.type === 'code' && column.levels.length <= MAX_LEVELS;
    })
    .map((s) => s.name);
}

function copyOf(
  table: Table,
  target: string,
  source: string,
  conditions: readonly string[],
  minSupport: number,
  family: readonly string[],
): FoundCopy | undefined {
  const t = table.numbers(target);
  const s = table.numbers(source);
  let present = 0;
  let sourceOnly = 0;
  const values = new Set<number>();
  for (let r = 0; r < t.length; r++) {
    if (Number.isNaN(t[r])) {
      if (!Number.isNaN(s[r])) sourceOnly++;
      continue;
    }
    if (t[r] !== s[r]) return undefined;
    present++;
    values.add(t[r]);
  }
  if (present < minSupport || values.size < 2) return undefined;
  if (sourceOnly === 0) {
    // Equal wherever either is known: two copies of one time; the later column is the copy.
    if (family.indexOf(target) < family.indexOf(source)) return undefined;
    return {
      rule: { type: 'derived', column: target, from: source, inferred: true },
      note: `rule ${target} = ${source}: holds in all ${table.nRows} rows (${present} with a value)`,
    };
  }
  for (const name of conditions) {
    const when = splitting(table, name, t, s);
    if (!when) continue;
    const text = when.in ? `${name} in {${when.in.join(', ')}}` : `${name} = ${when.equals}`;
    return {
      rule: { type: 'derived', column: target, from: source, when: [when], inferred: true },
      note: `rule ${target} = ${source} when ${text}, else missing: holds in all ${table.nRows} rows (${present} with a value)`,
    };
  }
  return undefined;
}

/**
 * The levels of `name` on whose rows the target equals the source (both may be missing), the target
 * being missing on every other row; undefined when no such split exists or it takes every level.
 */
function splitting(table: Table, name: string, t: Float64Array, s: Float64Array): Condition | undefined {
  const { codes, levels } = table.codes(name);
  const copied = new Set<number>();
  for (let r = 0; r < t.length; r++) if (!Number.isNaN(t[r])) copied.add(codes[r]);
  if (copied.has(-1)) return undefined;
  const held = new Set(codes);
  held.delete(-1);
  if (copied.size === held.size) return undefined;
  for (let r = 0; r < t.length; r++) {
    const inSet = copied.has(codes[r]);
    if (inSet && !(t[r] === s[r] || (Number.isNaN(t[r]) && Number.isNaN(s[r])))) return undefined;
    if (!inSet && !Number.isNaN(t[r])) return undefined;
  }
  const chosen = [...copied].sort((a, b) => a - b).map((k) => levels[k]);
  return chosen.length === 1 ? { column: name, equals: chosen[0] } : { column: name, in: chosen };
}
