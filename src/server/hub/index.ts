/** The federation hub: its state folder, its HTTPS server and its job engine. */
export { collectKind } from './collect-kind.js';
export type { DatabaseOption } from './database.js';
export {
  type AnyProtocol,
  FEDERATED,
  FederatedJobParameters,
  FederatedTask,
  federatedKind,
  TaskPlan,
} from './federated-kind.js';
export type { JobKind, RoundOutcome, RoundSubmission } from './job-kind.js';
export {
  CreateJobRequest,
  EnrolRequest,
  EnrolResponse,
  JobStatusResponse,
  PollRequest,
  ReportRequest,
  SubmitRequest,
  Task,
} from './messages.js';
export {
  SECAGG_SUM,
  SecAggSumParameters,
  type SecAggSumStart,
  secaggJobOf,
  secaggSumKind,
} from './secagg-kind.js';
export { type RunningHub, type StartHubOptions, startHub } from './start-hub.js';
export {
  type AddNodeOptions,
  addNode,
  HUB_FILES,
  type InitHubOptions,
  type InitializedHub,
  initHub,
} from './state-folder.js';
