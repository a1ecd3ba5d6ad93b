/**
 * Federated workflows: a generator fitted across sites that never pool their rows. Today the
 * copula, through secure aggregation, with every party in one process (tests, bench, demo); the
 * hub and node programs drive the same site and hub steps over the network.
 */
export {
  type AggregationOutcome,
  aggregateInProcess,
  type DropPoint,
  type SiteTraffic,
} from './aggregate.js';
export {
  type FederatedCopulaOptions,
  type FederatedCopulaResult,
  type FederatedSite,
  federatedCopulaFit,
  type RoundRecord,
} from './copula.js';
export {
  decodeMarginals,
  encodeMarginals,
  MAX_GRID_ENTRIES,
  type MarginalsLayout,
  marginalsLayout,
  packCounts,
  packedCountLimit,
  unpackCounts,
} from './marginals-layout.js';
export {
  decodeMoments,
  encodeMoments,
  type MomentsLayout,
  momentsLayout,
  scoreBound,
} from './moments-layout.js';
