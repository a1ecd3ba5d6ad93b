/**
 * The schema's rules after imputation. An imputed row that breaks a check (a bound, a comparison
 * such as rfs_days <= os_days, an implication) takes, for the imputed cells the broken checks read,
 * the values of one donor — the nearest candidate whose values make the row pass every check that
 * reads an imputed cell — instead of the blend; when none of `maxCandidates` does, the row keeps
 * its imputation and is reported. Checks broken by observed values alone are not ours to fix.
 */
import { compileChecks, type RowCheck } from '../../data/rules.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';

export interface RuleRepair {
  row: number;
  checks: string[];
  /** The donor row whose values were taken; undefined when none fitted (the row is reported). */
  donor?: number;
}

/**
 * `table` shares its arrays with `cells` (mutated in place); `imputedCells(row)` names the columns
 * filled on a row; `candidates(row)` lists donor rows nearest first.
 */
export function repairRules(
  table: Table,
  schema: Schema,
  imputedCells: (row: number) => readonly string[],
  candidates: (row: number) => ArrayLike<number>,
  maxCandidates: number,
): RuleRepair[] {
  const checks = compileChecks(table, schema);
  const repairs: RuleRepair[] = [];
  for (let row = 0; row < table.nRows; row++) {
    const filled = imputedCells(row);
    if (filled.length === 0) continue;
    const relevant = checks.filter((c) => c.columns.some((name) => filled.includes(name)));
    const broken = relevant.filter((c) => c.violatedAt(row));
    if (broken.length === 0) continue;
    const targets = filled.filter((name) => broken.some((c) => c.columns.includes(name)));
    const donor = firstFitting(table, row, targets, relevant, candidates(row), maxCandidates);
    repairs.push({ row, checks: broken.map((c) => c.description), donor });
  }
  return repairs;
}

function firstFitting(
  table: Table,
  row: number,
  targets: readonly string[],
  checks: readonly RowCheck[],
  candidates: ArrayLike<number>,
  maxCandidates: number,
): number | undefined {
  const saved = targets.map((name) => read(table, name, row));
  for (let c = 0; c < Math.min(candidates.length, maxCandidates); c++) {
    const donor = candidates[c];
    if (targets.some((name) => Number.isNaN(read(table, name, donor)))) continue;
    for (const name of targets) write(table, name, row, read(table, name, donor));
    if (!checks.some((check) => check.violatedAt(row))) return donor;
  }
  targets.forEach((name, t) => {
    write(table, name, row, saved[t]);
  });
  return undefined;
}

/** A cell as a number: the value, or the category code (NaN when missing). */
function read(table: Table, name: string, row: number): number {
  const column = table.column(name);
  if (column.type === 'number') return column.values[row];
  return column.codes[row] < 0 ? Number.NaN : column.codes[row];
}

function write(table: Table, name: string, row: number, value: number): void {
  const column = table.column(name);
  if (column.type === 'number') column.values[row] = value;
  else column.codes[row] = value;
}
