/**
 * Federated workflows: a generator fitted across sites that never pool their rows. A workflow is a
 * `FederatedProtocol` (protocol.ts); runners: the plain reference, the in-process secure runner
 * (tests, bench, demo) and, over the network, the hub's `federated` job kind with the node's handler.
 */

export { conformToJob } from './conform-site.js';
export {
  type FederatedCopulaOptions,
  type FederatedCopulaResult,
  type FederatedSite,
  federatedCopulaFit,
  type RoundRecord,
} from './copula.js';
export {
  COPULA_PROTOCOL,
  CopulaJobParameters,
  type CopulaJobResult,
  copulaProtocol,
} from './copula-protocol.js';
export {
  type DropPoint,
  type HubObservation,
  type InProcessOptions,
  type InProcessOutcome,
  type InProcessSite,
  type PhaseTraffic,
  phaseThreshold,
  runProtocolInProcess,
  type SiteTraffic,
  trafficPerSite,
} from './in-process.js';
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
export {
  combine,
  type FederatedProtocol,
  type JobOutcome,
  type PhasePlan,
  type PhaseRecord,
  type PhaseResult,
  runProtocolPlain,
  type SiteContext,
  type WithSchema,
} from './protocol.js';
