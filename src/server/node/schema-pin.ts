/**
 * A node with a schema of its own answers only jobs whose schema describes the columns the job reads
 * as the node's does. A job's parameters are the coordinator's, and the schema decides what a site
 * measures: declare the identifier a feature, a free-text column categorical with a guessed value as
 * its only level, or a lab's bounds a hair apart around a guessed value, and the pooled counts of the
 * secure sum say whether that value is in the consortium. The node's schema is the consortium's
 * agreement as the hospital accepted it; a job that differs from it, column by column, is declined.
 *
 * Compared per column the job names: present in the node's schema, the same kind and role, the same
 * categories (as a set: their order is presentation) and the same bounds. Rules, units, decimals,
 * descriptions and endpoints may differ (a rules job adds rules; a unit is a label). A job may read
 * fewer columns than the node declares (a selected schema).
 */
import type { ColumnSpec, Schema } from '../../data/schema.js';

/** Why the job's schema differs from the node's, naming the first column that does; undefined when it agrees. */
export function schemaMismatch(node: Schema, job: Schema): string | undefined {
  const own = new Map(node.columns.map((c) => [c.name, c]));
  for (const column of job.columns) {
    const mine = own.get(column.name);
    if (!mine) return `column '${column.name}' is not in this node's schema`;
    const differs = difference(mine, column);
    if (differs) return `column '${column.name}': ${differs}`;
  }
  return undefined;
}

function difference(mine: ColumnSpec, theirs: ColumnSpec): string | undefined {
  if (mine.kind !== theirs.kind) return `the job says ${theirs.kind}, this node's schema ${mine.kind}`;
  if (mine.role !== theirs.role) return `the job's role is ${theirs.role}, this node's ${mine.role}`;
  if (!sameSet(mine.categories, theirs.categories))
    return "the job's categories are not this node's schema's";
  if (String(mine.min) !== String(theirs.min) || String(mine.max) !== String(theirs.max))
    return `the job's bounds [${theirs.min ?? ''}, ${theirs.max ?? ''}] are not this node's [${mine.min ?? ''}, ${mine.max ?? ''}]`;
  return undefined;
}

function sameSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((x) => set.has(x));
}
