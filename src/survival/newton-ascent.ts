/**
 * Newton's method with step-halving for a concave objective (the ridge Cox fits, dense and wide):
 * a step that lowers the objective is halved until it no longer does; the fit has converged when a
 * full step changes the objective by at most `eps` relative to its size. Only how a step is solved
 * differs between the callers (a Cholesky factor, or conjugate gradients).
 */
import type { RidgeCoxFit } from './ridge-cox.js';

export interface AscentPoint {
  readonly loglik: number;
}

export function newtonAscent<P extends AscentPoint>(
  p: number,
  evaluate: (beta: Float64Array) => P,
  stepAt: (point: P) => Float64Array,
  maxIterations: number,
  eps: number,
): RidgeCoxFit {
  let beta = new Float64Array(p);
  let current = evaluate(beta);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const step = stepAt(current);
    let next = beta.map((b, j) => b + step[j]);
    let trial = evaluate(next);
    // Within rounding of the maximum, a step can no longer raise the objective: done.
    const tolerance = eps * Math.abs(current.loglik);
    if (Math.abs(trial.loglik - current.loglik) <= tolerance) {
      const better = trial.loglik >= current.loglik;
      return {
        coef: better ? next : beta,
        loglik: better ? trial.loglik : current.loglik,
        iterations: iteration,
        converged: true,
      };
    }
    for (let halving = 0; !(trial.loglik >= current.loglik) && halving < 30; halving++) {
      next = beta.map((b, j) => (b + next[j]) / 2);
      trial = evaluate(next);
    }
    if (!(trial.loglik >= current.loglik))
      return { coef: beta, loglik: current.loglik, iterations: iteration, converged: false };
    beta = next;
    current = trial;
  }
  return { coef: beta, loglik: current.loglik, iterations: maxIterations, converged: false };
}
