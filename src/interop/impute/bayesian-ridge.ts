/**
 * Bayesian ridge regression with the evidence-maximising updates of the noise precision α and the
 * weight precision λ (MacKay 1992, "Bayesian interpolation"; Tipping 2001), written to give what
 * scikit-learn's `BayesianRidge` (linear_model/_bayes.py, default settings) gives: the same
 * centring, starting values, Gamma(1e-6, 1e-6) hyperpriors, update order, stopping rule and final
 * refit. scikit-learn diagonalises XᵀX through an SVD of X; here through the symmetric
 * eigendecomposition of XᵀX (src/linalg), the same matrix to rounding.
 */
import { symmetricEigen } from '../../linalg/symmetric-eigen.js';

export interface BayesianRidgeControl {
  maxIter: number;
  tol: number;
  alpha1: number;
  alpha2: number;
  lambda1: number;
  lambda2: number;
}

export const BAYESIAN_RIDGE_DEFAULTS: BayesianRidgeControl = {
  maxIter: 300,
  tol: 1e-3,
  alpha1: 1e-6,
  alpha2: 1e-6,
  lambda1: 1e-6,
  lambda2: 1e-6,
};

export interface BayesianRidgeFit {
  coef: Float64Array;
  intercept: number;
  /** Noise precision. */
  alpha: number;
  /** Weight precision. */
  lambda: number;
  nIter: number;
}

/**
 * Fits y on the columns `x` (each a Float64Array over the same rows), on the rows listed in `rows`
 * (all rows when omitted).
 */
export function bayesianRidge(
  x: readonly Float64Array[],
  y: Float64Array,
  rows?: ArrayLike<number>,
  control: BayesianRidgeControl = BAYESIAN_RIDGE_DEFAULTS,
): BayesianRidgeFit {
  const p = x.length;
  const index = rows ?? Int32Array.from({ length: y.length }, (_, i) => i);
  const n = index.length;
  // Centred copies, row-major: the intercept is recovered from the offsets at the end.
  const xOffset = new Float64Array(p);
  let yOffset = 0;
  for (let i = 0; i < n; i++) yOffset += y[index[i]];
  yOffset /= n;
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[j][index[i]];
    xOffset[j] = s / n;
  }
  const xc = new Float64Array(n * p);
  const yc = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    yc[i] = y[index[i]] - yOffset;
    for (let j = 0; j < p; j++) xc[i * p + j] = x[j][index[i]] - xOffset[j];
  }
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const row = i * p;
    for (let a = 0; a < p; a++) {
      const xa = xc[row + a];
      xty[a] += xa * yc[i];
      for (let b = 0; b <= a; b++) xtx[a * p + b] += xa * xc[row + b];
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) xtx[b * p + a] = xtx[a * p + b];
  const { values, vectors } = symmetricEigen(xtx, p);
  // Eigenvalues of XᵀX are squared singular values of X: never negative.
  const eigen = values.map((v) => Math.max(v, 0));
  // Vᵀ Xᵀy, fixed across iterations.
  const projected = vectors.map((v) => v.reduce((s, vk, k) => s + vk * xty[k], 0));

  const coefAt = (alpha: number, lambda: number) => {
    const coef = new Float64Array(p);
    for (let k = 0; k < p; k++) {
      const w = projected[k] / (eigen[k] + lambda / alpha);
      const v = vectors[k];
      for (let j = 0; j < p; j++) coef[j] += v[j] * w;
    }
    let rss = 0;
    for (let i = 0; i < n; i++) {
      let fitted = 0;
      for (let j = 0; j < p; j++) fitted += xc[i * p + j] * coef[j];
      rss += (yc[i] - fitted) ** 2;
    }
    return { coef, rss };
  };

  let variance = 0;
  for (let i = 0; i < n; i++) variance += yc[i] * yc[i];
  variance /= n;
  let alpha = 1 / (variance + Number.EPSILON);
  let lambda = 1;
  let previous: Float64Array | undefined;
  let iter = 0;
  for (; iter < control.maxIter; iter++) {
    const { coef, rss } = coefAt(alpha, lambda);
    let gamma = 0;
    for (let k = 0; k < p; k++) gamma += (alpha * eigen[k]) / (lambda + alpha * eigen[k]);
    let norm2 = 0;
    for (let j = 0; j < p; j++) norm2 += coef[j] * coef[j];
    lambda = (gamma + 2 * control.lambda1) / (norm2 + 2 * control.lambda2);
    alpha = (n - gamma + 2 * control.alpha1) / (rss + 2 * control.alpha2);
    if (
      previous &&
      coef.reduce((s, c, j) => s + Math.abs((previous as Float64Array)[j] - c), 0) < control.tol
    )
      break;
    previous = coef;
  }
  const { coef } = coefAt(alpha, lambda);
  let intercept = yOffset;
  for (let j = 0; j < p; j++) intercept -= xOffset[j] * coef[j];
  return { coef, intercept, alpha, lambda, nIter: Math.min(iter + 1, control.maxIter) };
}

/** The fitted mean at each of `rows`. */
export function predictBayesianRidge(
  fit: BayesianRidgeFit,
  x: readonly Float64Array[],
  rows: ArrayLike<number>,
): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    let v = fit.intercept;
    for (let j = 0; j < x.length; j++) v += x[j][rows[i]] * fit.coef[j];
    out[i] = v;
  }
  return out;
}
