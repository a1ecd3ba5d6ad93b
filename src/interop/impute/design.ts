/**
 * The design of one chained-equation model: an intercept, then every predictor but the target — a
 * number as itself, a category as indicators of its levels 1..L−1 (level 0 left out). Stored by row
 * as its non-zero entries (CSR): a row of the AML cohort has ~15 non-zeros among ~65 columns (most
 * flags are 0), and the cross-products, scores and linear predictors of the draws only need those.
 * Skipping a zero term leaves every sum exactly as the dense loop gives it (adding ±0 to a finite sum
 * changes nothing), so draws are bit for bit those of the dense design.
 */
import type { PlannedColumn } from './plan.js';

export interface Design {
  /** Rows. */
  readonly n: number;
  /** Columns, the intercept included. */
  readonly q: number;
  /** Row i's entries are `index`/`value` from start[i] to start[i + 1], in column order. */
  readonly start: Int32Array;
  readonly index: Int32Array;
  readonly value: Float64Array;
}

/**
 * The design for imputing predictor `target` from the others' current values `state` (a category as
 * its code). `levels[c]` is category c's level count (its largest observed code + 1), fixed for the
 * whole run: imputed codes are drawn below it and observed cells never change.
 */
export function chainedDesign(
  predictors: readonly PlannedColumn[],
  state: readonly Float64Array[],
  levels: Int32Array,
  target: number,
): Design {
  const n = state[target].length;
  const offset = new Int32Array(predictors.length);
  let q = 1;
  predictors.forEach((p, c) => {
    offset[c] = q;
    if (c !== target) q += p.type === 'number' ? 1 : Math.max(levels[c] - 1, 0);
  });
  const start = new Int32Array(n + 1);
  // At most the intercept and one entry per predictor on a row.
  const index = new Int32Array(n * predictors.length);
  const value = new Float64Array(n * predictors.length);
  let at = 0;
  for (let i = 0; i < n; i++) {
    index[at] = 0;
    value[at++] = 1;
    for (let c = 0; c < predictors.length; c++) {
      if (c === target) continue;
      const v = state[c][i];
      if (predictors[c].type === 'number') {
        if (v === 0) continue;
        index[at] = offset[c];
        value[at++] = v;
      } else if (v >= 1) {
        index[at] = offset[c] + v - 1;
        value[at++] = 1;
      }
    }
    start[i + 1] = at;
  }
  return { n, q, start, index: index.subarray(0, at), value: value.subarray(0, at) };
}

/** x_row · β. */
export function linearPredictor(design: Design, beta: Float64Array, row: number): number {
  let s = 0;
  for (let k = design.start[row]; k < design.start[row + 1]; k++)
    s += design.value[k] * beta[design.index[k]];
  return s;
}
