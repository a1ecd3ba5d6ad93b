/**
 * The public arithmetic of the federated mst (docs/federation/federated-mst.md), computed the same
 * way by the hub and by every site from the job's parameters alone: the budget split, each noisy
 * phase's noise share, the ring codec, and where each marginal sits in a phase's vector.
 *
 * A site recomputes its share from the parameters and the phase's site list rather than reading it
 * from the hub: a hub that understated the noise would otherwise spend the site's patients' budget.
 */
import { DataError, UsageError } from '../../core/errors.js';
import type { Schema } from '../../data/schema.js';
import type { IntegerCodec } from '../../federation/secagg/encoding.js';
import type { Domain } from '../../generators/measure/domain.js';
import { type NodeShare, nodeShareForRho } from '../../privacy/distributed/index.js';
import { exponentialMechanismEpsilon, exponentialMechanismRho, zcdpRho } from '../../privacy/zcdp.js';

/** As central mst (measure.ts): each phase's share shrunk so that float rounding never spends over the budget. */
const BUDGET_MARGIN = 1 - 2 ** -30;

/**
 * How the federated mst spends its budget and reads its votes: fixed per protocol (the job's
 * parameters do not carry it), public, and computed the same way by the hub and every site.
 */
export interface MstTuning {
  /** Fractions of ρ for the one-way phase, the site-local selection and the pairs phase; they sum to 1. */
  readonly shares: readonly [oneWay: number, selection: number, pairs: number];
  /**
   * 'flat': a site's vote is 1 for each pair of its forest. 'ranked': its k-th draw of `draws`
   * counts draws − k, so the pairs a site drew first (the surest) weigh more in the hub's tree.
   */
  readonly votes: 'flat' | 'ranked';
}

/**
 * Thirds of ρ, as central mst; ranked votes, which narrowed the gap to central mst at both ε = 1
 * and 3 over three seeds of the AML bench (docs/federation/federated-mst.md, "Tuning").
 */
export const MST_TUNING: MstTuning = { shares: [1 / 3, 1 / 3, 1 / 3], votes: 'ranked' };

export interface MstSplit {
  /** The job's whole zCDP budget: what every site charges, in its three phases' shares. */
  readonly rho: number;
  /** ρ of the one-way phase's noisy sums. */
  readonly oneWay: number;
  /** ρ the site-local selection may spend (its draws spend `selectionRho` ≤ this). */
  readonly selection: number;
  /** ρ of the pairs phase's noisy sums. */
  readonly pairs: number;
  /** Exponential-mechanism draws of each site's local selection (d − 1 minus the fixed edges). */
  readonly draws: number;
  /** ε of each draw, for scores of sensitivity 2 (see mst-votes.ts). */
  readonly selectionEpsilon: number;
  /** ρ the selection spends at each site: draws · ε²/8 ≤ selection. */
  readonly selectionRho: number;
}

/**
 * `votes`: the draws of each site's selection, at most the tree's d − 1 − fixed edges. Default: a
 * third of the tree, ⌈(d − 1)/3⌉: fewer, surer draws beat a whole noisy tree per site on the AML
 * bench (docs/federation/federated-mst.md). `shares`: the tuning's split of ρ.
 */
export function mstSplit(
  epsilon: number,
  delta: number,
  attributes: number,
  fixedEdges: number,
  votes?: number,
  shares: MstTuning['shares'] = MST_TUNING.shares,
): MstSplit {
  const total = shares.reduce((s, x) => s + x, 0);
  if (shares.some((x) => !(x > 0)) || Math.abs(total - 1) > 1e-12)
    throw new UsageError(
      `shares: three positive fractions of ρ summing to 1, got ${shares.join(', ')}`,
      'shares',
    );
  const rho = zcdpRho(epsilon, delta);
  const [oneWay, selection, pairs] = shares.map((x) => (rho * x * BUDGET_MARGIN) / total);
  const draws = Math.min(votes ?? Math.ceil((attributes - 1) / 3), attributes - 1 - fixedEdges);
  const selectionEpsilon = exponentialMechanismEpsilon(selection / Math.max(1, draws)) * BUDGET_MARGIN;
  return {
    rho,
    oneWay,
    selection,
    pairs,
    draws,
    selectionEpsilon,
    selectionRho: draws * exponentialMechanismRho(selectionEpsilon),
  };
}

/**
 * How many shares a phase's guarantee counts on: the request's `honest`, or by default a majority
 * of the phase's sites — the fewest sites whose inputs secure aggregation unmasks (t = ⌊m/2⌋ + 1).
 */
export function honestOf(requested: number | undefined, phaseSites: number): number {
  return requested ?? Math.floor(phaseSites / 2) + 1;
}

/**
 * Each site's share of discrete Gaussian noise for `queries` marginals released together (one
 * patient moves one cell of each: Δ₁ = q, Δ₂ = √q) over `cells` cells, so that any `honest` shares
 * give at most `rho` (Kairouz, Liu & Steinke 2021, Proposition 14; nodeShareForRho).
 */
export function phaseShare(
  rho: number,
  queries: number,
  cells: number,
  phaseSites: number,
  honest: number,
): NodeShare {
  if (honest > phaseSites)
    throw new DataError(
      {},
      `the phase has ${phaseSites} sites, fewer than the ${honest} whose noise shares the guarantee counts on (honest)`,
    );
  return nodeShareForRho({
    rho,
    nodes: phaseSites,
    honest,
    l1: queries,
    l2: Math.sqrt(queries),
    dimension: cells,
  });
}

/** Ring codec of a phase: any entry a site may send, summed over the phase's sites, stays an exact double. */
export function phaseCodec(phaseSites: number): IntegerCodec {
  return { bound: Math.floor(Number.MAX_SAFE_INTEGER / phaseSites), contributors: phaseSites };
}

/** Where each query's cells start in a phase's vector, and the vector's length. */
export function offsetsOf(sizes: readonly number[]): { offsets: number[]; length: number } {
  const offsets: number[] = [];
  let length = 0;
  for (const size of sizes) {
    offsets.push(length);
    length += size;
  }
  return { offsets, length };
}

/** Every pair (a, b), a < b, of d attributes in the order of the votes vector. */
export function pairsOf(attributes: number): Array<readonly [number, number]> {
  const pairs: Array<readonly [number, number]> = [];
  for (let a = 0; a < attributes; a++) for (let b = a + 1; b < attributes; b++) pairs.push([a, b]);
  return pairs;
}

/** The attributes a site holds one value of by construction (role 'centre'): see mst-votes.ts. */
export function centreAttributes(schema: Schema, domain: Domain): Set<number> {
  const centre = new Set(schema.columns.filter((c) => c.role === 'centre').map((c) => c.name));
  return new Set(domain.attributes.flatMap((a, i) => (centre.has(a.name) ? [i] : [])));
}

export function checkEpsilonDelta(epsilon: number, delta: number): void {
  if (!(epsilon > 0 && Number.isFinite(epsilon)))
    throw new UsageError(`epsilon must be a finite number > 0, got ${epsilon}`, 'epsilon');
  if (!(delta > 0 && delta < 1)) throw new UsageError(`delta must be in (0, 1), got ${delta}`, 'delta');
}
