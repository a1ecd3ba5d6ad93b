/**
 * Membership inference: the attacker holds the synthetic data and a set of real rows, half of them
 * training members and half not, and must tell which are members. Two attacks, both scored by
 * ROC AUC over equal-sized member and non-member samples (0.5 = no better than a coin):
 *
 * - distance: score = −(distance to the nearest synthetic row). A generator that memorises puts
 *   synthetic rows on top of its members (Stadler, Oprisanu & Troncoso 2022, "Synthetic data –
 *   anonymisation groundhog day", the closest-distance attacker).
 * - density ratio: DOMIAS (van Breugel, Sun, Qian & van der Schaar 2023) scores p_syn(x) / p_ref(x),
 *   the synthetic density over the population's, estimated from a reference sample; an over-fitted
 *   generator has density peaks at its members that the population lacks. With k-NN density
 *   estimates p(x) ∝ k / (n · d_k(x)^D), log p_syn − log p_ref = D · (log d_k,ref − log d_k,syn) +
 *   const; the AUC is invariant to that increasing map, so the unknown dimension D drops out and
 *   the score is log d_k,ref(x) − log d_k,syn(x). The reference is the half of the holdout not used
 *   as non-members, so no evaluated row is its own neighbour.
 */
import type { EncodedRows, NeighbourIndex } from '../../neighbours/index.js';
import { kNearest } from '../../neighbours/index.js';
import { rocAuc } from '../../stats/auc.js';
import type { MiaReport } from './report.js';

/** Keeps log finite where a distance is 0 (an exact copy); far below any non-zero Gower distance. */
const LOG_FLOOR = 1e-12;

export interface MiaInput {
  /** Index over the synthetic rows, and over the attacker's reference rows (holdout part). */
  synthetic: NeighbourIndex;
  reference: NeighbourIndex;
  /** Encoded training rows and the sampled members among them. */
  training: EncodedRows;
  members: ArrayLike<number>;
  /** Encoded holdout rows and the non-members among them (disjoint from the reference). */
  holdout: EncodedRows;
  nonMembers: ArrayLike<number>;
  k: number;
}

export function membershipInference(input: MiaInput): MiaReport {
  const k = Math.min(input.k, input.synthetic.rows.n, input.reference.rows.n);
  const m = input.members.length;
  const n = m + input.nonMembers.length;
  const labels = new Uint8Array(n);
  labels.fill(1, 0, m);
  const distanceScores = new Float64Array(n);
  const densityScores = new Float64Array(n);
  const groups: Array<[EncodedRows, ArrayLike<number>, number]> = [
    [input.training, input.members, 0],
    [input.holdout, input.nonMembers, m],
  ];
  for (const [rows, which, offset] of groups) {
    const toSynthetic = kNearest(input.synthetic, rows, k, { rows: which });
    const toReference = kNearest(input.reference, rows, k, { rows: which });
    for (let q = 0; q < which.length; q++) {
      const dSyn = toSynthetic.distances[q * k + k - 1];
      const dRef = toReference.distances[q * k + k - 1];
      distanceScores[offset + q] = -toSynthetic.distances[q * k];
      densityScores[offset + q] = Math.log(dRef + LOG_FLOOR) - Math.log(dSyn + LOG_FLOOR);
    }
  }
  const distance = rocAuc(distanceScores, labels);
  const density = rocAuc(densityScores, labels);
  return {
    auc: Math.max(distance, density),
    distance: { auc: distance },
    densityRatio: { auc: density, k },
    members: m,
    nonMembers: input.nonMembers.length,
    reference: input.reference.rows.n,
  };
}
