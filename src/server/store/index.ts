/** The hub's state in PostgreSQL: one `Store`, two backends, migrations, typed repositories. */
export { type AuditEntry, AuditEvent, appendAudit, readAudit } from './audit.js';
export { openEmbeddedStore } from './embedded.js';
export {
  EnrolmentRefusedError,
  HubStateError,
  type HubStateProblem,
  IllegalTransitionError,
  type TokenRefusal,
} from './errors.js';
export {
  isFinal,
  isJobStatus,
  JOB_STATUSES,
  JOB_TRANSITIONS,
  type JobStatus,
  ROUND_STATUSES,
  type RoundStatus,
} from './job-status.js';
export {
  createJob,
  getJob,
  type Job,
  JobRequest,
  overdueJobs,
  type Transition,
  transitionJob,
  unfinishedJobs,
} from './jobs.js';
export { migrate } from './migrate.js';
export { HUB_MIGRATIONS, type Migration } from './migrations.js';
export {
  activeKey,
  activeNodes,
  type Enrolment,
  enrolNode,
  type NodeKey,
  revokeNode,
} from './nodes.js';
export { forgetExpiredNonces, rememberNonce, type SeenNonce } from './nonces.js';
export { type CentreReport, centreReports, recordCentreReport } from './reports.js';
export { recordRoundTasks, roundTaskOf } from './round-tasks.js';
export { closeRound, getRound, openRound, type Round, type RoundRequest, roundsOf } from './rounds.js';
export { openServerStore, type ServerStoreOptions } from './server.js';
export type { Queryable, QueryResult, Store, StoreBackend } from './store.js';
export {
  recordSubmission,
  type Submission,
  submissionsOf,
  submittersOf,
  type Upload,
} from './submissions.js';
export {
  coordinatorOf,
  hashToken,
  issueCoordinatorToken,
  issueEnrolmentToken,
  newToken,
  TOKEN_BYTES,
  TOKEN_PREFIX,
  type TokenKind,
  tokenMatches,
} from './tokens.js';
