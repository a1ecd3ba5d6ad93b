/**
 * The schema's rules after imputation. An imputed row that breaks a check (a bound, a comparison
 * such as rfs_days <= os_days, an implication) takes, for the imputed cells the broken checks read,
 * the values of one donor — the nearest candidate whose values make the row pass every check that
 * reads an imputed cell — instead of its imputation; when none of `maxCandidates` does, the row
 * keeps its imputation and is reported. A donor's missing value is taken too when the row passes
 * with it: the cell the rules want empty. Checks broken by observed values alone are not ours to fix.
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

export interface RepairSource {
  /** The columns filled on a row. */
  imputedCells(row: number): readonly string[];
  /** Donor rows, nearest first. */
  candidates(row: number): ArrayLike<number>;
  /** How many of them a row may try; 0 lists the rows that break a check without repairing them. */
  maxCandidates: number;
  /**
   * Where a donor's values are read: by default the table being repaired; KNN and MICE give it as
   * recorded, so that a donor gives a real patient's values, and a cell the rules want empty (a
   * stroke age without a stroke) can come from a patient who has none. A missing value is taken
   * when the row then passes every check (a non-nullable column's check refuses it).
   */
  donorValues?: Table;
  /**
   * Recomputes a row's derived cells after its imputed cells changed, when the table holds derived
   * columns already (a copy such as relapse_days = rfs_days when relapse = 1 must follow its inputs,
   * or a check reading it judges a donor by the row's former values).
   */
  rederive?(row: number): void;
}

/** Repairs `table` in place: its imputed cells' arrays are written. */
export function repairRules(table: Table, schema: Schema, source: RepairSource): RuleRepair[] {
  const { imputedCells, candidates, maxCandidates } = source;
  const donors = source.donorValues ?? table;
  const rederive = source.rederive ?? (() => {});
  const checks = compileChecks(table, schema);
  const repairs: RuleRepair[] = [];
  for (let row = 0; row < table.nRows; row++) {
    const filled = imputedCells(row);
    if (filled.length === 0) continue;
    const relevant = checks.filter((c) => c.columns.some((name) => filled.includes(name)));
    const broken = relevant.filter((c) => c.violatedAt(row));
    if (broken.length === 0) continue;
    const targets = filled.filter((name) => broken.some((c) => c.columns.includes(name)));
    const donor =
      maxCandidates > 0
        ? firstFitting(table, donors, row, targets, relevant, candidates(row), maxCandidates, rederive)
        : undefined;
    repairs.push({ row, checks: broken.map((c) => c.description), donor });
  }
  return repairs;
}

function firstFitting(
  table: Table,
  donors: Table,
  row: number,
  targets: readonly string[],
  checks: readonly RowCheck[],
  candidates: ArrayLike<number>,
  maxCandidates: number,
  rederive: (row: number) => void,
): number | undefined {
  const saved = targets.map((name) => read(table, name, row));
  for (let c = 0; c < Math.min(candidates.length, maxCandidates); c++) {
    const donor = candidates[c];
    for (const name of targets) write(table, name, row, read(donors, name, donor));
    rederive(row);
    if (!checks.some((check) => check.violatedAt(row))) return donor;
  }
  targets.forEach((name, t) => {
    write(table, name, row, saved[t]);
  });
  rederive(row);
  return undefined;
}

/** A cell as a number: the value, or the category code (NaN when missing). */
function read(table: Table, name: string, row: number): number {
  const column = table.column(name);
  if (column.type === 'number') return column.values[row];
  return column.codes[row] < 0 ? Number.NaN : column.codes[row];
}

/** The inverse of `read`: NaN writes a missing code (an Int32Array would store it as 0). */
function write(table: Table, name: string, row: number, value: number): void {
  const column = table.column(name);
  if (column.type === 'number') column.values[row] = value;
  else column.codes[row] = Number.isNaN(value) ? -1 : value;
}
