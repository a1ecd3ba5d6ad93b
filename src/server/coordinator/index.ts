/** The coordinator's side of the federation: a client of the hub's coordinator routes. */
export {
  type CoordinatorClient,
  createCoordinatorClient,
  JobAbortedError,
  type WaitOptions,
} from './client.js';
export {
  FEDERATED_KIND,
  type FederatedJobRequest,
  resolveNodes,
  runFederatedJob,
  type StartedJob,
  startFederatedJob,
} from './federated-job.js';
export { expectStatus, type HubAddress, hubRequest, unreachable } from './https.js';
