/**
 * Federated jobs as rows: what was asked (kind, parameters), the quorum to start and the threshold
 * t of secure aggregation, deadlines, and the status of the state machine in `job-status.ts`. A
 * restarted hub reads its unfinished jobs back from here (`unfinishedJobs`) and carries on.
 *
 * Transitions are atomic: the job's row is locked, its current status checked against the table,
 * then written, with the audit entry, in one transaction; of two hub workers moving the same job,
 * the second reads the first's result and is refused, naming both states.
 */
import * as z from 'zod';
import { thresholdProblem } from '../../federation/secagg/index.js';
import { appendAudit } from './audit.js';
import { HubStateError, IllegalTransitionError } from './errors.js';
import { isJobStatus, JOB_TRANSITIONS, type JobStatus } from './job-status.js';
import { integerOf, type Queryable, type Store } from './store.js';

const JsonObject = z.record(z.string(), z.unknown());

export const JobRequest = z
  .object({
    kind: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes'),
    parameters: JsonObject,
    /** Nodes that must have joined before collection starts. */
    minNodes: z.number().int().min(2),
    /** Nodes that must remain to finish: the Shamir threshold t of the mask seeds, minNodes/2 < t ≤ minNodes. */
    threshold: z.number().int().min(2),
    deadline: z.date(),
  })
  .strict()
  .superRefine((job, context) => {
    // Secure aggregation's rule, with n = minNodes.
    const problem = thresholdProblem(job.threshold, job.minNodes, 'minNodes');
    if (problem) context.addIssue({ code: 'custom', path: ['threshold'], message: problem });
  });
export type JobRequest = z.infer<typeof JobRequest>;

export interface Job {
  readonly id: number;
  readonly kind: string;
  readonly parameters: Record<string, unknown>;
  readonly status: JobStatus;
  readonly minNodes: number;
  readonly threshold: number;
  readonly createdAt: Date;
  readonly deadline: Date;
  readonly updatedAt: Date;
  readonly finishedAt: Date | null;
  readonly result: Record<string, unknown> | null;
  readonly abortReason: string | null;
}

const COLUMNS = `id, kind, parameters, status, min_nodes, threshold, created_at, deadline, updated_at,
  finished_at, result, abort_reason`;

export async function createJob(
  store: Store,
  request: JobRequest,
  actor: string,
  now = new Date(),
): Promise<Job> {
  const parsed = JobRequest.safeParse(request);
  if (!parsed.success)
    throw new HubStateError(
      'invalid',
      `job refused: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'job'}: ${i.message}`).join('; ')}`,
    );
  const { kind, parameters, minNodes, threshold, deadline } = parsed.data;
  if (!(deadline > now))
    throw new HubStateError(
      'invalid',
      `job refused: deadline ${deadline.toISOString()} is not after ${now.toISOString()}`,
    );
  return store.transaction(async (tx) => {
    const { rows } = await tx.query<JobRow>(
      `INSERT INTO jobs (kind, parameters, min_nodes, threshold, created_at, deadline, updated_at)
       VALUES ($1, $2::jsonb, $3, $4, $5, $6, $5) RETURNING ${COLUMNS}`,
      [kind, JSON.stringify(parameters), minNodes, threshold, now, deadline],
    );
    const job = jobOf(rows[0]);
    await appendAudit(
      tx,
      { actor, action: 'job.create', subject: `job ${job.id}`, detail: { kind, minNodes, threshold } },
      now,
    );
    return job;
  });
}

export async function getJob(db: Queryable, id: number): Promise<Job> {
  const { rows } = await db.query<JobRow>(`SELECT ${COLUMNS} FROM jobs WHERE id = $1`, [id]);
  if (!rows[0]) throw new HubStateError('not-found', `no job ${id}`);
  return jobOf(rows[0]);
}

/** Jobs not yet done or aborted, oldest first: what a restarted hub resumes. */
export async function unfinishedJobs(db: Queryable): Promise<Job[]> {
  const { rows } = await db.query<JobRow>(
    `SELECT ${COLUMNS} FROM jobs WHERE status NOT IN ('done', 'aborted') ORDER BY id`,
  );
  return rows.map(jobOf);
}

export interface Transition {
  to: JobStatus;
  actor: string;
  /** Required to enter 'done': what the job released (sums of at least t nodes, a model). */
  result?: Record<string, unknown>;
  /** Required to enter 'aborted'. */
  reason?: string;
  now?: Date;
}

/** Moves job `id` to `transition.to`, or throws `IllegalTransitionError` naming both states. */
export async function transitionJob(store: Store, id: number, transition: Transition): Promise<Job> {
  const { to, actor, result, reason } = transition;
  const now = transition.now ?? new Date();
  if (to === 'done' && !result)
    throw new HubStateError('invalid', `job ${id} cannot be done without a result`);
  if (to === 'aborted' && !reason)
    throw new HubStateError('invalid', `job ${id} cannot be aborted without a reason`);
  return store.transaction(async (tx) => {
    const { rows } = await tx.query<{ status: string }>('SELECT status FROM jobs WHERE id = $1 FOR UPDATE', [
      id,
    ]);
    if (!rows[0]) throw new HubStateError('not-found', `no job ${id}`);
    const from = rows[0].status as JobStatus;
    if (!JOB_TRANSITIONS[from].includes(to))
      throw new IllegalTransitionError(`job ${id}`, from, to, JOB_TRANSITIONS[from]);
    const final = to === 'done' || to === 'aborted';
    const updated = await tx.query<JobRow>(
      `UPDATE jobs SET status = $2, updated_at = $3, finished_at = $4, result = $5::jsonb, abort_reason = $6
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [
        id,
        to,
        now,
        final ? now : null,
        result ? JSON.stringify(result) : null,
        to === 'aborted' ? reason : null,
      ],
    );
    if (to === 'aborted')
      await tx.query(
        `UPDATE job_rounds SET status = 'aborted', closed_at = $2 WHERE job_id = $1 AND status = 'open'`,
        [id, now],
      );
    await appendAudit(
      tx,
      { actor, action: 'job.transition', subject: `job ${id}`, detail: { from, to, reason: reason ?? null } },
      now,
    );
    return jobOf(updated.rows[0]);
  });
}

/** Unfinished jobs whose deadline has passed at `now`: the hub aborts them. */
export async function overdueJobs(db: Queryable, now: Date): Promise<Job[]> {
  const { rows } = await db.query<JobRow>(
    `SELECT ${COLUMNS} FROM jobs WHERE status NOT IN ('done', 'aborted') AND deadline <= $1 ORDER BY id`,
    [now],
  );
  return rows.map(jobOf);
}

interface JobRow {
  id: unknown;
  kind: string;
  parameters: Record<string, unknown>;
  status: string;
  min_nodes: number;
  threshold: number;
  created_at: Date;
  deadline: Date;
  updated_at: Date;
  finished_at: Date | null;
  result: Record<string, unknown> | null;
  abort_reason: string | null;
}

function jobOf(row: JobRow): Job {
  if (!isJobStatus(row.status))
    throw new HubStateError('schema', `job ${row.id} has an unknown status '${row.status}'`);
  return {
    id: integerOf(row.id),
    kind: row.kind,
    parameters: row.parameters,
    status: row.status,
    minNodes: row.min_nodes,
    threshold: row.threshold,
    createdAt: row.created_at,
    deadline: row.deadline,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
    result: row.result,
    abortReason: row.abort_reason,
  };
}
