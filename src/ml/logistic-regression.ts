/**
 * L2-penalised logistic regression by Newton's method (iteratively reweighted least squares) with a
 * backtracking line search. It minimises scikit-learn's objective
 *
 *   Σᵢ [log(1 + exp(ηᵢ)) − yᵢ ηᵢ] + (l2 / 2) ‖w‖²,   ηᵢ = b + xᵢ·w,
 *
 * so `l2 = 1 / C` reproduces `LogisticRegression(C=C, solver='lbfgs')` (the intercept b is not
 * penalised, as there). Newton converges quadratically, so the answer is the exact minimiser to
 * machine precision, which is what the reference test compares against. The cost per iteration is
 * O(n p²) for the Hessian plus O(p³) for its Cholesky factor: fine for the tens to low hundreds of
 * encoded features that tabular clinical data gives.
 */
import { factorize, solve } from '../survival/cholesky.js';

export interface LogisticRegressionOptions {
  /** Penalty on the coefficients (not the intercept); 1 / C in scikit-learn terms. Default 1. */
  l2?: number;
  maxIter?: number;
  /** Converged when the largest Newton step is below tol · (1 + largest |parameter|). */
  tol?: number;
  /** Optional non-negative weight per row (scikit-learn's `sample_weight`). */
  weights?: ArrayLike<number>;
}

export interface LogisticModel {
  readonly intercept: number;
  readonly coef: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
  readonly l2: number;
}

export function fitLogisticRegression(
  x: Float64Array,
  n: number,
  p: number,
  y: ArrayLike<number>,
  options: LogisticRegressionOptions = {},
): LogisticModel {
  const { l2 = 1, maxIter = 100, tol = 1e-10, weights } = options;
  checkInput(x, n, p, y, l2);
  const q = p + 1;
  const theta = new Float64Array(q); // [intercept, coef…]
  const eta = new Float64Array(n);
  let value = objective(x, n, p, y, weights, l2, theta, eta);
  let converged = false;
  let iterations = 0;
  while (iterations < maxIter && !converged) {
    iterations++;
    const { gradient, hessian } = derivatives(x, n, p, y, weights, l2, theta, eta);
    const step = solve(factorize(hessian, q, 1e-13), gradient);
    let scale = 1;
    const trial = new Float64Array(q);
    let trialValue = Number.POSITIVE_INFINITY;
    let slope = 0;
    for (let j = 0; j < q; j++) slope += gradient[j] * step[j];
    for (let halvings = 0; halvings < 40; halvings++) {
      for (let j = 0; j < q; j++) trial[j] = theta[j] - scale * step[j];
      trialValue = objective(x, n, p, y, weights, l2, trial, eta);
      if (trialValue <= value - 1e-4 * scale * slope || trialValue <= value) break;
      scale /= 2;
    }
    let largestStep = 0;
    let largestParam = 0;
    for (let j = 0; j < q; j++) {
      largestStep = Math.max(largestStep, Math.abs(theta[j] - trial[j]));
      largestParam = Math.max(largestParam, Math.abs(trial[j]));
    }
    if (trialValue <= value) {
      theta.set(trial);
      value = trialValue;
    } else {
      objective(x, n, p, y, weights, l2, theta, eta); // restore η for the next pass
    }
    converged = largestStep <= tol * (1 + largestParam);
  }
  return { intercept: theta[0], coef: theta.slice(1), iterations, converged, l2 };
}

/** P(y = 1 | x) for each of the n rows of the row-major matrix x. */
export function predictProba(model: LogisticModel, x: Float64Array, n: number, p: number): Float64Array {
  if (model.coef.length !== p)
    throw new RangeError(`predictProba: model has ${model.coef.length} features, not ${p}`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = model.intercept;
    const row = i * p;
    for (let j = 0; j < p; j++) eta += x[row + j] * model.coef[j];
    out[i] = sigmoid(eta);
  }
  return out;
}

function objective(
  x: Float64Array,
  n: number,
  p: number,
  y: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
  l2: number,
  theta: Float64Array,
  eta: Float64Array,
): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    let e = theta[0];
    const row = i * p;
    for (let j = 0; j < p; j++) e += x[row + j] * theta[j + 1];
    eta[i] = e;
    const w = weights ? weights[i] : 1;
    total += w * (softplus(e) - y[i] * e);
  }
  let penalty = 0;
  for (let j = 1; j <= p; j++) penalty += theta[j] * theta[j];
  return total + 0.5 * l2 * penalty;
}

function derivatives(
  x: Float64Array,
  n: number,
  p: number,
  y: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
  l2: number,
  theta: Float64Array,
  eta: Float64Array,
): { gradient: Float64Array; hessian: Float64Array } {
  const q = p + 1;
  const gradient = new Float64Array(q);
  const hessian = new Float64Array(q * q);
  const row1 = new Float64Array(q);
  row1[0] = 1;
  for (let i = 0; i < n; i++) {
    const mu = sigmoid(eta[i]);
    const w = weights ? weights[i] : 1;
    const r = w * (mu - y[i]);
    const h = w * mu * (1 - mu);
    const base = i * p;
    for (let j = 0; j < p; j++) row1[j + 1] = x[base + j];
    for (let j = 0; j < q; j++) {
      const xj = row1[j];
      if (xj === 0) continue;
      gradient[j] += r * xj;
      const hx = h * xj;
      const at = j * q;
      for (let k = 0; k <= j; k++) hessian[at + k] += hx * row1[k];
    }
  }
  for (let j = 1; j < q; j++) {
    gradient[j] += l2 * theta[j];
    hessian[j * q + j] += l2;
  }
  return { gradient, hessian };
}

function sigmoid(eta: number): number {
  if (eta >= 0) return 1 / (1 + Math.exp(-eta));
  const e = Math.exp(eta);
  return e / (1 + e);
}

function softplus(eta: number): number {
  return eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
}

function checkInput(x: Float64Array, n: number, p: number, y: ArrayLike<number>, l2: number): void {
  if (x.length !== n * p)
    throw new RangeError(`fitLogisticRegression: x has ${x.length} values, not ${n} × ${p}`);
  if (y.length !== n) throw new RangeError(`fitLogisticRegression: y has ${y.length} values, not ${n}`);
  if (!(l2 >= 0)) throw new RangeError(`fitLogisticRegression: l2 must be ≥ 0, got ${l2}`);
  for (let i = 0; i < n; i++)
    if (y[i] !== 0 && y[i] !== 1)
      throw new RangeError(`fitLogisticRegression: y[${i}] = ${y[i]} is not 0 or 1`);
  for (let i = 0; i < x.length; i++)
    if (!Number.isFinite(x[i]))
      throw new RangeError(`fitLogisticRegression: x[${i}] = ${x[i]} is not finite`);
}
