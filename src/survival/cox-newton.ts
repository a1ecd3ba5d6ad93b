/**
 * Newton–Raphson for the Cox partial likelihood, following R's coxph.fit / coxfit6: covariates
 * centred and scaled (except those coded −1/0/1), a full Newton step while the log-likelihood
 * improves, step-halving towards the last good β when it does not, and convergence when the
 * relative change in the log-likelihood falls to `eps`.
 */
import { type Factorization, factorize, inverse, solve } from './cholesky.js';
import type { CoxControl } from './cox-control.js';
import { type CoxData, type LikelihoodPass, partialLikelihood, type Ties } from './cox-likelihood.js';

export interface NewtonResult {
  /** On the centred-and-scaled covariates. */
  readonly beta: Float64Array;
  readonly loglikInitial: number;
  readonly loglik: number;
  /** Score test at β = 0: Uᵀ I⁻¹ U. */
  readonly scoreTest: number;
  readonly initial: Factorization;
  /** The information at the final β, factorized, and its (generalized) inverse. */
  readonly final: Factorization;
  readonly variance: Float64Array;
  readonly score: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
}

function isFinitePass(pass: LikelihoodPass): boolean {
  return (
    Number.isFinite(pass.loglik) &&
    pass.score.every(Number.isFinite) &&
    pass.information.every(Number.isFinite)
  );
}

export function newtonRaphson(data: CoxData, ties: Ties, control: CoxControl): NewtonResult {
  const p = data.p;
  let beta = new Float64Array(p);
  const start = partialLikelihood(data, beta, ties);
  const initial = factorize(start.information, p, control.tolerChol);
  const firstStep = solve(initial, start.score);
  let scoreTest = 0;
  for (let j = 0; j < p; j++) scoreTest += start.score[j] * firstStep[j];
  const base = { loglikInitial: start.loglik, scoreTest, initial };
  if (control.iterMax === 0 || !Number.isFinite(start.loglik) || initial.rank < p) {
    return { ...base, ...finish(beta, start, initial), iterations: 0, converged: control.iterMax === 0 };
  }
  let best = start.loglik;
  let next = beta.map((b, j) => b + firstStep[j]);
  let halving = 0;
  for (let iteration = 1; iteration <= control.iterMax; iteration++) {
    const pass = partialLikelihood(data, next, ties);
    const f = factorize(pass.information, p, control.tolerChol);
    const finite = isFinitePass(pass);
    if (finite && Math.abs(1 - best / pass.loglik) <= control.eps) {
      return { ...base, ...finish(next, pass, f), iterations: iteration, converged: true };
    }
    if (!finite || pass.loglik < best) {
      // not improving: move back towards the last good β, more cautiously each time
      halving++;
      next = next.map((b, j) => (b + halving * beta[j]) / (halving + 1));
      continue;
    }
    halving = 0;
    best = pass.loglik;
    const step = solve(f, pass.score);
    beta = next;
    next = beta.map((b, j) => b + step[j]);
  }
  const last = partialLikelihood(data, beta, ties);
  const f = factorize(last.information, p, control.tolerChol);
  return { ...base, ...finish(beta, last, f), iterations: control.iterMax, converged: false };
}

function finish(beta: Float64Array, pass: LikelihoodPass, f: Factorization) {
  return { beta, loglik: pass.loglik, final: f, variance: inverse(f), score: pass.score };
}
