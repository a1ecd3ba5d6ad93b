/**
 * A job's life: created (waiting for its quorum of nodes) → collecting (rounds open, nodes upload
 * masked contributions) → aggregating (the hub unmasks the sum and estimates) → done; any unfinished
 * state may end in aborted (a deadline passed, fewer than t nodes remain, the coordinator stopped
 * it). done and aborted are final. The migration's trigger `jobs_check_transition` holds the same
 * table, so the database refuses an illegal move whatever code writes the row; a test checks the
 * two agree on every pair.
 */
export const JOB_STATUSES = ['created', 'collecting', 'aggregating', 'done', 'aborted'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const JOB_TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  created: ['collecting', 'aborted'],
  collecting: ['aggregating', 'aborted'],
  aggregating: ['done', 'aborted'],
  done: [],
  aborted: [],
};

export function isJobStatus(value: string): value is JobStatus {
  return (JOB_STATUSES as readonly string[]).includes(value);
}

export function isFinal(status: JobStatus): boolean {
  return JOB_TRANSITIONS[status].length === 0;
}

/** A round collects one protocol step's uploads until it is closed (or aborted with its job). */
export const ROUND_STATUSES = ['open', 'closed', 'aborted'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];
