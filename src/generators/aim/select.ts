/**
 * AIM's selection step (McKenna et al., VLDB 2022, Algorithm 2, lines 8–10; private-pgm's
 * `filter_candidates` and `worst_approximated`): among the candidates the model can afford, pick
 * with the exponential mechanism the one whose marginal the model gets most wrong, net of the error
 * a new measurement would bring:
 *
 *   q_r = c_r · (‖M_r(p̂) − M_r(D)‖₁ − √(2/π) · σ · n_r),   sensitivity max c_r,
 *
 * where √(2/π)·σ·n_r is the expected L1 norm of n_r cells of Gaussian noise of scale σ. Adding or
 * removing one patient moves ‖M_r(p̂) − M_r(D)‖₁ by at most 1, so q_r moves by at most c_r.
 */

import { exponentialMechanism } from '../../privacy/exponential-mechanism.js';
import type { RandomBits } from '../../privacy/random-bits.js';
import { isSubset } from '../pgm/cells.js';
import { junctionTreeCells } from '../pgm/junction-tree.js';
import { type GraphicalModel, sizesOf } from '../pgm/model.js';
import { marginalOver } from '../pgm/query-marginal.js';
import type { Candidate } from './candidates.js';

export interface Selection {
  readonly candidate: Candidate;
  /** Candidates whose model size the draw had to price (the others were not reached). */
  readonly priced: number;
  /** The chosen candidate's score and the best score (for the log; neither is released). */
  readonly score: number;
  readonly bestScore: number;
}

/**
 * A test of whether the model can afford a candidate: yes when a modelled clique already holds it
 * (measuring it adds no table), otherwise when the junction tree with it added stays within
 * `sizeLimit` cells. Prices are remembered, so each candidate is priced at most once per model.
 */
export function affordability(
  model: GraphicalModel,
  sizeLimit: number,
): { affordable: (candidate: Candidate) => boolean; priced: () => number } {
  const sizes = sizesOf(model.domain);
  const prices = new Map<Candidate, number>();
  return {
    affordable: (c) => {
      if (model.cliques.some((m) => isSubset(c.clique, m))) return true;
      let cells = prices.get(c);
      if (cells === undefined) {
        cells = junctionTreeCells(sizes, [...model.cliques, c.clique]);
        prices.set(c, cells);
      }
      return cells <= sizeLimit;
    },
    priced: () => prices.size,
  };
}

/** The expected L1 norm of `cells` independent N(0, σ²) draws: √(2/π)·σ per cell. */
export function expectedNoiseL1(sigma: number, cells: number): number {
  return Math.sqrt(2 / Math.PI) * sigma * cells;
}

export function l1Distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += Math.abs(a[i] - b[i]);
  return d;
}

/**
 * The exponential mechanism over the affordable candidates. Affordability is asked lazily by the
 * sampler (exactly the mechanism on the affordable subset), and the sensitivity is the largest
 * weight of all candidates — at least that of the affordable ones, so the guarantee holds and
 * nothing about which candidates are affordable needs computing up front.
 */
export function selectCandidate(
  model: GraphicalModel,
  candidates: readonly Candidate[],
  answers: ReadonlyMap<Candidate, Float64Array>,
  choice: { readonly epsilon: number; readonly sigma: number; readonly sizeLimit: number },
  bits: RandomBits,
): Selection {
  const scores = candidates.map((c) => {
    const truth = answers.get(c);
    if (!truth) throw new RangeError(`no answer for candidate ${c.names.join(' × ')}`);
    const estimated = marginalOver(model.compiled, model.beliefs, c.clique);
    return c.weight * (l1Distance(truth, estimated) - expectedNoiseL1(choice.sigma, c.cells));
  });
  const sensitivity = Math.max(...candidates.map((c) => c.weight));
  const { affordable, priced } = affordability(model, choice.sizeLimit);
  const at = exponentialMechanism(scores, choice.epsilon, sensitivity, bits, (i) =>
    affordable(candidates[i]),
  );
  return { candidate: candidates[at], priced: priced(), score: scores[at], bestScore: Math.max(...scores) };
}
