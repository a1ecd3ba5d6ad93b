/**
 * Deterministic chained equations, equal to scikit-learn's
 * `IterativeImputer(estimator=BayesianRidge(), sample_posterior=False, initial_strategy='mean',
 * imputation_order='ascending', max_iter, tol)` (impute/_iterative.py): start from column means;
 * each round, every column in ascending order of missingness (ties in column order) is regressed
 * on all the others over its observed rows, and its missing cells are replaced by the fitted means;
 * stop after the round whose largest row-wise absolute change (the ∞-norm of the change matrix) falls
 * below tol × the largest absolute observed value. Columns with no observed value are left missing.
 */
import { bayesianRidge, predictBayesianRidge } from './bayesian-ridge.js';

export interface IterativeControl {
  maxIter: number;
  tol: number;
}

export const ITERATIVE_DEFAULTS: IterativeControl = { maxIter: 10, tol: 1e-3 };

export interface IterativeResult {
  columns: Float64Array[];
  /** Rounds run. */
  nIter: number;
  converged: boolean;
  /** The change (∞-norm) after each round, against the threshold `tolerance`. */
  changes: number[];
  tolerance: number;
}

export function iterativeImpute(
  data: readonly Float64Array[],
  control: IterativeControl = ITERATIVE_DEFAULTS,
): IterativeResult {
  const p = data.length;
  const n = p ? data[0].length : 0;
  const missingRows = data.map((col) => rowsWhere(col, (v) => Number.isNaN(v)));
  const observedRows = data.map((col) => rowsWhere(col, (v) => !Number.isNaN(v)));
  const valid = data.map((_, j) => observedRows[j].length > 0);
  const filled = data.map((col, j) => {
    const out = Float64Array.from(col);
    if (!valid[j]) return out;
    const mean = observedRows[j].reduce((s, i) => s + col[i], 0) / observedRows[j].length;
    for (const i of missingRows[j]) out[i] = mean;
    return out;
  });
  const used = [...Array(p).keys()].filter((j) => valid[j]);
  let largest = 0;
  for (const j of used) for (const i of observedRows[j]) largest = Math.max(largest, Math.abs(data[j][i]));
  const tolerance = control.tol * largest;
  const changes: number[] = [];
  if (used.length < 2 || control.maxIter === 0 || used.every((j) => missingRows[j].length === 0))
    return { columns: filled, nIter: 0, converged: true, changes, tolerance };
  // Stable ascending sort by the share missing, as numpy's mergesort argsort.
  const order = [...used].sort((a, b) => missingRows[a].length - missingRows[b].length || a - b);
  const rowsWithMissing = rowsWhere(new Float64Array(n), (_, i) =>
    used.some((j) => Number.isNaN(data[j][i])),
  );
  let previous = filled.map((c) => Float64Array.from(c));
  let nIter = 0;
  let converged = false;
  for (let round = 1; round <= control.maxIter; round++) {
    nIter = round;
    for (const j of order) {
      // A complete column is fitted too in scikit-learn, but changes nothing.
      if (missingRows[j].length === 0) continue;
      const predictors = used.filter((c) => c !== j).map((c) => filled[c]);
      const fit = bayesianRidge(predictors, filled[j], observedRows[j]);
      const predicted = predictBayesianRidge(fit, predictors, missingRows[j]);
      missingRows[j].forEach((i, k) => {
        filled[j][i] = predicted[k];
      });
    }
    let change = 0;
    for (const i of rowsWithMissing) {
      let rowSum = 0;
      for (const j of used) rowSum += Math.abs(filled[j][i] - previous[j][i]);
      change = Math.max(change, rowSum);
    }
    changes.push(change);
    if (change < tolerance) {
      converged = true;
      break;
    }
    previous = filled.map((c) => Float64Array.from(c));
  }
  return { columns: filled, nIter, converged, changes, tolerance };
}

function rowsWhere(col: Float64Array, test: (v: number, i: number) => boolean): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < col.length; i++) if (test(col[i], i)) rows.push(i);
  return Int32Array.from(rows);
}
