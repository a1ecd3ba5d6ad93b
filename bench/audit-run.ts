/**
 * One audit: T releases of a mechanism on D and T on D′ = D ∪ {canary}, each with its own noise
 * stream, scored by the attack statistic; the first half of each side chooses the threshold, the
 * second half is where TPR, FPR and ε_emp are measured.
 */
import type { RandomBits } from '../src/privacy/random-bits.js';
import { chooseThreshold, type Outcome, outcomeAt } from './audit-stats.js';

export interface AuditSpec {
  readonly mechanism: string;
  readonly epsilon: number;
  readonly delta: number;
  /** Releases per table (D and D′ each); half choose the threshold, half evaluate it. */
  readonly runs: number;
  /** One release of the mechanism on D (`withCanary` false) or D′, scored by the attack. */
  readonly release: (withCanary: boolean, bits: RandomBits) => number;
  /** The noise stream of release `run` on D or D′: distinct for every (mechanism, ε, table, run). */
  readonly bits: (withCanary: boolean, run: number) => RandomBits;
  /** √(Σ 1/σ²) over the released marginals: the separation of the scores, in standard deviations, that the noise scales imply. */
  readonly expectedSeparation: number;
}

export interface AuditResult {
  readonly mechanism: string;
  readonly epsilon: number;
  readonly delta: number;
  readonly runs: number;
  readonly outcome: Outcome;
  /** The scores, for the raw results file. */
  readonly scores: { readonly withCanary: number[]; readonly without: number[] };
  /** Mean and standard deviation of the scores without and with the canary. */
  readonly separation: {
    readonly meanWithout: number;
    readonly meanWith: number;
    readonly sd: number;
    /** (meanWith − meanWithout) / sd, against `expected`. */
    readonly observed: number;
    readonly expected: number;
  };
  readonly seconds: number;
}

export function runAudit(spec: AuditSpec): AuditResult {
  const started = performance.now();
  const without: number[] = [];
  const withCanary: number[] = [];
  for (let run = 0; run < spec.runs; run++) {
    without.push(spec.release(false, spec.bits(false, run)));
    withCanary.push(spec.release(true, spec.bits(true, run)));
  }
  const half = Math.floor(spec.runs / 2);
  const threshold = chooseThreshold(withCanary.slice(0, half), without.slice(0, half), spec.delta);
  const outcome = outcomeAt(threshold, withCanary.slice(half), without.slice(half), spec.delta);
  const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = (xs: readonly number[]) => {
    const m = mean(xs);
    return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
  };
  const meanWithout = mean(without);
  const meanWith = mean(withCanary);
  const sd = Math.sqrt((variance(without) + variance(withCanary)) / 2);
  return {
    mechanism: spec.mechanism,
    epsilon: spec.epsilon,
    delta: spec.delta,
    runs: spec.runs,
    outcome,
    scores: { withCanary, without },
    separation: {
      meanWithout,
      meanWith,
      sd,
      observed: sd > 0 ? (meanWith - meanWithout) / sd : Number.POSITIVE_INFINITY,
      expected: spec.expectedSeparation,
    },
    seconds: (performance.now() - started) / 1000,
  };
}
