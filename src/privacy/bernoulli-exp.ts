/**
 * Exact Bernoulli trials with rational and exp(−rational) success probabilities: Canonne, Kamath &
 * Steinke (2020), "The Discrete Gaussian for Differential Privacy", Algorithm 1. Only integer
 * comparisons of uniform draws are made, so the success probability is exactly what is asked.
 */
import { type RandomBits, uniformBelowBig } from './random-bits.js';

/** True with probability num/den (0 ≤ num ≤ den, den ≥ 1). */
export function bernoulliRational(bits: RandomBits, num: bigint, den: bigint): boolean {
  return uniformBelowBig(bits, den) < num;
}

/** A fair coin. */
export function fairCoin(bits: RandomBits): boolean {
  return (bits.nextUint32() & 1) === 1;
}

/** True with probability exp(−num/den), for any num ≥ 0, den ≥ 1. */
export function bernoulliExp(bits: RandomBits, num: bigint, den: bigint): boolean {
  if (num < 0n || den < 1n) throw new RangeError(`bernoulliExp: expected γ = num/den ≥ 0, got ${num}/${den}`);
  // exp(−γ) = exp(−1)^⌊γ⌋ · exp(−(γ − ⌊γ⌋)): one trial per whole unit, stopping at the first failure.
  let rest = num;
  while (rest > den) {
    if (!bernoulliExpAtMostOne(bits, 1n, 1n)) return false;
    rest -= den;
  }
  return bernoulliExpAtMostOne(bits, rest, den);
}

/**
 * exp(−γ) for γ ∈ [0, 1]: the number K of the first failed Bernoulli(γ/k) trial, k = 1, 2, …, is
 * odd with probability Σ_k (−γ)^k / k! = exp(−γ) (CKS20, Algorithm 1).
 */
function bernoulliExpAtMostOne(bits: RandomBits, num: bigint, den: bigint): boolean {
  let k = 1n;
  while (bernoulliRational(bits, num, den * k)) k++;
  return (k & 1n) === 1n;
}
