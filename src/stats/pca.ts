/**
 * Principal component analysis of standardised data, as scikit-learn's
 * `PCA().fit(StandardScaler().fit_transform(X))`: columns centred and divided by their standard
 * deviation (ddof 0; a constant column keeps scale 1, as StandardScaler does), then the
 * eigen-decomposition of the covariance matrix (ddof 1). Components are unit vectors, defined up to
 * sign (here: the largest loading is positive). Rows must be complete (no NaN).
 */
import { StatisticsError } from '../core/errors.js';
import { symmetricEigen } from '../linalg/symmetric-eigen.js';

export interface PcaFit {
  /** Column means and scales of the training data. */
  mean: Float64Array;
  scale: Float64Array;
  /** components[k] is the k-th principal axis (length p). */
  components: Float64Array[];
  explainedVariance: Float64Array;
  explainedVarianceRatio: Float64Array;
}

/** `data` is n × p row-major. Keeps the first `k` components (all by default). */
export function pcaFit(data: Float64Array, n: number, p: number, k = p): PcaFit {
  if (n < 2) throw new StatisticsError(`PCA needs at least 2 rows, got ${n}`);
  if (data.length !== n * p) throw new StatisticsError('PCA: data is not n × p');
  const mean = new Float64Array(p);
  const scale = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j] += data[i * p + j];
  for (let j = 0; j < p; j++) mean[j] /= n;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < p; j++) {
      const d = data[i * p + j] - mean[j];
      scale[j] += d * d;
    }
  for (let j = 0; j < p; j++) scale[j] = Math.sqrt(scale[j] / n) || 1;
  const covariance = new Float64Array(p * p);
  const row = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) row[j] = (data[i * p + j] - mean[j]) / scale[j];
    for (let a = 0; a < p; a++) {
      const ra = row[a];
      if (ra === 0) continue;
      for (let b = a; b < p; b++) covariance[a * p + b] += ra * row[b];
    }
  }
  for (let a = 0; a < p; a++)
    for (let b = a; b < p; b++) {
      covariance[a * p + b] /= n - 1;
      covariance[b * p + a] = covariance[a * p + b];
    }
  const { values, vectors } = symmetricEigen(covariance, p);
  let total = 0;
  for (const v of values) total += Math.max(v, 0);
  const keep = Math.min(k, p);
  const explainedVariance = Float64Array.from(values.subarray(0, keep), (v) => Math.max(v, 0));
  return {
    mean,
    scale,
    components: vectors.slice(0, keep),
    explainedVariance,
    explainedVarianceRatio: explainedVariance.map((v) => (total > 0 ? v / total : 0)),
  };
}

/** Scores of rows (n × p row-major) on the first `k` components of a fit: an n × k row-major array. */
export function pcaProject(
  fit: PcaFit,
  data: Float64Array,
  n: number,
  k = fit.components.length,
): Float64Array {
  const p = fit.mean.length;
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < k; c++) {
      const axis = fit.components[c];
      let s = 0;
      for (let j = 0; j < p; j++) s += ((data[i * p + j] - fit.mean[j]) / fit.scale[j]) * axis[j];
      out[i * k + c] = s;
    }
  return out;
}
