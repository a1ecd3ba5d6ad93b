/**
 * The statistics of a membership audit (Jagielski, Ullman & Oprea 2020; Nasr et al. 2021): exact
 * Clopper–Pearson intervals for the attack's true- and false-positive rates, the empirical ε lower
 * bound they imply, and the threshold chosen on one split and scored on another.
 */
import { regularizedBeta } from '../src/stats/incomplete-beta.js';

export interface Interval {
  readonly lo: number;
  readonly hi: number;
}

/**
 * The exact (Clopper–Pearson) two-sided interval at level 1 − α for k successes in n trials:
 * lo is the p with P[Bin(n, p) ≥ k] = α/2, hi the p with P[Bin(n, p) ≤ k] = α/2. Both tails are
 * regularized incomplete betas, increasing in p (P[Bin(n, p) ≥ k] = I_p(k, n − k + 1) and
 * P[Bin(n, p) ≤ k] = 1 − I_p(k + 1, n − k)), inverted by bisection until the bracket stops shrinking.
 */
export function clopperPearson(k: number, n: number, alpha = 0.05): Interval {
  if (!(Number.isInteger(k) && Number.isInteger(n) && k >= 0 && k <= n && n > 0))
    throw new RangeError(`Clopper–Pearson needs 0 ≤ k ≤ n, n > 0 integers, got k = ${k}, n = ${n}`);
  const lo = k === 0 ? 0 : invertIncreasing((p) => regularizedBeta(p, k, n - k + 1), alpha / 2);
  const hi = k === n ? 1 : invertIncreasing((p) => regularizedBeta(p, k + 1, n - k), 1 - alpha / 2);
  return { lo, hi };
}

/** The p in [0, 1] where an increasing function of p reaches `target`. */
function invertIncreasing(f: (p: number) => number, target: number): number {
  let low = 0;
  let high = 1;
  for (let i = 0; i < 200 && high - low > 0; i++) {
    const mid = (low + high) / 2;
    if (mid === low || mid === high) break;
    if (f(mid) < target) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/**
 * The empirical ε lower bound of an (ε, δ)-DP mechanism from an attack's rates (Jagielski, Ullman
 * & Oprea 2020, §4). (ε, δ)-DP forces, for every test, TPR ≤ e^ε·FPR + δ and TNR ≤ e^ε·FNR + δ.
 * Taking each rate at the end of its 95 % Clopper–Pearson interval least favourable to the attack:
 *
 *   ε_emp = max( ln((TPR_lo − δ) / FPR_hi),  ln((1 − FPR_hi − δ) / (1 − TPR_lo)) ),  floored at 0,
 *
 * i.e. ln((1 − FNR_hi − δ)/FPR_hi) and ln((1 − FPR_hi − δ)/FNR_hi), the paper's two terms.
 */
export interface Rates {
  readonly tpr: Interval;
  readonly fpr: Interval;
}

export function empiricalEpsilon({ tpr, fpr }: Rates, delta: number): number {
  // TPR ≤ e^ε FPR + δ, tested with the least favourable ends of the intervals: TPR as small as it
  // can be (lo), FPR as large (hi).
  const members = Math.log((tpr.lo - delta) / fpr.hi);
  // The complementary test "not a member": TNR = 1 − FPR ≤ e^ε (1 − TPR) + δ, with TNR at its
  // smallest (1 − FPR_hi) and FNR = 1 − TPR at its largest (1 − TPR_lo).
  const nonMembers = Math.log((1 - fpr.hi - delta) / (1 - tpr.lo));
  const best = Math.max(finiteOr0(members), finiteOr0(nonMembers));
  return Math.max(0, best);
}

function finiteOr0(x: number): number {
  return Number.isNaN(x) || x === Number.NEGATIVE_INFINITY ? 0 : x;
}

/** The attack's outcome at one threshold: "member" when the statistic is at least the threshold. */
export interface Outcome {
  readonly threshold: number;
  readonly truePositives: number;
  readonly members: number;
  readonly falsePositives: number;
  readonly nonMembers: number;
  readonly rates: Rates;
  readonly epsilon: number;
}

export function outcomeAt(
  threshold: number,
  withCanary: readonly number[],
  without: readonly number[],
  delta: number,
): Outcome {
  const truePositives = withCanary.filter((s) => s >= threshold).length;
  const falsePositives = without.filter((s) => s >= threshold).length;
  const rates = {
    tpr: clopperPearson(truePositives, withCanary.length),
    fpr: clopperPearson(falsePositives, without.length),
  };
  return {
    threshold,
    truePositives,
    members: withCanary.length,
    falsePositives,
    nonMembers: without.length,
    rates,
    epsilon: empiricalEpsilon(rates, delta),
  };
}

/**
 * The threshold that maximises ε_emp on the selection runs. Every observed statistic is a
 * candidate, plus +∞ (never "member"); choosing it on runs the evaluation never sees keeps the
 * evaluation's Clopper–Pearson intervals honest (no multiple-comparison bias).
 */
export function chooseThreshold(
  withCanary: readonly number[],
  without: readonly number[],
  delta: number,
): number {
  const candidates = [...new Set([...withCanary, ...without])].sort((a, b) => a - b);
  let best = Number.POSITIVE_INFINITY;
  let bestEpsilon = -1;
  for (const threshold of candidates) {
    const { epsilon } = outcomeAt(threshold, withCanary, without, delta);
    if (epsilon > bestEpsilon) {
      bestEpsilon = epsilon;
      best = threshold;
    }
  }
  return best;
}

/**
 * The largest ε_emp any attack can show with n runs per side (every run classified right): the
 * audit's ceiling, ln(((α/2)^{1/n} − δ) / (1 − (α/2)^{1/n})).
 */
export function epsilonCeiling(n: number, delta: number): number {
  return empiricalEpsilon({ tpr: clopperPearson(n, n), fpr: clopperPearson(0, n) }, delta);
}
