/**
 * The discrete Laplace distribution on the integers, P[Y = y] ∝ exp(−|y| / scale), sampled exactly:
 * Canonne, Kamath & Steinke (2020), Algorithm 2.
 */
import { bernoulliExp, fairCoin } from './bernoulli-exp.js';
import type { RandomBits } from './random-bits.js';
import { uniformBelowBig } from './random-bits.js';

/**
 * One draw with scale t/s (s, t positive integers). A geometric X with ratio exp(−1/t) is built as
 * U + t·V (U uniform below t kept with probability exp(−U/t), V geometric with ratio exp(−1)); then
 * ⌊X/s⌋ is geometric with ratio exp(−s/t); a random sign, rejecting "−0", makes it two-sided.
 */
export function discreteLaplace(bits: RandomBits, s: bigint, t: bigint): bigint {
  if (s < 1n || t < 1n)
    throw new RangeError(`discreteLaplace: s and t must be positive integers, got ${s}, ${t}`);
  for (;;) {
    const u = uniformBelowBig(bits, t);
    if (!bernoulliExp(bits, u, t)) continue;
    let v = 0n;
    while (bernoulliExp(bits, 1n, 1n)) v++;
    const y = (u + t * v) / s;
    const negative = fairCoin(bits);
    if (negative && y === 0n) continue;
    return negative ? -y : y;
  }
}

/** P[Y = y] for the discrete Laplace with scale `scale`: (1 − e^(−1/scale)) / (1 + e^(−1/scale)) · e^(−|y|/scale). */
export function discreteLaplacePmf(y: number, scale: number): number {
  const r = Math.exp(-1 / scale);
  return ((1 - r) / (1 + r)) * Math.exp(-Math.abs(y) / scale);
}
