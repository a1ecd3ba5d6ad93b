/**
 * The `copula` generator: a Gaussian copula over empirical marginals (the baseline, and federable).
 * Each column gets a latent standard normal: number columns through a compressed empirical CDF with
 * point masses kept as masses, categorical columns through intervals of their frequencies in an
 * order chosen to carry their associations, and every column with missing values a second latent
 * for "is missing". The latent normals share one correlation matrix. Conditions are intervals of
 * the latent normals, sampled from the truncated distribution rather than by filtering.
 * The schema's rules are built into the model (`structure.ts`): implications and comparisons hold
 * by construction, so the pipeline rarely rejects a row, and what it accepts is not biased by it.
 * With `survival: 'cox'` (the default) each survival endpoint is drawn last, from
 * proportional-hazards models given the baseline columns and the derived ones computed from them
 * (`survival.ts`), so that covariate effects on survival are kept.
 * Fitting needs no randomness: the same table always gives the same parameters.
 */
import type { Schema } from '../../data/schema.js';
import type { Generator } from '../generator.js';
import { fitCopula } from './fit.js';
import { CopulaOptions, CopulaParams } from './params.js';
import { CopulaSampler } from './sampler.js';

export { copulaTransforms, estimateCopula } from './estimate.js';
export { type CopulaRequest, measureCopula, measureMarginals, measureMoments } from './measure.js';
export {
  addAll,
  addMarginals,
  addMoments,
  CopulaMarginals,
  CopulaMoments,
  CopulaTransforms,
} from './measurements.js';
export { CopulaOptions, CopulaParams } from './params.js';

function fittedModel(params: CopulaParams, options: CopulaOptions, schema: Schema) {
  const sampler = new CopulaSampler(params, options, schema);
  return { params, sample: sampler.sample.bind(sampler) };
}

export const copulaGenerator: Generator<CopulaOptions, CopulaParams> = {
  name: 'copula',
  summary:
    'Gaussian copula over empirical marginals, with point masses, categories and missingness; fast and federable',
  // Federable as a model: marginals are sketches, correlations sums; the survival hazard models
  // (survival: 'cox') are penalised Cox fits whose Newton steps need only summed scores and
  // information matrices, and whose pooled baselines need summed events and exposure — a fit in
  // rounds. The measure → estimate entry points for them come with the federation work (issues 10–11).
  capabilities: { federable: true, differentialPrivacy: false },
  options: CopulaOptions,
  paramsSchema: CopulaParams,
  fit: ({ table, schema, progress }, options) =>
    fittedModel(fitCopula(table, schema, options, progress), options, schema),
  restore: (params, schema, options) => fittedModel(params, options, schema),
};
