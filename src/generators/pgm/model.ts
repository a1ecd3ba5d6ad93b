/**
 * A fitted graphical model: a Markov random field p(x) ∝ exp Σ_C θ_C(x_C) over the cliques the
 * measurements named, scaled to an estimated total, with its junction tree calibrated once so that
 * marginals and sampling are reads of the clique beliefs.
 */
import { UsageError } from '../../core/errors.js';
import type { DomainSummary } from '../measure/measurements.js';
import { type CompiledTree, calibrate, compileTree } from './belief-propagation.js';
import type { Clique } from './cells.js';
import { marginalOver } from './query-marginal.js';

export interface GraphicalModel {
  readonly domain: DomainSummary;
  /** The cliques carrying potentials, as attribute indices in increasing (domain) order. */
  readonly cliques: readonly Clique[];
  /** Log-potentials θ_C, row-major over each clique. */
  readonly potentials: readonly Float64Array[];
  /** Estimated number of records (from the noisy measurements, never an exact count). */
  readonly total: number;
  readonly compiled: CompiledTree;
  /** Each junction-tree clique's marginal, in counts summing to `total`. */
  readonly beliefs: readonly Float64Array[];
}

export function sizesOf(domain: DomainSummary): number[] {
  return domain.attributes.map((a) => a.size);
}

/** The attribute indices of named attributes, in domain order. */
export function cliqueOf(domain: DomainSummary, names: readonly string[]): Clique {
  return names
    .map((name) => {
      const at = domain.attributes.findIndex((a) => a.name === name);
      if (at < 0) throw new UsageError(`'${name}' is not an attribute of the model's domain`, 'query');
      return at;
    })
    .sort((a, b) => a - b);
}

/** The model with the given potentials, calibrated (reuse `compiled` when the cliques are the same). */
export function graphicalModel(
  domain: DomainSummary,
  cliques: readonly Clique[],
  potentials: readonly Float64Array[],
  total: number,
  compiled: CompiledTree = compileTree(sizesOf(domain), cliques),
): GraphicalModel {
  return { domain, cliques, potentials, total, compiled, beliefs: calibrate(compiled, potentials, total) };
}

/**
 * The model's marginal over named attributes, in counts, row-major in domain order: a read of one
 * clique's belief when a junction-tree clique holds them all (every measured query), otherwise
 * variable elimination over the smallest subtree that covers them.
 */
export function modelMarginal(model: GraphicalModel, names: readonly string[]): Float64Array {
  return marginalOver(model.compiled, model.beliefs, cliqueOf(model.domain, names));
}
