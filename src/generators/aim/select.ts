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
import type { RandomBits } from '../../privacy/random-bits.js';
import { isSubset } from '../pgm/cells.js';
import { junctionTreeCells } from '../pgm/junction-tree.js';
import { type GraphicalModel, sizesOf } from '../pgm/model.js';
import { marginalOver } from '../pgm/query-marginal.js';
import type { Candidate } from './candidates.js';
import { exponentialMechanism } from './exponential-mechanism.js';

export interface Selection {
  readonly candidate: Candidate;
  /** Candidates the size limit left in. */
  readonly eligible: number;
  /** The chosen candidate's score and the best score (for the log; neither is released). */
  readonly score: number;
  readonly bestScore: number;
}

/**
 * The candidates whose measurement keeps the junction tree within `sizeLimit` cells, plus those
 * already inside a modelled clique (free: measuring them adds no table).
 */
export function affordable(
  model: GraphicalModel,
  candidates: readonly Candidate[],
  sizeLimit: number,
): Candidate[] {
  const sizes = sizesOf(model.domain);
  const priced = new Map<string, number>();
  return candidates.filter((c) => {
    if (model.cliques.some((m) => isSubset(c.clique, m))) return true;
    const key = c.clique.join(',');
    let cells = priced.get(key);
    if (cells === undefined) {
      cells = junctionTreeCells(sizes, [...model.cliques, c.clique]);
      priced.set(key, cells);
    }
    return cells <= sizeLimit;
  });
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

export function selectCandidate(
  model: GraphicalModel,
  eligible: readonly Candidate[],
  answers: ReadonlyMap<Candidate, Float64Array>,
  epsilon: number,
  sigma: number,
  bits: RandomBits,
): Selection {
  const scores = eligible.map((c) => {
    const truth = answers.get(c);
    if (!truth) throw new RangeError(`no answer for candidate ${c.names.join(' × ')}`);
    const estimated = marginalOver(model.compiled, model.beliefs, c.clique);
    return c.weight * (l1Distance(truth, estimated) - expectedNoiseL1(sigma, c.cells));
  });
  const sensitivity = Math.max(...eligible.map((c) => c.weight));
  const at = exponentialMechanism(scores, epsilon, sensitivity, bits);
  return {
    candidate: eligible[at],
    eligible: eligible.length,
    score: scores[at],
    bestScore: Math.max(...scores),
  };
}
