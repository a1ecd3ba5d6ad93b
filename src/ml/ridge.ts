/**
 * Ridge regression: minimises ‖y − b − X w‖² + l2 ‖w‖² with an unpenalised intercept, exactly
 * scikit-learn's `Ridge(alpha=l2)`. Solved in closed form on centred data through the normal
 * equations (XcᵀXc + l2 I) w = Xcᵀ yc with a Cholesky factor; b = ȳ − x̄·w.
 */
import { factorize, solve } from '../survival/cholesky.js';

export interface RidgeModel {
  readonly intercept: number;
  readonly coef: Float64Array;
  readonly l2: number;
}

export function fitRidge(
  x: Float64Array,
  n: number,
  p: number,
  y: ArrayLike<number>,
  options: { l2?: number } = {},
): RidgeModel {
  const l2 = options.l2 ?? 1;
  if (x.length !== n * p) throw new RangeError(`fitRidge: x has ${x.length} values, not ${n} × ${p}`);
  if (y.length !== n) throw new RangeError(`fitRidge: y has ${y.length} values, not ${n}`);
  if (!(l2 >= 0)) throw new RangeError(`fitRidge: l2 must be ≥ 0, got ${l2}`);
  if (n < 1) throw new RangeError('fitRidge: no rows to fit');
  const means = new Float64Array(p);
  let yMean = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y[i])) throw new RangeError(`fitRidge: y[${i}] is not finite`);
    yMean += y[i] / n;
    for (let j = 0; j < p; j++) means[j] += x[i * p + j] / n;
  }
  const gram = new Float64Array(p * p);
  const xty = new Float64Array(p);
  const centred = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) centred[j] = x[i * p + j] - means[j];
    const yc = y[i] - yMean;
    for (let j = 0; j < p; j++) {
      const cj = centred[j];
      if (cj === 0) continue;
      xty[j] += cj * yc;
      for (let k = 0; k <= j; k++) gram[j * p + k] += cj * centred[k];
    }
  }
  for (let j = 0; j < p; j++) gram[j * p + j] += l2;
  const coef = solve(factorize(gram, p, 1e-13), xty);
  let intercept = yMean;
  for (let j = 0; j < p; j++) intercept -= means[j] * coef[j];
  return { intercept, coef, l2 };
}

export function predictLinear(
  model: { intercept: number; coef: Float64Array },
  x: Float64Array,
  n: number,
  p: number,
): Float64Array {
  if (model.coef.length !== p)
    throw new RangeError(`predictLinear: model has ${model.coef.length} features, not ${p}`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = model.intercept;
    for (let j = 0; j < p; j++) v += x[i * p + j] * model.coef[j];
    out[i] = v;
  }
  return out;
}
