/**
 * From a share of the budget to the noise that spends it: the discrete Gaussian's σ² for ρ, as an
 * exact rational for the sampler, rounded up so the noise is never smaller than the budget asks.
 */
import { type Rational, rationalAtLeast, toNumber } from './rational.js';
import { gaussianRho } from './zcdp.js';

export interface NoiseScale {
  /** σ² as the sampler takes it: Δ₂²/(2ρ) rounded up to a multiple of 2^−20. */
  readonly sigma2: Rational;
  /** √σ², for the record (the model file's noise scale). */
  readonly sigma: number;
  /** The ρ actually spent at that σ² (at most the ρ asked for, up to rounding of the last bit). */
  readonly rho: number;
}

/** The noise for a query of L2 sensitivity `l2Sensitivity` (1 for a marginal's counts) that spends `rho`. */
export function discreteGaussianScale(rho: number, l2Sensitivity = 1): NoiseScale {
  if (!(rho > 0) || !Number.isFinite(rho))
    throw new RangeError(`ρ must be a positive finite number, got ${rho}`);
  const sigma2 = rationalAtLeast((l2Sensitivity * l2Sensitivity) / (2 * rho));
  const variance = toNumber(sigma2);
  return { sigma2, sigma: Math.sqrt(variance), rho: gaussianRho(l2Sensitivity, variance) };
}
