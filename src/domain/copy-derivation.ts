/**
 * The copy form of a derived column: `{type: "derived", column, from, when}` — the column holds
 * `from`'s value on the rows meeting every `when` condition and is missing on the others. In AML
 * relapse-free survival ends at the relapse, so a relapsed patient's relapse time is his RFS time
 * (`relapse_days = rfs_days when relapse = 1`); a generator that models the two times apart breaks
 * that identity, and some of its patients relapse after their RFS has ended. Copied after sampling,
 * the identity holds by construction, as a named derivation's category does.
 */
import { conditionPredicate, describeCondition } from '../data/rules.js';
import type { Rule } from '../data/schema.js';
import { type NumberColumn, numberColumn, type Table } from '../data/table.js';

export type DerivedRule = Extract<Rule, { type: 'derived' }>;
export type CopyRule = DerivedRule & { readonly from: string };

export function isCopyRule(rule: Rule): rule is CopyRule {
  return rule.type === 'derived' && rule.from !== undefined;
}

/** The columns a copy reads: its source, then the columns its conditions test. */
export function copyInputs(rule: CopyRule): string[] {
  return [...new Set([rule.from, ...(rule.when ?? []).map((c) => c.column)])];
}

/** Whether the table holds every column the copy reads. */
export function canCopy(table: Table, rule: CopyRule): boolean {
  return copyInputs(rule).every((name) => table.has(name));
}

/** The derived column: `from`'s values where every condition holds, missing elsewhere. */
export function copiedColumn(table: Table, rule: CopyRule): NumberColumn {
  const source = table.numbers(rule.from);
  const holds = (rule.when ?? []).map((c) => conditionPredicate(table, c));
  return numberColumn(
    Float64Array.from(source, (value, row) => (holds.every((h) => h(row)) ? value : Number.NaN)),
  );
}

/** The rows of a table (0-based) whose stored column differs from the copy, in row order. */
export function copyBreaks(table: Table, rule: CopyRule): number[] {
  const stored = table.numbers(rule.column);
  const copied = copiedColumn(table, rule).values;
  const rows: number[] = [];
  for (let row = 0; row < table.nRows; row++) if (!sameValue(stored[row], copied[row])) rows.push(row);
  return rows;
}

/** Equal numbers, or both missing. */
export function sameValue(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** `relapse_days = rfs_days when relapse = 1, else missing`. */
export function describeCopy(rule: CopyRule): string {
  if (!rule.when?.length) return `${rule.column} = ${rule.from}`;
  return `${rule.column} = ${rule.from} when ${rule.when.map(describeCondition).join(' and ')}, else missing`;
}
