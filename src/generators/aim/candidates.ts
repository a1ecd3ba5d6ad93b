/**
 * AIM's candidates (McKenna et al., VLDB 2022, §4.1; private-pgm's `compile_workload`): every
 * non-empty subset of a workload query (the workload's downward closure), each weighted by how much
 * of the workload it covers, c_r = Σ_q w_q · |r ∩ q|. A subset of a query is worth measuring when
 * the query itself is too large for the model-size limit, and the weight favours the marginals
 * that inform most of what the workload asks.
 */
import { UsageError } from '../../core/errors.js';
import type { Domain } from '../measure/domain.js';
import type { Clique } from '../pgm/cells.js';
import type { Workload } from './workload.js';

export interface Candidate {
  /** Attribute indices, increasing (domain order). */
  readonly clique: Clique;
  readonly names: readonly string[];
  readonly weight: number;
  /** Cells of its marginal. */
  readonly cells: number;
}

export function candidatesOf(domain: Domain, workload: Workload): Candidate[] {
  const position = new Map(domain.attributes.map((a, i) => [a.name, i]));
  const queries = workload.map(({ query, weight }) => {
    if (!(weight > 0) || !Number.isFinite(weight))
      throw new UsageError(
        `workload: the weight of ${query.join(' × ')} must be positive, got ${weight}`,
        'workload',
      );
    const clique = [...new Set(query)].map((name) => {
      const at = position.get(name);
      if (at === undefined)
        throw new UsageError(`workload: '${name}' is not an attribute of the domain`, 'workload');
      return at;
    });
    if (clique.length === 0) throw new UsageError('workload: a query names no attribute', 'workload');
    if (clique.length > 20)
      throw new UsageError(`workload: ${query.join(' × ')} has more than 20 attributes`, 'workload');
    return { clique: clique.sort((a, b) => a - b), weight };
  });
  const closure = new Map<string, Clique>();
  for (const { clique } of queries)
    for (let mask = 1; mask < 1 << clique.length; mask++) {
      const subset = clique.filter((_, k) => mask & (1 << k));
      closure.set(subset.join(','), subset);
    }
  const sizes = domain.attributes.map((a) => a.size);
  return [...closure.values()]
    .sort((a, b) => a.length - b.length || compareCliques(a, b))
    .map((clique) => ({
      clique,
      names: clique.map((a) => domain.attributes[a].name),
      weight: queries.reduce((s, q) => s + q.weight * clique.filter((a) => q.clique.includes(a)).length, 0),
      cells: clique.reduce((n, a) => n * sizes[a], 1),
    }));
}

function compareCliques(a: Clique, b: Clique): number {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k] - b[k];
  return 0;
}
