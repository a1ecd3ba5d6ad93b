/**
 * Detection: can a classifier tell synthetic rows from real ones? L2 logistic regression
 * (src/ml, C = 1 as scikit-learn's default) on the encoded columns plus the squares and pairwise
 * products of the leading principal components of the real training rows: main effects alone see
 * only the marginal distributions, which a table with shuffled columns reproduces perfectly; the
 * quadratic terms see the covariance structure (a quadratic discriminant in PC space). Balanced
 * seeded subsample, stratified k-fold cross-validation; AUC is the mean over folds. The encoding
 * is fitted on both samples together, so a column missing in one table only (or a level only one
 * table has) is a feature the classifier can see, as it is to anyone reading the tables.
 * Score as SDMetrics' LogisticDetection: 2·(1 − max(AUC, ½)); a held-out AUC below ½ is noise, not
 * a classifier that separates the tables.
 */
import type { Rng } from '../../core/rng.js';
import { concatTables } from '../../data/concat.js';
import type { Table } from '../../data/table.js';
import { encodeFeatures, fitEncoder } from '../../ml/features.js';
import { fitLogisticRegression, predictProba } from '../../ml/logistic-regression.js';
import { stratifiedKFold, subsample } from '../../ml/split.js';
import { rocAuc } from '../../stats/auc.js';
import { pcaFit, pcaProject } from '../../stats/pca.js';
import { allRows } from './pca-overlap.js';
import { FIDELITY_SETTINGS } from './settings.js';
import type { DetectionReport } from './types.js';

export function detection(
  real: Table,
  synthetic: Table,
  columns: readonly string[],
  rng: Rng,
): DetectionReport {
  const each = Math.min(real.nRows, synthetic.nRows, FIDELITY_SETTINGS.detectionMaxRows);
  const realSample = real.take(subsample(allRows(real.nRows), each, rng.split('real')));
  const syntheticSample = synthetic.take(subsample(allRows(synthetic.nRows), each, rng.split('synthetic')));
  const encoding = fitEncoder(concatTables([realSample, syntheticSample]), columns, { compactBinary: true });
  const r = encodeFeatures(realSample, columns, { reference: encoding });
  const s = encodeFeatures(syntheticSample, columns, { reference: encoding });
  const p = r.p;
  const n = r.n + s.n;
  const x = new Float64Array(n * p);
  x.set(r.matrix);
  x.set(s.matrix, r.matrix.length);
  const y = Float64Array.from({ length: n }, (_, i) => (i < r.n ? 0 : 1));
  const folds = stratifiedKFold(y, FIDELITY_SETTINGS.detectionFolds, rng.split('folds'));
  const aucs = folds.map((test) => foldAuc(x, y, n, p, test));
  const auc = aucs.reduce((sum, a) => sum + a, 0) / aucs.length;
  const k = FIDELITY_SETTINGS.detectionQuadraticComponents;
  return {
    auc,
    score: Math.min(1, Math.max(0, 2 * (1 - auc))),
    model: `logistic regression (L2, C = ${1 / FIDELITY_SETTINGS.detectionL2}) on ${p} encoded columns + ${(k * (k + 1)) / 2} quadratic PC terms`,
    folds: aucs,
    features: p + (k * (k + 1)) / 2,
    rows: { real: r.n, synthetic: s.n },
  };
}

function foldAuc(x: Float64Array, y: Float64Array, n: number, p: number, test: Uint32Array): number {
  const isTest = new Uint8Array(n);
  for (const i of test) isTest[i] = 1;
  let t = 0;
  const trainRows = new Uint32Array(n - test.length);
  for (let i = 0; i < n; i++) if (!isTest[i]) trainRows[t++] = i;
  const design = withQuadraticTerms(x, y, n, p, trainRows);
  const q = design.p;
  const xTrain = rowsOf(design.matrix, q, trainRows);
  const xTest = rowsOf(design.matrix, q, test);
  const model = fitLogisticRegression(
    xTrain,
    trainRows.length,
    q,
    Array.from(trainRows, (i) => y[i]),
    {
      l2: FIDELITY_SETTINGS.detectionL2,
      // An AUC needs the ranking of the scores, not the coefficients to machine precision.
      tol: 1e-6,
    },
  );
  const scores = predictProba(model, xTest, test.length, q);
  return rocAuc(
    scores,
    Array.from(test, (i) => y[i]),
  );
}

function rowsOf(matrix: Float64Array, p: number, rows: Uint32Array): Float64Array {
  const out = new Float64Array(rows.length * p);
  for (let r = 0; r < rows.length; r++) out.set(matrix.subarray(rows[r] * p, (rows[r] + 1) * p), r * p);
  return out;
}

/**
 * The design matrix with PCᵢ·PCⱼ (i ≤ j ≤ k) appended: PCA fitted on the real training rows only,
 * each new column standardised by its mean and standard deviation over the training rows.
 */
function withQuadraticTerms(
  x: Float64Array,
  y: Float64Array,
  n: number,
  p: number,
  trainRows: Uint32Array,
): { matrix: Float64Array; p: number } {
  const realTrain = trainRows.filter((i) => y[i] === 0);
  const fit = pcaFit(
    rowsOf(x, p, realTrain),
    realTrain.length,
    p,
    FIDELITY_SETTINGS.detectionQuadraticComponents,
  );
  const k = fit.components.length;
  const scores = pcaProject(fit, x, n, k);
  const extra = (k * (k + 1)) / 2;
  const q = p + extra;
  const matrix = new Float64Array(n * q);
  for (let i = 0; i < n; i++) {
    matrix.set(x.subarray(i * p, (i + 1) * p), i * q);
    let c = p;
    for (let a = 0; a < k; a++)
      for (let b = a; b < k; b++) matrix[i * q + c++] = scores[i * k + a] * scores[i * k + b];
  }
  for (let c = p; c < q; c++) {
    let sum = 0;
    let squares = 0;
    for (const i of trainRows) sum += matrix[i * q + c];
    const mean = sum / trainRows.length;
    for (const i of trainRows) squares += (matrix[i * q + c] - mean) ** 2;
    const sd = Math.sqrt(squares / trainRows.length) || 1;
    for (let i = 0; i < n; i++) matrix[i * q + c] = (matrix[i * q + c] - mean) / sd;
  }
  return { matrix, p: q };
}
