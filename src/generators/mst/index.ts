/**
 * The `mst` generator (McKenna, Miklau & Sheldon 2021, "Winning the NIST Contest: A scalable and
 * general approach to differentially private synthetic data"): noisy 1-way marginals, domain
 * compression, a maximum spanning tree of 2-way marginals chosen by the exponential mechanism, its
 * edges measured, a graphical model estimated from those measurements alone, and sampling.
 * (ε, δ)-differentially private through zCDP; see docs/generators/mst.md.
 */
import type { Schema } from '../../data/schema.js';
import { type FittedModel, fitByMeasuring, type MeasuredGenerator, READS_NOTHING } from '../generator.js';
import type { GraphicalModel } from '../pgm/model.js';
import { modelFromParams, paramsOf } from '../pgm/params.js';
import { sampleCodes } from '../pgm/sample.js';
import type { Compression } from './compress.js';
import { decodeRows } from './decode.js';
import { compressionOf, mstEstimate } from './estimate.js';
import { mstMeasure } from './measure.js';
import { MST_ESTIMATOR_VERSION, MstMeasurements, MstOptions, MstParams } from './options.js';

export { MST_ESTIMATOR_VERSION, MstMeasurements, MstOptions, MstParams, MstPrivacy } from './options.js';
export { mstEstimate, mstMeasure };

function fittedModel(
  params: MstParams,
  c: Compression,
  model: GraphicalModel,
  schema: Schema,
): FittedModel<MstParams> {
  return {
    params,
    sample: ({ rows, rng }) => decodeRows(sampleCodes(model, rows, rng.split('codes')), c, schema, rng),
  };
}

function estimated(measurements: MstMeasurements, schema: Schema, options: MstOptions) {
  const { compression, model } = mstEstimate(measurements, schema, options);
  const params = { measurements, estimator: MST_ESTIMATOR_VERSION, model: paramsOf(model) };
  return fittedModel(params, compression, model, schema);
}

export const mstGenerator: MeasuredGenerator<MstOptions, MstParams, MstMeasurements> = {
  name: 'mst',
  summary:
    'MST (McKenna et al. 2021): noisy 1- and 2-way marginals on a spanning tree, a graphical model fitted to them',
  capabilities: {
    // Measurements add up across sites, but the tree is chosen on the pooled data: a hub would
    // need the sites' edge scores summed, which the federation work (issue 11) adds.
    federable: false,
    differentialPrivacy: true,
    rounds: 2,
    pipelineReads: READS_NOTHING,
  },
  options: MstOptions,
  paramsSchema: MstParams,
  measurementsSchema: MstMeasurements,
  measure: mstMeasure,
  estimate: estimated,
  fit: fitByMeasuring('mst', mstMeasure, estimated),
  restore: (params, schema, options) => {
    // A model from another estimator version is re-estimated from its measurements: no new spend.
    if (params.estimator !== MST_ESTIMATOR_VERSION || !params.model)
      return estimated(params.measurements, schema, options);
    return fittedModel(
      params,
      compressionOf(params.measurements, schema, options),
      modelFromParams(params.model),
      schema,
    );
  },
};
