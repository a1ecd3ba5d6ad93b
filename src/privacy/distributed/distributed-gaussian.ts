/**
 * The privacy of a sum of discrete Gaussians: the distributed discrete Gaussian of Kairouz, Liu &
 * Steinke (2021), "The Distributed Discrete Gaussian Mechanism for Federated Learning with Secure
 * Aggregation" (ICML; arXiv:2102.06387), Proposition 14.
 *
 * Each of n nodes adds independent N_Z(0, σ²) noise to every cell of an integer query answer; secure
 * aggregation reveals only the sum. A sum of discrete Gaussians is not a discrete Gaussian, but for
 * σ ≥ 1/2 it is close to N_Z(0, nσ²): for every integer shift Δ ∈ Z^d and every order α ≥ 1,
 *
 *   D_α(Z ‖ Z + Δ) ≤ min{ α‖Δ‖₂²/(2nσ²) + τd,
 *                         α/2 · (‖Δ‖₂²/(nσ²) + 2‖Δ‖₁τ/√(nσ²) + τ²d),
 *                         α/2 · (‖Δ‖₂/√(nσ²) + τ√d)² },
 *   τ = 10 · Σ_{k=1}^{n−1} exp(−2π²σ² · k/(k+1)).
 *
 * Because α ≥ 1, the additive τd of the first term is at most α·τd, so each term is α·ρᵢ for some ρᵢ
 * and the sum is ρ-zCDP with ρ = min ρᵢ. That is what this module returns. (The paper's main-text
 * statement in ½ε²-concentrated DP form is read off the same proposition; we use the proposition
 * itself, and the authors' accounting code, google-research/federated distributed_dp, evaluates
 * exactly these three terms.)
 */
import { UsageError } from '../../core/errors.js';

/** A query's sensitivity: how far one patient can move the answer vector, in L1 and L2 norm. */
export interface QuerySensitivity {
  /** Bound on ‖Δ‖₁ (a batch of m marginals: m, one count per marginal). */
  readonly l1: number;
  /** Bound on ‖Δ‖₂ (a batch of m marginals: √m). */
  readonly l2: number;
  /** The number of noised cells d (all cells of all marginals released together). */
  readonly dimension: number;
}

export interface DistributedGaussian extends QuerySensitivity {
  /** σ² of each node's share, N_Z(0, σ²) per cell. */
  readonly sigma2: number;
  /** How many independent shares the sum holds (at least: see nodeShareForRho). */
  readonly nodes: number;
}

export interface DistributedGaussianBound {
  readonly tau: number;
  /** The zCDP ρ of the sum: the smallest of `terms`. */
  readonly rho: number;
  /** ρ from each of Proposition 14's three terms, in its order. */
  readonly terms: readonly [number, number, number];
}

/** Proposition 14 holds for σ ≥ 1/2; a single node's share is a plain discrete Gaussian (any σ). */
export const MIN_SHARE_SIGMA2 = 0.25;

/**
 * τ = 10 · Σ_{k=1}^{n−1} exp(−2π²σ² k/(k+1)): how far the sum of n shares is from N_Z(0, nσ²).
 * Zero for one node; it falls like exp(−π²σ²) as σ² grows, so it only matters for σ below ~2.
 */
export function sumTau(sigma2: number, nodes: number): number {
  checkShare(sigma2, nodes);
  let sum = 0;
  for (let k = 1; k < nodes; k++) sum += Math.exp((-2 * Math.PI * Math.PI * sigma2 * k) / (k + 1));
  return 10 * sum;
}

/** The zCDP ρ of the sum of `nodes` shares of N_Z(0, sigma2) each, and the terms it is the least of. */
export function distributedGaussianBound(params: DistributedGaussian): DistributedGaussianBound {
  checkSensitivity(params);
  return boundAt(params, params.nodes, sumTau(params.sigma2, params.nodes));
}

/**
 * The zCDP ρ of the sum of `nodes` shares of N_Z(0, sigma2) for a query of the given sensitivity.
 * The sum of n shares is the sum of any k ≤ n of them plus independent noise, i.e. a post-processing
 * of the k-share release, so ρ(n) ≤ bound(k) for every k ≤ n. Taking the least matters when τd is
 * large (small σ², many cells), where the bound alone can grow with n although the privacy cannot
 * get worse.
 */
export function distributedGaussianRho(params: DistributedGaussian): number {
  checkShare(params.sigma2, params.nodes);
  checkSensitivity(params);
  let rho = Number.POSITIVE_INFINITY;
  let sum = 0;
  for (let k = 1; k <= params.nodes; k++) {
    // τ(k) = 10 · Σ_{j<k} exp(−2π²σ² j/(j+1)), accumulated as k grows.
    if (k > 1) sum += Math.exp((-2 * Math.PI * Math.PI * params.sigma2 * (k - 1)) / k);
    rho = Math.min(rho, boundAt(params, k, 10 * sum).rho);
  }
  return rho;
}

function boundAt(
  query: QuerySensitivity & { sigma2: number },
  nodes: number,
  tau: number,
): DistributedGaussianBound {
  const { l1, l2, dimension: d } = query;
  const central = nodes * query.sigma2;
  // Computed exactly as zcdp.ts's gaussianRho, so that one node gives the central ρ to the last bit.
  const first = (l2 * l2) / (2 * central) + tau * d;
  if (tau === 0) return { tau, rho: first, terms: [first, first, first] };
  const scale = Math.sqrt(central);
  const second = ((l2 * l2) / central + (2 * l1 * tau) / scale + tau * tau * d) / 2;
  const third = (l2 / scale + tau * Math.sqrt(d)) ** 2 / 2;
  // Every term is at least the central ρ; the floor keeps the last bit of rounding from undercutting it.
  const rho = Math.max(Math.min(first, second, third), (l2 * l2) / (2 * central));
  return { tau, rho, terms: [first, second, third] };
}

export function checkShare(sigma2: number, nodes: number): void {
  if (!Number.isSafeInteger(nodes) || nodes < 1)
    throw new UsageError(`nodes must be a whole number ≥ 1, got ${nodes}`, 'nodes');
  if (!(sigma2 > 0) || !Number.isFinite(sigma2))
    throw new UsageError(`sigma2 must be a positive finite number, got ${sigma2}`, 'sigma2');
  if (nodes > 1 && sigma2 < MIN_SHARE_SIGMA2)
    throw new UsageError(
      `sigma2 must be at least 1/4 when noise is summed over ${nodes} nodes (Kairouz, Liu & Steinke 2021, ` +
        `Proposition 14 needs σ ≥ 1/2), got ${sigma2}`,
      'sigma2',
    );
}

export function checkSensitivity(query: QuerySensitivity): QuerySensitivity {
  const { l1, l2, dimension } = query;
  if (!(l1 >= 0) || !Number.isFinite(l1))
    throw new UsageError(`l1 must be a finite number ≥ 0, got ${l1}`, 'l1');
  if (!(l2 >= 0) || !Number.isFinite(l2))
    throw new UsageError(`l2 must be a finite number ≥ 0, got ${l2}`, 'l2');
  // ‖Δ‖₂ ≤ ‖Δ‖₁ for every vector: an L2 bound above the L1 bound is a mistake in the query's analysis.
  if (l2 > l1) throw new UsageError(`l2 (${l2}) cannot exceed l1 (${l1}), since ‖Δ‖₂ ≤ ‖Δ‖₁`, 'l2');
  if (!Number.isSafeInteger(dimension) || dimension < 1)
    throw new UsageError(`dimension must be a whole number ≥ 1, got ${dimension}`, 'dimension');
  return query;
}
