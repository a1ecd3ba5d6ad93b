/**
 * pMSE and S_pMSE, the propensity-score utility of Woo et al. (2009) and Snoke et al. (2018, JRSS A
 * 181:663), as synthpop's utility.gen(method = "logit", maxorder = 0) computes them, so synthpop's
 * users can compare. The real (0) and synthetic (1) rows are stacked; an unpenalised logistic
 * regression on the main effects (numbers as they are, a missing number as the mean plus a 0/1
 * indicator, categories as dummies with missing as a level) gives each row's propensity p̂;
 *   pMSE = (1/N) Σ (p̂ᵢ − c)²,  c = n_syn / N,
 * and under the null of one distribution E[pMSE] = (k − 1)(1 − c)² c / N for a model with k
 * parameters, so S_pMSE = pMSE / E[pMSE] is about 1 for indistinguishable tables.
 * Aliased columns (a dummy implied by the others, a constant) are dropped in order, as R's glm
 * does, and not counted in k. synthpop's default maxorder = 1 adds every two-way interaction, which
 * for a clinical table of ~60 columns is thousands of parameters for ~1,000 rows (synthpop itself
 * then falls back to fewer, max.params = 400), so main effects it is; tools/reference/pmse.py
 * checks the numbers.
 */
import type { Rng } from '../../core/rng.js';
import { concatTables } from '../../data/concat.js';
import type { Table } from '../../data/table.js';
import { encodeFeatures } from '../../ml/features.js';
import { fitLogisticRegression, predictProba } from '../../ml/logistic-regression.js';
import { subsample } from '../../ml/split.js';
import { allRows } from './pca-overlap.js';
import { FIDELITY_SETTINGS } from './settings.js';
import type { PmseReport } from './types.js';

export function pmse(real: Table, synthetic: Table, columns: readonly string[], rng: Rng): PmseReport {
  const max = FIDELITY_SETTINGS.pmseMaxRows;
  const r = real.take(subsample(allRows(real.nRows), max, rng.split('real')));
  const s = synthetic.take(subsample(allRows(synthetic.nRows), max, rng.split('synthetic')));
  const encoded = encodeFeatures(concatTables([r, s]), columns, { compactBinary: true });
  const { matrix, p } = independentColumns(encoded.matrix, encoded.n, encoded.p);
  const n = encoded.n;
  const y = Float64Array.from({ length: n }, (_, i) => (i < r.nRows ? 0 : 1));
  const model = fitLogisticRegression(matrix, n, p, y, { l2: 0, maxIter: 200 });
  const propensity = predictProba(model, matrix, n, p);
  const c = s.nRows / n;
  let sum = 0;
  for (const v of propensity) sum += (v - c) ** 2;
  const value = sum / n;
  const k = p + 1;
  const expected = ((k - 1) * (1 - c) ** 2 * c) / n;
  return {
    pmse: value,
    sPmse: expected > 0 ? value / expected : 0,
    expected,
    model: `logistic regression, main effects (synthpop utility.gen, method "logit", maxorder 0)${model.converged ? '' : ', not converged: the tables are separable'}`,
    parameters: k,
    rows: { real: r.nRows, synthetic: s.nRows },
  };
}

/**
 * The columns of the row-major n × p matrix that are not linear combinations of the intercept and
 * the columns kept before them: modified Gram–Schmidt with R's lm tolerance (1e-7 of the norm).
 */
export function independentColumns(
  x: Float64Array,
  n: number,
  p: number,
): { matrix: Float64Array; p: number; kept: number[] } {
  const basis: Float64Array[] = [Float64Array.from({ length: n }, () => 1 / Math.sqrt(n))];
  const kept: number[] = [];
  for (let j = 0; j < p; j++) {
    const v = Float64Array.from({ length: n }, (_, i) => x[i * p + j]);
    let norm = 0;
    for (const t of v) norm += t * t;
    const original = Math.sqrt(norm);
    if (original === 0) continue;
    for (const q of basis) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += q[i] * v[i];
      for (let i = 0; i < n; i++) v[i] -= dot * q[i];
    }
    norm = 0;
    for (const t of v) norm += t * t;
    const residual = Math.sqrt(norm);
    if (residual <= 1e-7 * original) continue;
    for (let i = 0; i < n; i++) v[i] /= residual;
    basis.push(v);
    kept.push(j);
  }
  const q = kept.length;
  const matrix = new Float64Array(n * q);
  for (let i = 0; i < n; i++) for (let c = 0; c < q; c++) matrix[i * q + c] = x[i * p + kept[c]];
  return { matrix, p: q, kept };
}
