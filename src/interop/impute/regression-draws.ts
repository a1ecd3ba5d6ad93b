/**
 * Posterior draws of regression parameters for multiple imputation, after van Buuren's mice
 * (Stef van Buuren, Flexible Imputation of Missing Data, 2nd ed. 2018, §3.2 and §3.4):
 *  - `normDraw`: Bayesian linear regression (mice's `.norm.draw`, ridge 1e-5 × diag(XᵀX)):
 *    σ*² = RSS / χ²(n − q), β* = β̂ + σ*·V^{1/2}·z with V = (XᵀX + ridge)⁻¹;
 *  - `logisticDraw`: a logistic regression fitted by iteratively reweighted least squares (with a
 *    small ridge so that separation gives large finite coefficients, not divergence), then
 *    β* ~ N(β̂, (XᵀWX + ridge)⁻¹) (mice's `logreg`).
 * The design `x` covers all rows, its first column all ones (`design.ts`); fits read `rows` only.
 * V^{1/2} is the inverse of the LDLᵀ factor, as mice's Cholesky factor.
 */
import type { Rng } from '../../core/rng.js';
import { factorize, solve } from '../../survival/cholesky.js';
import { type Design, linearPredictor } from './design.js';

export interface Draw {
  /** The fitted coefficients. */
  coef: Float64Array;
  /** One draw from their posterior. */
  draw: Float64Array;
}

const RIDGE = 1e-5;

/** XᵀWX over `rows` (weights in the order of `rows`), from the non-zero entries of each row. */
function crossProducts(x: Design, rows: ArrayLike<number>, weight?: Float64Array) {
  const { q, start, index, value } = x;
  const xtx = new Float64Array(q * q);
  for (let r = 0; r < rows.length; r++) {
    const w = weight ? weight[r] : 1;
    const first = start[rows[r]];
    const end = start[rows[r] + 1];
    for (let ka = first; ka < end; ka++) {
      const xa = value[ka] * w;
      const row = index[ka] * q;
      for (let kb = first; kb <= ka; kb++) xtx[row + index[kb]] += xa * value[kb];
    }
  }
  for (let a = 0; a < q; a++) for (let b = 0; b < a; b++) xtx[b * q + a] = xtx[a * q + b];
  return xtx;
}

/**
 * (A + ridge·diag(A))⁻¹ b, and a function multiplying standard normals into draws with covariance
 * (A + ridge·diag(A))⁻¹: with A = L·D·Lᵀ, x = L⁻ᵀ·D^{-1/2}·z. The factorisation drops a pivot of a
 * collinear design (survival/cholesky.ts) instead of failing; its coefficient stays 0.
 */
function penalisedSolver(a: Float64Array, q: number) {
  const m = Float64Array.from(a);
  for (let k = 0; k < q; k++) m[k * q + k] += Math.max(RIDGE * a[k * q + k], 1e-12);
  const f = factorize(m, q, 1e-10);
  const rootTimes = (z: ArrayLike<number>) => {
    const x = new Float64Array(q);
    for (let i = q - 1; i >= 0; i--) {
      const d = f.ldl[i * q + i];
      if (d === 0) continue;
      let v = z[i] / Math.sqrt(d);
      for (let j = i + 1; j < q; j++) v -= f.ldl[j * q + i] * x[j];
      x[i] = v;
    }
    return x;
  };
  return { solve: (b: ArrayLike<number>) => solve(f, b), rootTimes };
}

export function normDraw(x: Design, y: Float64Array, rows: ArrayLike<number>, rng: Rng): Draw {
  const { q, start, index, value } = x;
  const { solve, rootTimes } = penalisedSolver(crossProducts(x, rows), q);
  const xty = new Float64Array(q);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r];
    for (let k = start[i]; k < start[i + 1]; k++) xty[index[k]] += value[k] * y[i];
  }
  const coef = solve(xty);
  let rss = 0;
  for (let r = 0; r < rows.length; r++) rss += (y[rows[r]] - linearPredictor(x, coef, rows[r])) ** 2;
  const df = Math.max(rows.length - q, 1);
  const sigma = Math.sqrt(rss / (2 * rng.gamma(df / 2)));
  const step = rootTimes(Array.from({ length: q }, () => rng.normal()));
  return { coef, draw: coef.map((c, j) => c + sigma * step[j]) };
}

/** y holds 0/1 on `rows`. */
export function logisticDraw(x: Design, y: ArrayLike<number>, rows: ArrayLike<number>, rng: Rng): Draw {
  const { q, start, index, value } = x;
  let beta = new Float64Array(q);
  const weight = new Float64Array(rows.length);
  const score = new Float64Array(q);
  // A step returns its factor: the draw's covariance is the inverse information at the β the last step started from.
  const newtonStep = () => {
    score.fill(0);
    for (let r = 0; r < rows.length; r++) {
      const i = rows[r];
      const p = 1 / (1 + Math.exp(-linearPredictor(x, beta, i)));
      weight[r] = Math.max(p * (1 - p), 1e-10);
      for (let k = start[i]; k < start[i + 1]; k++) score[index[k]] += value[k] * (y[i] - p);
    }
    const solver = penalisedSolver(crossProducts(x, rows, weight), q);
    const step = solver.solve(score);
    beta = beta.map((b, j) => b + step[j]);
    return { solver, converged: step.reduce((s, v) => s + Math.abs(v), 0) < 1e-6 };
  };
  let { solver, converged } = newtonStep();
  for (let iter = 1; iter < 15 && !converged; iter++) ({ solver, converged } = newtonStep());
  const noise = solver.rootTimes(Array.from({ length: q }, () => rng.normal()));
  return { coef: beta, draw: beta.map((b, j) => b + noise[j]) };
}
