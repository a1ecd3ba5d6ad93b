/**
 * A node's share of distributed discrete Gaussian noise: how large it must be, and adding it.
 *
 * A node cannot count on noise it does not see added. Nodes that drop out of a round contribute
 * nothing to the sum, and nodes that collude with the hub can subtract their own share from it. So
 * the share is sized so that the noise of any `honest` nodes alone gives the ρ asked for. With a
 * secure aggregation threshold t (the sum is only revealed when at least t nodes took part) and at
 * most c nodes colluding with the hub, honest = t − c; honest = t assumes no node colludes. Any
 * further shares in the sum are independent noise added to an already ρ-zCDP release, which by
 * post-processing cannot weaken it.
 */
import { DataError, UsageError } from '../../core/errors.js';
import { DiscreteGaussian } from '../discrete-gaussian.js';
import type { RandomBits } from '../random-bits.js';
import { type Rational, rational, toNumber } from '../rational.js';
import {
  checkSensitivity,
  distributedGaussianRho,
  MIN_SHARE_SIGMA2,
  type QuerySensitivity,
  sumTau,
} from './distributed-gaussian.js';

export interface NodeShareRequest extends QuerySensitivity {
  /** The zCDP ρ the released sum may cost, against the hub and any colluding nodes. */
  readonly rho: number;
  /** How many nodes take part in the round. */
  readonly nodes: number;
  /** How many of them are certain to add their share to the revealed sum (see the module comment). */
  readonly honest: number;
}

export interface NodeShare {
  /** σ² of each node's noise, exact, for the sampler: a multiple of 2^−20. */
  readonly sigma2: Rational;
  readonly nodes: number;
  readonly honest: number;
  /** τ of Proposition 14 for `honest` shares. */
  readonly tau: number;
  /** The ρ the sum costs at this σ² when only `honest` shares are in it (at most the ρ asked for). */
  readonly rho: number;
}

/** σ² is chosen on the grid k / 2^20: exact for the sampler, and fine enough that nothing is lost. */
const GRID_BITS = 20;
const GRID = 2 ** GRID_BITS;

/**
 * The smallest σ² on the grid such that `honest` shares of N_Z(0, σ²) give at most `rho`: the next
 * grid point below gives more than `rho` (unless it is under the σ ≥ 1/2 floor of Proposition 14,
 * which only binds for very large ρ).
 */
export function nodeShareForRho(request: NodeShareRequest): NodeShare {
  const { rho, nodes, honest } = request;
  if (!(rho > 0) || !Number.isFinite(rho))
    throw new UsageError(`rho must be a positive finite number, got ${rho}`, 'rho');
  if (!Number.isSafeInteger(nodes) || nodes < 1)
    throw new UsageError(`nodes must be a whole number ≥ 1, got ${nodes}`, 'nodes');
  if (!Number.isSafeInteger(honest) || honest < 1 || honest > nodes)
    throw new UsageError(`honest must be a whole number from 1 to nodes (${nodes}), got ${honest}`, 'honest');
  const query = checkSensitivity(request);
  if (query.l2 === 0)
    throw new UsageError('l2 must be positive: a query no patient can change needs no noise', 'l2');

  const rhoAt = (k: number) => distributedGaussianRho({ ...query, sigma2: k / GRID, nodes: honest });
  const floor = honest > 1 ? Math.ceil(MIN_SHARE_SIGMA2 * GRID) : 1;
  // Every term of the bound is at least the central ρ = Δ₂²/(2·honest·σ²), so no σ² below the central
  // one can do: the search starts there and doubles until the bound is met.
  const central = Math.ceil(((query.l2 * query.l2) / (2 * honest * rho)) * GRID);
  let low = Math.max(floor, central) - 1; // below the floor or over ρ
  let high = low + 1;
  while (rhoAt(high) > rho) {
    low = high;
    high *= 2;
    if (high > Number.MAX_SAFE_INTEGER)
      throw new UsageError(`rho = ${rho} is too small for any representable noise`, 'rho');
  }
  while (high - low > 1) {
    const mid = low + Math.floor((high - low) / 2);
    if (rhoAt(mid) > rho) low = mid;
    else high = mid;
  }
  return {
    sigma2: rational(BigInt(high), 1n << BigInt(GRID_BITS)),
    nodes,
    honest,
    tau: sumTau(high / GRID, honest),
    rho: rhoAt(high),
  };
}

/**
 * This node's answer plus its share of the noise, cell by cell, as integers (exact sampler,
 * Canonne, Kamath & Steinke 2020, Algorithm 3). What an observer of this vector learns: the node's
 * counts up to noise of variance σ², which alone is NOT the guarantee of the released sum. The
 * result must only leave the node masked for secure aggregation, never in the clear.
 */
export function addNodeShare(
  answer: ArrayLike<number>,
  share: { readonly sigma2: Rational },
  bits: RandomBits,
): Float64Array {
  if (toNumber(share.sigma2) <= 0) throw new UsageError('the share needs σ² > 0', 'sigma2');
  const noise = new DiscreteGaussian(share.sigma2);
  const out = new Float64Array(answer.length);
  for (let i = 0; i < answer.length; i++) {
    const count = answer[i];
    // The value is not named: it may be a small count of real patients.
    if (!Number.isSafeInteger(count))
      throw new DataError({}, `cell ${i} of the answer is not an integer count; expected whole numbers`);
    out[i] = count + Number(noise.sample(bits));
  }
  return out;
}
