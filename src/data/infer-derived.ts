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
import type { RuleCountsView } from './rule-counts.js';
import type { Condition, Rule, Schema } from './schema.js';

export interface FoundCopy {
  rule: Rule;
  note: string;
}

/**
 * The copies the counts show (`rule-counts.ts`: per pair of one family, rows with the target, rows
 * where it differs from the source, rows with the source only, and the same per level of each
 * discrete column). "At least two distinct values" is read as a variance above 0 of the values
 * rounded to whole units: values closer than one unit count as one.
 */
export function inferCopies(view: RuleCountsView, schema: Schema, minSupport: number): FoundCopy[] {
  const derived = new Set(schema.rules.flatMap((r) => (r.type === 'derived' ? [r.column] : [])));
  const found: FoundCopy[] = [];
  const copied = new Set<string>();
  for (const names of view.layout.families)
    for (const target of names) {
      if (derived.has(target)) continue;
      for (const source of names) {
        if (source === target || copied.has(source)) continue;
        const copy = copyOf(view, target, source, minSupport, names);
        if (!copy) continue;
        found.push(copy);
        copied.add(target);
        break;
      }
    }
  return found;
}

function copyOf(
  view: RuleCountsView,
  target: string,
  source: string,
  minSupport: number,
  family: readonly string[],
): FoundCopy | undefined {
  const { present, differs, sourceOnly } = view.copy(target, source);
  if (differs > 0) return undefined;
  if (present < minSupport || !view.varies(target)) return undefined;
  if (sourceOnly === 0) {
    // Equal wherever either is known: two copies of one time; the later column is the copy.
    if (family.indexOf(target) < family.indexOf(source)) return undefined;
    return {
      rule: { type: 'derived', column: target, from: source, inferred: true },
      note: `rule ${target} = ${source}: holds in all ${view.rows} rows (${present} with a value)`,
    };
  }
  // Conditions: the discrete columns (category columns, not identifiers, centres or derived).
  for (let d = 0; d < view.layout.discrete.length; d++) {
    const when = splitting(view, target, source, d);
    if (!when) continue;
    const name = view.layout.discrete[d].name;
    const text = when.in ? `${name} in {${when.in.join(', ')}}` : `${name} = ${when.equals}`;
    return {
      rule: { type: 'derived', column: target, from: source, when: [when], inferred: true },
      note: `rule ${target} = ${source} when ${text}, else missing: holds in all ${view.rows} rows (${present} with a value)`,
    };
  }
  return undefined;
}

/**
 * The levels of discrete column d on whose rows the target equals the source (both may be
 * missing), the target being missing on every other row; undefined when no such split exists or it
 * takes every level the rows hold.
 */
function splitting(view: RuleCountsView, target: string, source: string, d: number): Condition | undefined {
  const { name, labels } = view.layout.discrete[d];
  const byLevel = view.copyBy(target, source, d);
  if (byLevel[labels.length].withTarget > 0) return undefined;
  const copied = labels.flatMap((_, k) => (byLevel[k].withTarget > 0 ? [k] : []));
  const held = labels.filter((_, k) => view.level(d, k) > 0).length;
  if (copied.length === held) return undefined;
  // On the copied levels the target is missing only where the source is.
  if (copied.some((k) => byLevel[k].sourceOnly > 0)) return undefined;
  const chosen = copied.map((k) => labels[k]);
  return chosen.length === 1 ? { column: name, equals: chosen[0] } : { column: name, in: chosen };
}
