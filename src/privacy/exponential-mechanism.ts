/**
 * The exponential mechanism (McSherry & Talwar 2007), sampled exactly: candidate i is returned with
 * probability exactly ∝ exp(ε · q_i / (2Δ)) for the scores q as given (each double taken at its
 * exact value). It is ε-DP and ε-bounded-range, so it costs ε²/8 in zCDP (Cesar & Rogers 2021).
 *
 * No floating-point Gumbel or exponential draws: with q* = max q, each candidate's weight is
 * exp(−γ_i) ≤ 1 with γ_i = ε (q* − q_i) / (2Δ) computed as an exact rational, and the sampler
 * proposes a candidate uniformly (an exact uniform integer) and keeps it with probability
 * exp(−γ_i) (CKS20's exact Bernoulli(exp(−γ)), Algorithm 1); the first kept proposal is returned.
 * Rejection sampling gives exactly the normalised weights, and q* cancels out of them. Running
 * time depends on the draw (about k / Σ exp(−γ_i) proposals), which, as for the noise samplers,
 * the guarantee does not cover (docs/privacy/guarantees.md).
 */
import { bernoulliExp } from './bernoulli-exp.js';
import { type RandomBits, uniformBelow } from './random-bits.js';
import { exactRational } from './rational.js';

/** A signed exact fraction num/den, den > 0. */
interface Signed {
  readonly num: bigint;
  readonly den: bigint;
}

function exactSigned(x: number): Signed {
  const q = exactRational(Math.abs(x));
  return { num: x < 0 ? -q.num : q.num, den: q.den };
}

/** γ_i = ε (q* − q_i) / (2Δ) as num/den, exactly. */
function gap(best: Signed, score: Signed, epsilon: Signed, sensitivity: Signed): Signed {
  const num = (best.num * score.den - score.num * best.den) * epsilon.num * sensitivity.den;
  const den = best.den * score.den * epsilon.den * 2n * sensitivity.num;
  return { num, den };
}

function validate(scores: readonly number[], epsilon: number, sensitivity: number): void {
  if (scores.length === 0) throw new RangeError('the exponential mechanism needs at least one candidate');
  if (!scores.every(Number.isFinite)) throw new RangeError('every score must be finite');
  if (!(epsilon >= 0) || !Number.isFinite(epsilon))
    throw new RangeError(`ε must be a finite number ≥ 0, got ${epsilon}`);
  if (!(sensitivity > 0) || !Number.isFinite(sensitivity))
    throw new RangeError(`the sensitivity must be a positive finite number, got ${sensitivity}`);
}

/**
 * The index of the chosen candidate. With `admissible`, the draw is restricted to the candidates it
 * accepts — exactly the mechanism run on that subset (a proposal it refuses is simply proposed
 * again); it is asked lazily, at most once per candidate, so an expensive test (AIM's model size)
 * runs only for the candidates the draw reaches.
 */
export function exponentialMechanism(
  scores: readonly number[],
  epsilon: number,
  sensitivity: number,
  bits: RandomBits,
  admissible?: (index: number) => boolean,
): number {
  validate(scores, epsilon, sensitivity);
  const exact = scores.map(exactSigned);
  // 0: not asked yet, 1: admissible, 2: not.
  const known = new Uint8Array(scores.length);
  let refused = 0;
  const isAdmissible = (i: number): boolean => {
    if (!admissible) return true;
    if (known[i] === 0) {
      known[i] = admissible(i) ? 1 : 2;
      if (known[i] === 2 && ++refused === scores.length) throw new RangeError('no candidate is admissible');
    }
    return known[i] === 1;
  };
  // q* is the best admissible score (weights exp(−γ) ≤ 1, the best exactly 1, so proposals are
  // accepted often): the candidates are asked from the best score down until one is admissible.
  const byScore = [...scores.keys()].sort((a, b) => scores[b] - scores[a]);
  const bestAt = byScore.find(isAdmissible) ?? 0;
  const e = exactSigned(epsilon);
  const delta = exactSigned(sensitivity);
  const gaps = exact.map((q) => gap(exact[bestAt], q, e, delta));
  for (;;) {
    const i = uniformBelow(bits, scores.length);
    // Inadmissible candidates are skipped before their γ (negative above q*) is used.
    if (!isAdmissible(i)) continue;
    if (bernoulliExp(bits, gaps[i].num, gaps[i].den)) return i;
  }
}

/** The mechanism's exact output distribution, in double precision (for tests and diagnostics). */
export function exponentialMechanismProbabilities(
  scores: readonly number[],
  epsilon: number,
  sensitivity: number,
): number[] {
  validate(scores, epsilon, sensitivity);
  const best = Math.max(...scores);
  const weights = scores.map((q) => Math.exp((epsilon * (q - best)) / (2 * sensitivity)));
  const sum = weights.reduce((s, w) => s + w, 0);
  return weights.map((w) => w / sum);
}
