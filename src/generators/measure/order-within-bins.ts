/**
 * Times (or any numbers) the schema orders, such as rfs_days ≤ os_days, drawn consistently within a
 * shared bin. The model decides the bins; within one bin each value is drawn uniformly and
 * independently, so two ordered columns that land in the same bin break their rule half the time,
 * and the pipeline would reject those rows — biasing survival towards rows whose times fall in
 * different bins. Two independent uniforms on one interval, put in order, are exactly the two
 * uniforms conditioned on that order, so ordering them instead of rejecting keeps the within-bin
 * distribution right. Only declared comparisons between two columns with the same bin edges and no
 * `when` are used; for chains of them, repeated passes sort the chain; whatever still breaks a rule
 * (different bins, ties of whole numbers) is left to the pipeline's rejection.
 */
import type { Schema } from '../../data/schema.js';
import { numberColumn, type Table } from '../../data/table.js';
import { binOf } from './bins.js';
import type { BinnedAttribute, Domain } from './domain.js';

interface Ordering {
  readonly low: string;
  readonly high: string;
  readonly attribute: BinnedAttribute;
}

export function orderWithinBins(table: Table, schema: Schema, domain: Domain): Table {
  const orderings = orderingsOf(schema, domain);
  if (orderings.length === 0) return table;
  const values = new Map<string, Float64Array>();
  for (const { low, high } of orderings)
    for (const name of [low, high])
      if (!values.has(name)) values.set(name, Float64Array.from(table.numbers(name)));
  for (let pass = 0; pass < orderings.length; pass++) {
    let swapped = false;
    for (const { low, high, attribute } of orderings) {
      const a = values.get(low)!;
      const b = values.get(high)!;
      for (let row = 0; row < a.length; row++) {
        if (!(a[row] > b[row])) continue; // also skips missing values
        if (binOf(a[row], attribute.bins) !== binOf(b[row], attribute.bins)) continue;
        [a[row], b[row]] = [b[row], a[row]];
        swapped = true;
      }
    }
    if (!swapped) break;
  }
  let result = table;
  for (const [name, column] of values) result = result.withColumn(name, numberColumn(column));
  return result;
}

function orderingsOf(schema: Schema, domain: Domain): Ordering[] {
  const binned = new Map(
    domain.attributes.flatMap((a) => (a.type === 'binned' ? [[a.name, a] as const] : [])),
  );
  return schema.rules.flatMap((rule): Ordering[] => {
    if (rule.type !== 'compare' || rule.when || rule.inferred || typeof rule.right !== 'string') return [];
    if (rule.op === '==') return [];
    const left = binned.get(rule.left);
    const right = binned.get(rule.right);
    if (!left || !right || left.bins.edges.join() !== right.bins.edges.join()) return [];
    const lowFirst = rule.op === '<' || rule.op === '<=';
    return [
      { low: lowFirst ? rule.left : rule.right, high: lowFirst ? rule.right : rule.left, attribute: left },
    ];
  });
}
