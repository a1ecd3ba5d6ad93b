/** The node agent: enrol once, then poll the hub for tasks and answer them (outbound only). */
export { type EnrolNodeOptions, enrolNode } from './enrol.js';
export {
  type FederatedHandlerOptions,
  federatedHandler,
  NODE_LEDGER_FILE,
  nodeLedgerPath,
} from './federated-handler.js';
export { createHttpsTransport, type HttpsTransportOptions } from './https-transport.js';
export { type NodeEvent, type RunNodeOptions, runNode, TaskDeclined, type TaskHandler } from './run-node.js';
export { type SecAggHandlerOptions, secaggSumHandler } from './secagg-handler.js';
export { NODE_FILES, type NodeIdentity, NodeManifest, readNodeIdentity } from './state-folder.js';
export { HubAnswerError, type HubTransport, type SubmitOutcome, UntrustedAnswerError } from './transport.js';
