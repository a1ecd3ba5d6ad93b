/**
 * MST's selection (McKenna, Miklau & Sheldon 2021, Algorithm 1, `select`): a maximum spanning tree
 * over the attributes, grown one edge at a time by the exponential mechanism, Kruskal-style. An
 * edge (a, b) scores the L1 distance between the true 2-way marginal and the one the 1-way
 * estimate implies (independence): the pairs the 1-way marginals explain worst are measured next.
 * Adding or removing a patient moves one cell of the true marginal by 1 and leaves the estimate
 * (a function of released measurements) alone, so a score's sensitivity is 1.
 */

import { exponentialMechanism } from '../../privacy/exponential-mechanism.js';
import type { RandomBits } from '../../privacy/random-bits.js';
import type { EncodedTable } from '../measure/encode.js';
import { marginal } from '../measure/measurements.js';

/**
 * Scores are counted in units of 2^−20 of a patient: the estimate is rounded to that grid (public
 * post-processing) so that every difference and sum below is exact in doubles (|score| ≤ 2n·2^20,
 * far below 2^53) and the sensitivity is exactly 2^20 units.
 */
const UNITS_PER_PATIENT = 2 ** 20;

export type Edge = readonly [number, number];

/** Every pair's score: L1 distance, in units, between its true 2-way marginal and the independent estimate. */
export function edgeScores(
  encoded: EncodedTable,
  oneWay: readonly Float64Array[],
  total: number,
): Map<string, number> {
  const names = encoded.domain.attributes.map((a) => a.name);
  const scores = new Map<string, number>();
  for (let a = 0; a < names.length; a++)
    for (let b = a + 1; b < names.length; b++) {
      const truth = marginal(encoded, [names[a], names[b]]);
      const pa = oneWay[a];
      const pb = oneWay[b];
      let l1 = 0;
      for (let i = 0; i < pa.length; i++)
        for (let j = 0; j < pb.length; j++) {
          const estimate = Math.round(((pa[i] * pb[j]) / total) * UNITS_PER_PATIENT);
          l1 += Math.abs(truth[i * pb.length + j] * UNITS_PER_PATIENT - estimate);
        }
      scores.set(`${a},${b}`, l1);
    }
  return scores;
}

/**
 * The d − 1 edges of a spanning tree: the `fixed` edges (public choices; any that would close a
 * cycle is dropped), then the rest each drawn by an ε-DP exponential mechanism among the edges
 * joining two components. Returns the fixed edges kept, then the drawn ones.
 */
export function selectTree(
  attributes: number,
  scores: ReadonlyMap<string, number>,
  epsilon: number,
  bits: RandomBits,
  fixed: readonly Edge[] = [],
): Edge[] {
  const component = Array.from({ length: attributes }, (_, i) => i);
  const find = (i: number): number => {
    while (component[i] !== i) {
      component[i] = component[component[i]];
      i = component[i];
    }
    return i;
  };
  const tree: Edge[] = [];
  for (const [a, b] of fixed) {
    if (find(a) === find(b)) continue;
    tree.push([Math.min(a, b), Math.max(a, b)]);
    component[find(a)] = find(b);
  }
  let candidates: Edge[] = [];
  for (let a = 0; a < attributes; a++) for (let b = a + 1; b < attributes; b++) candidates.push([a, b]);
  while (tree.length < attributes - 1) {
    candidates = candidates.filter(([a, b]) => find(a) !== find(b));
    const chosen =
      candidates[
        exponentialMechanism(
          candidates.map(([a, b]) => scoreOf(scores, a, b)),
          epsilon,
          UNITS_PER_PATIENT,
          bits,
        )
      ];
    tree.push(chosen);
    component[find(chosen[0])] = find(chosen[1]);
  }
  return tree;
}

function scoreOf(scores: ReadonlyMap<string, number>, a: number, b: number): number {
  const score = scores.get(`${a},${b}`);
  if (score === undefined) throw new RangeError(`no score for the pair (${a}, ${b})`);
  return score;
}
