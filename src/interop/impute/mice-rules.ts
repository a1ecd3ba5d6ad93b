/**
 * The schema's rules on MICE's completed imputations. A chain draws each column from a model of the
 * others, so nothing stops it from giving a patient a relapse without a remission, a normal
 * karyotype together with t(8;21), or an age at stroke to a patient who never had one. After a
 * chain's last iteration its completed table is repaired as KNN's is (`rule-repair.ts`): a row whose
 * imputed cells break a check takes, for those cells, what the nearest donor has on record — the
 * first donor whose recorded values make the row pass. Donors are ranked by KNN's distance
 * (`encode.ts`, `nearest-donors.ts`) over the predictors as recorded, not as a chain drew them, so
 * the m imputations share one ranking, computed once per row.
 */
import type { Schema } from '../../data/schema.js';
import { isMissing, type Table } from '../../data/table.js';
import { applyDerivations } from '../../domain/derivations.js';
import { distanceCoordinates } from './encode.js';
import { nanEuclideanFrom, nearestFirst } from './nearest-donors.js';
import type { ImputationPlan } from './plan.js';
import { copiesAtRow } from './row-derivations.js';
import { type RuleRepair, repairRules } from './rule-repair.js';

export interface HeldToRules {
  table: Table;
  repairs: RuleRepair[];
}

/**
 * A function repairing one completed imputation of `table` (derived columns filled; its imputed and
 * copied columns its own arrays, written in place), derived columns recomputed after. With
 * `maxCandidates` 0 it only lists the rows that break a check.
 */
export function ruleRepairer(
  table: Table,
  schema: Schema,
  plan: ImputationPlan,
  maxCandidates: number,
): (imputation: Table) => HeldToRules {
  const imputedAt: string[][] = Array.from({ length: table.nRows }, () => []);
  for (const p of plan.imputed) {
    const column = table.column(p.name);
    for (let row = 0; row < table.nRows; row++) if (isMissing(column, row)) imputedAt[row].push(p.name);
  }
  const features = distanceCoordinates(table, plan.predictors, true);
  const nearest = new Map<number, Int32Array>();
  const candidates = (row: number) => {
    let ranked = nearest.get(row);
    if (!ranked) {
      const distances = nanEuclideanFrom(features, row, new Float64Array(table.nRows));
      ranked = nearestFirst(distances, row).slice(0, maxCandidates);
      nearest.set(row, ranked);
    }
    return ranked;
  };
  return (imputation) => {
    const repairs = repairRules(imputation, schema, {
      imputedCells: (row) => imputedAt[row],
      candidates,
      maxCandidates,
      donorValues: table,
      rederive: copiesAtRow(imputation, schema),
    });
    return { table: applyDerivations(imputation, schema), repairs };
  };
}
