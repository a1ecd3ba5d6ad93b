/**
 * MST's estimating side: from the released measurements and the public schema only (never a
 * table), the compressed domain, then Private-PGM's graphical model consistent with the noisy 1-way
 * and edge marginals (McKenna, Sheldon & Miklau 2019). The tree's edges make the junction tree the
 * tree itself, so belief propagation is exact and cheap.
 */
import { ModelError } from '../../core/errors.js';
import type { Schema } from '../../data/schema.js';
import { domainFromSchema } from '../measure/domain.js';
import type { Measurements } from '../measure/measurements.js';
import { estimate } from '../pgm/estimate.js';
import type { GraphicalModel } from '../pgm/model.js';
import { type Compression, compression, compressOneWay } from './compress.js';
import type { MstMeasurements, MstOptions } from './options.js';

export interface MstEstimate {
  readonly compression: Compression;
  readonly model: GraphicalModel;
}

export function mstEstimate(measured: MstMeasurements, schema: Schema, options: MstOptions): MstEstimate {
  const c = compressionOf(measured, schema, options);
  const oneWay = compressOneWay(measured.oneWay, c);
  if (measured.edges.domain.hash !== c.domain.hash)
    throw new ModelError(
      {},
      'the edge measurements were taken on another compressed domain than the 1-way measurements imply',
    );
  const combined: Measurements = {
    ...oneWay,
    measurements: [...oneWay.measurements, ...measured.edges.measurements],
  };
  const fit = estimate(combined, { maxIterations: options.maxIterations });
  return { compression: c, model: fit.model };
}

/** The compressed domain the measurements imply, after checking they were taken on this schema's domain. */
export function compressionOf(measured: MstMeasurements, schema: Schema, options: MstOptions): Compression {
  const domain = domainFromSchema(schema, { bins: options.bins });
  if (measured.oneWay.domain.hash !== domain.hash)
    throw new ModelError(
      {},
      'the measurements were taken on another domain than this schema and binning give (categories, bounds or bins differ)',
    );
  return compression(domain, measured.oneWay);
}
