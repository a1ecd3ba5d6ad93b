/**
 * The zCDP accountant (Bun & Steinke 2016): privacy loss is a single ρ, mechanisms compose by adding
 * their ρ, and a total ρ is reported as (ε, δ)-DP with the tight conversion of Canonne, Kamath &
 * Steinke (2020), "The Discrete Gaussian for Differential Privacy", Corollary 13:
 *
 *   δ(ρ, ε) = inf_{α>1} exp((α−1)(αρ−ε)) / (α−1) · (1 − 1/α)^α.
 *
 * Neighbouring datasets differ by adding or removing one patient. Every α > 1 gives a valid δ, so an
 * inexact minimisation can only overstate δ; the root searches below return the conservative end
 * of their bracket (the smaller ρ for a budget, the larger ε for a total).
 */

/** ρ of the Gaussian mechanism, and of the discrete Gaussian (CKS20, Theorem 14): Δ₂² / (2σ²). */
export function gaussianRho(l2Sensitivity: number, sigma2: number): number {
  positive(sigma2, 'σ²');
  nonNegative(l2Sensitivity, 'the L2 sensitivity');
  return (l2Sensitivity * l2Sensitivity) / (2 * sigma2);
}

/**
 * ρ of an ε-DP exponential mechanism: ε²/8, because it is ε-bounded-range (Cesar & Rogers 2021),
 * the accounting MST and AIM use for their selection steps.
 */
export function exponentialMechanismRho(epsilon: number): number {
  nonNegative(epsilon, 'ε');
  return (epsilon * epsilon) / 8;
}

/** The ε of an exponential mechanism that spends exactly ρ: √(8ρ). */
export function exponentialMechanismEpsilon(rho: number): number {
  nonNegative(rho, 'ρ');
  return Math.sqrt(8 * rho);
}

/** Sequential composition in zCDP: the ρ add up (Bun & Steinke 2016, their composition lemma). */
export function composeRho(rhos: Iterable<number>): number {
  let total = 0;
  for (const rho of rhos) total += nonNegative(rho, 'ρ');
  return total;
}

/** The smallest δ for which ρ-zCDP implies (ε, δ)-DP (CKS20, Corollary 13), at most 1. */
export function zcdpDelta(rho: number, epsilon: number): number {
  nonNegative(rho, 'ρ');
  nonNegative(epsilon, 'ε');
  if (rho === 0 || epsilon === Number.POSITIVE_INFINITY) return 0;
  if (rho === Number.POSITIVE_INFINITY) return 1;
  return Math.min(1, Math.exp(logDeltaAt(bestOrder(rho, epsilon), rho, epsilon)));
}

/** The smallest ε for which ρ-zCDP implies (ε, δ)-DP. */
export function zcdpEpsilon(rho: number, delta: number): number {
  nonNegative(rho, 'ρ');
  probability(delta);
  if (rho === 0 || delta >= 1) return 0;
  if (rho === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  // δ(ρ, ε) falls as ε grows; ρ + 2√(ρ log(1/δ)) is a known upper bound (Bun & Steinke 2016, Prop. 1.3).
  const low = 0;
  let high = rho + 2 * Math.sqrt(rho * Math.log(1 / delta));
  while (zcdpDelta(rho, high) > delta) high *= 2;
  return bisect(low, high, (epsilon) => zcdpDelta(rho, epsilon) <= delta, 'high');
}

/** The largest ρ for which ρ-zCDP implies (ε, δ)-DP: the zCDP budget of an (ε, δ) request. */
export function zcdpRho(epsilon: number, delta: number): number {
  nonNegative(epsilon, 'ε');
  probability(delta);
  if (delta >= 1 || epsilon === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  let high = epsilon + 1;
  while (zcdpDelta(high, epsilon) <= delta) high *= 2;
  return bisect(0, high, (rho) => zcdpDelta(rho, epsilon) > delta, 'low');
}

/**
 * log δ at Rényi order α: (α−1)(αρ−ε) + α·log(1 − 1/α) − log(α−1), in log space so that neither the
 * exponential nor the power overflows for the large α of small ρ.
 */
function logDeltaAt(alpha: number, rho: number, epsilon: number): number {
  return (alpha - 1) * (alpha * rho - epsilon) + alpha * Math.log1p(-1 / alpha) - Math.log(alpha - 1);
}

/**
 * The α minimising log δ: its derivative (2α−1)ρ − ε + log(1 − 1/α) increases in α (the second
 * derivative is 2ρ + 1/(α(α−1)) > 0), runs to −∞ as α → 1 and is positive at (ε+1)/(2ρ) + 2, so
 * bisection on its sign finds the root.
 */
function bestOrder(rho: number, epsilon: number): number {
  const slope = (alpha: number) => (2 * alpha - 1) * rho - epsilon + Math.log1p(-1 / alpha);
  return bisect(1, (epsilon + 1) / (2 * rho) + 2, (alpha) => slope(alpha) >= 0, 'mid');
}

/**
 * Bisection on a predicate false at `low` and true at `high`, until the bracket cannot shrink in
 * double precision; returns the end asked for.
 */
function bisect(
  low: number,
  high: number,
  isHigh: (x: number) => boolean,
  end: 'low' | 'high' | 'mid',
): number {
  let lo = low;
  let hi = high;
  for (let i = 0; i < 2000; i++) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    if (isHigh(mid)) hi = mid;
    else lo = mid;
  }
  if (end === 'low') return lo;
  if (end === 'high') return hi;
  return lo + (hi - lo) / 2;
}

function nonNegative(x: number, what: string): number {
  if (!(x >= 0)) throw new RangeError(`${what} must be a non-negative number, got ${x}`);
  return x;
}

function positive(x: number, what: string): number {
  if (!(x > 0) || !Number.isFinite(x))
    throw new RangeError(`${what} must be a positive finite number, got ${x}`);
  return x;
}

function probability(delta: number): void {
  if (!(delta > 0) || delta > 1) throw new RangeError(`δ must be in (0, 1], got ${delta}`);
}
