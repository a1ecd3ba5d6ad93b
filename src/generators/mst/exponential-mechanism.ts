/**
 * The exponential mechanism (McSherry & Talwar 2007), sampled exactly: candidate i is returned with
 * probability ∝ exp(ε · (q_i − max q) / (2Δ)). Scores are integers (callers express them in a unit
 * fine enough for their precision), ε is taken as the exact value of its double, and each draw is
 * a uniform candidate accepted with probability exp(−γ_i), γ_i = ε (max q − q_i) / (2Δ), by the exact
 * Bernoulli(exp(−γ)) trial of Canonne, Kamath & Steinke (2020, Algorithm 1). Conditioned on
 * acceptance the candidate has exactly the mechanism's distribution — unlike Gumbel-max or an
 * inverse-CDF draw in floating point, whose rounding changes the probabilities the proof is about.
 * The best candidate is accepted with probability 1, so a draw takes at most m trials on average.
 *
 * ε-DP and ε-bounded-range, hence ε²/8-zCDP (Cesar & Rogers 2021), MST's and AIM's accounting.
 */
import { bernoulliExp } from '../../privacy/bernoulli-exp.js';
import { type RandomBits, uniformBelow } from '../../privacy/random-bits.js';
import { exactRational } from '../../privacy/rational.js';

export function exponentialMechanism(
  scores: readonly number[],
  epsilon: number,
  sensitivity: number,
  bits: RandomBits,
): number {
  if (scores.length === 0) throw new RangeError('the exponential mechanism needs at least one candidate');
  if (!scores.every(Number.isSafeInteger)) throw new RangeError('scores must be safe integers');
  if (!Number.isSafeInteger(sensitivity) || sensitivity < 1)
    throw new RangeError(`sensitivity must be a whole number ≥ 1 (in the scores' unit), got ${sensitivity}`);
  const e = exactRational(epsilon);
  const best = Math.max(...scores);
  const den = e.den * 2n * BigInt(sensitivity);
  for (;;) {
    const i = uniformBelow(bits, scores.length);
    if (bernoulliExp(bits, e.num * BigInt(best - scores[i]), den)) return i;
  }
}
