/**
 * The exact two-sided binomial test against p = 1/2 (as `scipy.stats.binomtest(k, n, 0.5)`): the
 * probability, under fair guessing, of a result at least as far from n/2 as the one seen. With
 * p = 1/2 the distribution is symmetric, so "as unlikely or less" is "as far or farther" and
 * p = min(1, 2 · P(X ≥ max(k, n − k))).
 */
import { logGamma } from '../stats/distributions.js';

export function binomialTestHalf(successes: number, trials: number): number {
  if (
    !(
      Number.isInteger(trials) &&
      trials >= 0 &&
      Number.isInteger(successes) &&
      successes >= 0 &&
      successes <= trials
    )
  )
    throw new RangeError(`binomial test: need whole 0 ≤ successes ≤ trials, got ${successes} of ${trials}`);
  if (trials === 0) return 1;
  const far = Math.max(successes, trials - successes);
  if (far * 2 === trials) return 1;
  const logTotal = trials * Math.LN2;
  const logN = logGamma(trials + 1);
  let tail = 0;
  for (let i = far; i <= trials; i++)
    tail += Math.exp(logN - logGamma(i + 1) - logGamma(trials - i + 1) - logTotal);
  return Math.min(1, 2 * tail);
}
