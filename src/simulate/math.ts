/**
 * Small numeric helpers shared by the simulators: logistic link, Cholesky factor of a correlation
 * matrix, the Pearson correlation of normal scores that gives a wanted Spearman correlation, and
 * inversion of a piecewise-constant hazard.
 */
import type { Rng } from '../core/rng.js';

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function logit(p: number): number {
  return Math.log(p / (1 - p));
}

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(Math.max(x, lo), hi);
}

export function roundTo(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * For a bivariate normal, Spearman's rho = (6/π)·asin(r/2) (Pearson, 1907); this is its inverse,
 * so a Gaussian copula hits a target Spearman correlation whatever the monotone margins.
 */
export function pearsonForSpearman(rho: number): number {
  return 2 * Math.sin((Math.PI * rho) / 6);
}

/** Lower-triangular Cholesky factor (row-major, n×n) of a symmetric positive-definite matrix. */
export function cholesky(matrix: readonly (readonly number[])[]): Float64Array {
  const n = matrix.length;
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i][j];
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(sum > 0)) throw new RangeError(`matrix is not positive definite (pivot ${i})`);
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j];
      }
    }
  }
  return l;
}

/**
 * A piecewise-constant hazard: `rates[k]` per unit time on [breaks[k], breaks[k+1]), the last rate
 * beyond the last break. `invert(h)` is the time at which the cumulative hazard reaches `h`.
 */
export class PiecewiseHazard {
  private readonly cumulative: Float64Array;

  constructor(
    readonly breaks: readonly number[],
    readonly rates: readonly number[],
  ) {
    if (breaks.length !== rates.length || breaks[0] !== 0)
      throw new RangeError('PiecewiseHazard: breaks must start at 0 and match rates');
    this.cumulative = new Float64Array(breaks.length);
    for (let k = 1; k < breaks.length; k++)
      this.cumulative[k] = this.cumulative[k - 1] + rates[k - 1] * (breaks[k] - breaks[k - 1]);
  }

  cumulativeAt(t: number): number {
    let k = this.breaks.length - 1;
    while (k > 0 && this.breaks[k] > t) k--;
    return this.cumulative[k] + this.rates[k] * (t - this.breaks[k]);
  }

  invert(h: number): number {
    let k = this.breaks.length - 1;
    while (k > 0 && this.cumulative[k] > h) k--;
    return this.breaks[k] + (h - this.cumulative[k]) / this.rates[k];
  }

  /** A survival time for a subject whose hazard is this one times exp(linearPredictor). */
  sample(rng: Rng, linearPredictor: number): number {
    return this.invert(rng.exponential() / Math.exp(linearPredictor));
  }
}

/** The intercept a such that mean(sigmoid(a + offsets)) = target, by Newton's method. */
export function calibrateIntercept(offsets: Float64Array, target: number): number {
  let a = logit(target);
  for (let iter = 0; iter < 50; iter++) {
    let mean = 0;
    let slope = 0;
    for (let i = 0; i < offsets.length; i++) {
      const p = sigmoid(a + offsets[i]);
      mean += p;
      slope += p * (1 - p);
    }
    mean /= offsets.length;
    slope /= offsets.length;
    const step = (mean - target) / Math.max(slope, 1e-12);
    a -= clamp(step, -2, 2);
    if (Math.abs(step) < 1e-10) break;
  }
  return a;
}

/** Draws from a normal truncated to [lo, hi] by rejection (fine when the interval is not far out). */
export function truncatedNormal(rng: Rng, mean: number, sd: number, lo: number, hi: number): number {
  for (let tries = 0; tries < 1000; tries++) {
    const x = rng.normal(mean, sd);
    if (x >= lo && x <= hi) return x;
  }
  return clamp(mean, lo, hi);
}

/** Gamma with a given mean and shape. */
export function gammaMean(rng: Rng, shape: number, mean: number): number {
  return (rng.gamma(shape) * mean) / shape;
}
