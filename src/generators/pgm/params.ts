/**
 * A fitted graphical model as plain JSON (for a model file): the domain summary, the estimated
 * total, and the log-potentials per clique. The junction tree and beliefs are rebuilt on load.
 */
import * as z from 'zod';
import { ModelError } from '../../core/errors.js';
import { DomainSummary } from '../measure/measurements.js';
import { cellCount } from './cells.js';
import { cliqueOf, type GraphicalModel, graphicalModel, sizesOf } from './model.js';

export const ModelParams = z
  .object({
    domain: DomainSummary,
    total: z.number().positive().finite(),
    cliques: z.array(z.array(z.string().min(1)).min(1)),
    potentials: z.array(z.array(z.number().finite())),
  })
  .strict();

export type ModelParams = z.infer<typeof ModelParams>;

export function paramsOf(model: GraphicalModel): ModelParams {
  const names = model.domain.attributes.map((a) => a.name);
  return {
    domain: model.domain,
    total: model.total,
    cliques: model.cliques.map((c) => c.map((a) => names[a])),
    potentials: model.potentials.map((p) => Array.from(p)),
  };
}

export function modelFromParams(input: unknown): GraphicalModel {
  const parsed = ModelParams.safeParse(input);
  if (!parsed.success) {
    const [first] = parsed.error.issues;
    throw new ModelError({}, `graphical model ${first.path.join('.')}: ${first.message}`);
  }
  const { domain, total, cliques, potentials } = parsed.data;
  const sizes = sizesOf(domain);
  const indices = cliques.map((names) => cliqueOf(domain, names));
  // Potentials are row-major over the clique in domain order; another order would scramble them.
  indices.forEach((c, k) => {
    if (c.some((a, i) => domain.attributes[a].name !== cliques[k][i]))
      throw new ModelError({}, `graphical model: clique ${cliques[k].join(', ')} is not in domain order`);
  });
  if (potentials.length !== indices.length)
    throw new ModelError(
      {},
      `graphical model: ${indices.length} cliques but ${potentials.length} potentials`,
    );
  indices.forEach((c, k) => {
    if (potentials[k].length !== cellCount(c, sizes))
      throw new ModelError(
        {},
        `graphical model: the potential of ${cliques[k].join(', ')} has ${potentials[k].length} cells, its clique ${cellCount(c, sizes)}`,
      );
  });
  return graphicalModel(
    domain,
    indices,
    potentials.map((p) => Float64Array.from(p)),
    total,
  );
}
