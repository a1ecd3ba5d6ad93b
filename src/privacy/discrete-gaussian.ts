/**
 * The discrete Gaussian N_Z(0, σ²), P[Y = y] ∝ exp(−y² / (2σ²)) on the integers, sampled exactly
 * for rational σ²: Canonne, Kamath & Steinke (2020), Algorithm 3. Noise on counts stays an integer,
 * and no floating-point rounding changes the distribution the privacy proof is about.
 */
import { bernoulliExp } from './bernoulli-exp.js';
import { discreteLaplace } from './discrete-laplace.js';
import type { RandomBits } from './random-bits.js';
import { floorSqrt, type Rational } from './rational.js';

export class DiscreteGaussian {
  /** The discrete Laplace proposal's scale, ⌊σ⌋ + 1 (CKS20's choice, which keeps acceptance high). */
  private readonly t: bigint;
  private readonly a: bigint;
  private readonly b: bigint;
  private readonly acceptDen: bigint;

  /** `sigma2` is σ², the variance parameter (the distribution's variance is slightly below it). */
  constructor(readonly sigma2: Rational) {
    if (sigma2.num <= 0n) throw new RangeError('the discrete Gaussian needs σ² > 0');
    this.a = sigma2.num;
    this.b = sigma2.den;
    this.t = floorSqrt(sigma2) + 1n;
    this.acceptDen = 2n * this.a * this.b * this.t * this.t;
  }

  /**
   * One draw: a discrete Laplace proposal Y with scale t, kept with probability
   * exp(−(|Y| − σ²/t)² / (2σ²)) = exp(−(|Y|·b·t − a)² / (2·a·b·t²)) for σ² = a/b.
   */
  sample(bits: RandomBits): bigint {
    for (;;) {
      const y = discreteLaplace(bits, 1n, this.t);
      const magnitude = y < 0n ? -y : y;
      const gap = magnitude * this.b * this.t - this.a;
      if (bernoulliExp(bits, gap * gap, this.acceptDen)) return y;
    }
  }

  /** `n` independent draws, as numbers (exact: a draw beyond 2^53 has probability far below 2^−1000). */
  sampleVector(bits: RandomBits, n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Number(this.sample(bits));
    return out;
  }
}

/**
 * A marginal's counts with independent discrete Gaussian noise added to every cell: the measurement
 * step of a marginal-based mechanism. Counts must be integers, so noisy counts stay integers.
 */
export function addDiscreteGaussianNoise(
  counts: ArrayLike<number>,
  sigma2: Rational,
  bits: RandomBits,
): Float64Array {
  const noise = new DiscreteGaussian(sigma2);
  const out = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (!Number.isSafeInteger(c)) throw new RangeError(`cell ${i} holds ${c}; counts must be integers`);
    out[i] = c + Number(noise.sample(bits));
  }
  return out;
}

/**
 * The exact probability mass function, normalised by summing the series until its terms no longer
 * change the sum in double precision (used by tests and by anyone checking a sampler).
 */
export function discreteGaussianPmf(sigma2: number): (y: number) => number {
  let z = 1;
  for (let y = 1; ; y++) {
    const term = 2 * Math.exp((-y * y) / (2 * sigma2));
    if (z + term === z) break;
    z += term;
  }
  return (y: number) => Math.exp((-y * y) / (2 * sigma2)) / z;
}
