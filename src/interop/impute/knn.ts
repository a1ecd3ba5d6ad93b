/**
 * k-nearest-neighbour imputation of a cohort table. Numbers: scikit-learn's KNNImputer on the
 * distance coordinates of `encode.ts` (see `nearest-donors.ts`), the donors' weighted mean in the
 * column's own units, rounded for integer and date columns. Categories (mutations, cytogenetics,
 * booleans): the weighted majority of the same k donors, ties to the first level in the schema's
 * order. Then the schema's rules (`rule-repair.ts`: a row that breaks one takes a donor's recorded
 * values) and derived columns recomputed.
 */
import { z } from 'zod';
import type { Schema } from '../../data/schema.js';
import { type Column, codeColumn, numberColumn, type Table, Table as TableClass } from '../../data/table.js';
import { applyDerivations } from '../../domain/derivations.js';
import { distanceCoordinates } from './encode.js';
import { chooseDonors, type Donors, nanEuclideanFrom, nearestFirst, weightedMean } from './nearest-donors.js';
import { type ImputationPlan, planImputation } from './plan.js';
import { type RuleRepair, repairRules } from './rule-repair.js';

export const KnnOptions = z
  .object({
    k: z.number().int().min(1).default(5),
    weights: z.enum(['uniform', 'distance']).default('uniform'),
    /** Standardise number columns for the distance (scikit-learn leaves scaling to the user). */
    standardise: z.boolean().default(true),
    /** How many nearest candidates a rule-breaking row may try. */
    repairCandidates: z.number().int().min(1).default(50),
  })
  .strict();
export type KnnOptions = z.input<typeof KnnOptions>;

export interface KnnResult {
  table: Table;
  plan: ImputationPlan;
  /** Cells filled, per column. */
  filled: Record<string, number>;
  repairs: RuleRepair[];
}

export function knnImpute(table: Table, schema: Schema, options: KnnOptions = {}): KnnResult {
  const { k, weights, standardise, repairCandidates } = KnnOptions.parse(options);
  const plan = planImputation(table, schema);
  const features = distanceCoordinates(table, plan.predictors, standardise);
  const n = table.nRows;
  const targets = plan.imputed.map((p) => table.column(p.name));
  const outputs = targets.map((c) =>
    c.type === 'number' ? Float64Array.from(c.values) : Int32Array.from(c.codes),
  );
  const candidates = targets.map((c) => presentRows(c.type === 'number' ? c.values : c.codes));
  const filledRows = new Map<number, string[]>();
  const filled: Record<string, number> = {};
  const distances = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const missingHere = plan.imputed.flatMap((_p, j) => (isNaNCell(targets[j], r) ? [j] : []));
    if (missingHere.length === 0) continue;
    nanEuclideanFrom(features, r, distances);
    for (const j of missingHere) {
      const planned = plan.imputed[j];
      const donors = chooseDonors(distances, candidates[j], k, weights);
      const column = targets[j];
      const value =
        column.type === 'number'
          ? donors
            ? weightedMean(column.values, donors)
            : meanOf(column.values, candidates[j])
          : vote(column.codes, column.levels.length, donors ?? everyone(candidates[j]));
      outputs[j][r] = planned.integer ? Math.round(value) : value;
      filled[planned.name] = (filled[planned.name] ?? 0) + 1;
      filledRows.set(r, [...(filledRows.get(r) ?? []), planned.name]);
    }
  }
  const replaced = new Map(
    plan.imputed.map((p, j) => {
      const column = targets[j];
      return [
        p.name,
        column.type === 'number'
          ? numberColumn(outputs[j] as Float64Array)
          : codeColumn(outputs[j] as Int32Array, column.levels),
      ] as const;
    }),
  );
  const working = new TableClass(
    table.columns().map(([name, c]) => [name, replaced.get(name) ?? c] as const),
  );
  const repairs = repairRules(working, schema, {
    imputedCells: (row) => filledRows.get(row) ?? [],
    candidates: (row) => nearestFirst(nanEuclideanFrom(features, row, new Float64Array(n)), row),
    maxCandidates: repairCandidates,
    donorValues: table,
  });
  return { table: applyDerivations(working, schema), plan, filled, repairs };
}

/** Weighted majority; ties to the lowest code (the schema's first level). */
function vote(codes: Int32Array, nLevels: number, donors: Donors): number {
  const tally = new Float64Array(nLevels);
  for (let t = 0; t < donors.rows.length; t++) tally[codes[donors.rows[t]]] += donors.weights[t];
  let best = 0;
  for (let l = 1; l < nLevels; l++) if (tally[l] > tally[best]) best = l;
  return best;
}

function everyone(rows: Int32Array): Donors {
  return { rows, weights: new Float64Array(rows.length).fill(1) };
}

function meanOf(values: Float64Array, rows: Int32Array): number {
  let s = 0;
  for (const i of rows) s += values[i];
  return s / rows.length;
}

function isNaNCell(column: Column, row: number): boolean {
  return column.type === 'number' ? Number.isNaN(column.values[row]) : column.codes[row] < 0;
}

function presentRows(values: Float64Array | Int32Array): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < values.length; i++)
    if (values instanceof Float64Array ? !Number.isNaN(values[i]) : values[i] >= 0) rows.push(i);
  return Int32Array.from(rows);
}
