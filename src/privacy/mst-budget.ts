/**
 * MST's budget split (McKenna, Miklau & Sheldon 2021, "Winning the NIST Contest", Algorithm 1, and
 * private-pgm's mechanisms/mst.py): the (ε, δ) request becomes ρ by the tight conversion, and ρ is
 * split in three equal parts: the 1-way marginals of all d columns, the d − 1 exponential-mechanism
 * selections of the spanning tree's edges, and the measurement of those d − 1 edges.
 *
 * A marginal's count vector changes by 1 in one cell when a patient is added or removed (L2
 * sensitivity 1), so k marginals measured with per-cell noise σ_k spend k / (2σ_k²); spending ρ/3
 * gives σ_k = √(3k / (2ρ)) = σ·√k with σ = √(3 / (2ρ)), the per-cell σ private-pgm reports before it
 * divides its weights (σ ≈ 10.0 at ε = 1, δ = 1e-9, where ρ ≈ 0.0150).
 */
import { exponentialMechanismEpsilon, zcdpRho } from './zcdp.js';

export interface MstBudget {
  /** The whole zCDP budget of the (ε, δ) request. */
  readonly rho: number;
  /** √(3 / (2ρ)): the per-cell σ if one marginal took a whole third of the budget. */
  readonly sigma: number;
  /** Per-cell σ of each 1-way marginal: σ·√d. */
  readonly oneWaySigma: number;
  /** ε of each of the d − 1 − f exponential-mechanism selections (f fixed edges): √(8 · (ρ/3) / (d − 1 − f)). */
  readonly selectionEpsilon: number;
  /** Per-cell σ of each measured edge (2-way marginal): σ·√(d − 1). */
  readonly edgeSigma: number;
}

/** `fixedEdges`: tree edges chosen publicly, before selection (our survival endpoints; 0 in the paper). */
export function mstBudget(epsilon: number, delta: number, nColumns: number, fixedEdges = 0): MstBudget {
  if (!Number.isInteger(nColumns) || nColumns < 2)
    throw new RangeError(`MST needs at least 2 columns, got ${nColumns}`);
  if (!Number.isInteger(fixedEdges) || fixedEdges < 0 || fixedEdges > nColumns - 1)
    throw new RangeError(
      `a tree over ${nColumns} columns has at most ${nColumns - 1} fixed edges, got ${fixedEdges}`,
    );
  const rho = zcdpRho(epsilon, delta);
  const sigma = Math.sqrt(3 / (2 * rho));
  const edges = nColumns - 1;
  return {
    rho,
    sigma,
    oneWaySigma: sigma * Math.sqrt(nColumns),
    selectionEpsilon: exponentialMechanismEpsilon(rho / 3 / Math.max(1, edges - fixedEdges)),
    edgeSigma: sigma * Math.sqrt(edges),
  };
}
