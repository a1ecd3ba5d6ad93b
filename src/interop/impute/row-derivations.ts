/**
 * Copied columns (`{type: "derived", from, when}`, `copy-derivation.ts`) recomputed on one row, for a
 * rule repair that tries donors' values on a table whose derived columns are filled already: a
 * relapsed patient's relapse_days is his rfs_days, and a donor that changes his relapse flag changes
 * it too. Named derivations (ELN 2022 risk) are recomputed for the whole table after the repair; no
 * check reads them.
 */
import { conditionPredicate } from '../../data/rules.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { canCopy, isCopyRule } from '../../domain/copy-derivation.js';

/**
 * `table`'s copied columns must be its own arrays (as `applyDerivations` leaves them): they are
 * written in place.
 */
export function copiesAtRow(table: Table, schema: Schema): (row: number) => void {
  const copies = schema.rules
    .filter(isCopyRule)
    .filter((rule) => canCopy(table, rule) && table.has(rule.column))
    .map((rule) => ({
      target: table.numbers(rule.column),
      source: table.numbers(rule.from),
      holds: (rule.when ?? []).map((c) => conditionPredicate(table, c)),
    }));
  return (row) => {
    // A copy of a copy settles after as many passes as there are copies, whatever their order.
    for (let pass = 0; pass < copies.length; pass++)
      for (const { target, source, holds } of copies)
        target[row] = holds.every((h) => h(row)) ? source[row] : Number.NaN;
  };
}
