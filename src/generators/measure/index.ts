/**
 * The measuring side of the boundary: a finite domain from the declared schema, a table encoded on
 * it, and marginal measurements (noised by a caller-supplied exact sampler) that add up across sites.
 * See docs/generators/measurements.md.
 */
export { type BinEdges, type BinScale, binEdges, binOf, valueInBin } from './bins.js';
export {
  type Attribute,
  attributeIndex,
  type BinnedAttribute,
  type CategoricalAttribute,
  DEFAULT_BINS,
  type Domain,
  type DomainOptions,
  domainFromSchema,
} from './domain.js';
export { decodeCodes, type EncodedTable, encodeTable } from './encode.js';
export {
  type AddNoise,
  addMeasurements,
  DomainSummary,
  domainSummary,
  inDomainOrder,
  MARGINAL_L2_SENSITIVITY,
  MEASUREMENTS_VERSION,
  Measurement,
  Measurements,
  type MeasureRequest,
  marginal,
  measure,
  type NoiseMechanism,
  parseMeasurements,
} from './measurements.js';
