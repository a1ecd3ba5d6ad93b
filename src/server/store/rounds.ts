/**
 * Rounds of a job: each collects one protocol step's uploads (advertised keys, masked inputs,
 * unmasking shares) from the job's nodes until its deadline or until the hub closes it. Rounds open
 * only while their job is collecting, numbered by the hub.
 */
import { HubStateError, sqlState, UNIQUE_VIOLATION } from './errors.js';
import type { RoundStatus } from './job-status.js';
import { integerOf, type Queryable } from './store.js';

export interface Round {
  readonly jobId: number;
  readonly round: number;
  readonly purpose: string;
  readonly status: RoundStatus;
  readonly openedAt: Date;
  readonly deadline: Date;
  readonly closedAt: Date | null;
}

export interface RoundRequest {
  round: number;
  purpose: string;
  deadline: Date;
  now?: Date;
}

const COLUMNS = 'job_id, round, purpose, status, opened_at, deadline, closed_at';

export async function openRound(db: Queryable, jobId: number, request: RoundRequest): Promise<Round> {
  const now = request.now ?? new Date();
  const { round, purpose, deadline } = request;
  if (!Number.isInteger(round) || round < 0)
    throw new HubStateError('invalid', `round number must be an integer ≥ 0, got ${round}`);
  if (!(deadline > now))
    throw new HubStateError('invalid', `round ${round} of job ${jobId}: deadline must be after its opening`);
  try {
    // FOR SHARE: the job cannot change status while this round is being opened.
    const { rows } = await db.query<RoundRow>(
      `INSERT INTO job_rounds (job_id, round, purpose, opened_at, deadline)
       SELECT id, $2, $3, $4, $5 FROM jobs WHERE id = $1 AND status = 'collecting' FOR SHARE
       RETURNING ${COLUMNS}`,
      [jobId, round, purpose, now, deadline],
    );
    if (rows[0]) return roundOf(rows[0]);
  } catch (error) {
    if (sqlState(error) === UNIQUE_VIOLATION)
      throw new HubStateError('conflict', `job ${jobId} already has a round ${round}`, { cause: error });
    throw error;
  }
  const job = await db.query<{ status: string }>('SELECT status FROM jobs WHERE id = $1', [jobId]);
  if (!job.rows[0]) throw new HubStateError('not-found', `no job ${jobId}`);
  throw new HubStateError(
    'conflict',
    `job ${jobId} is '${job.rows[0].status}': rounds open only while a job is 'collecting'`,
  );
}

/** Ends an open round ('closed': its uploads are complete; 'aborted': they will not be used). */
export async function closeRound(
  db: Queryable,
  jobId: number,
  round: number,
  to: Exclude<RoundStatus, 'open'> = 'closed',
  now = new Date(),
): Promise<Round> {
  const { rows } = await db.query<RoundRow>(
    `UPDATE job_rounds SET status = $3, closed_at = $4 WHERE job_id = $1 AND round = $2 AND status = 'open'
     RETURNING ${COLUMNS}`,
    [jobId, round, to, now],
  );
  if (rows[0]) return roundOf(rows[0]);
  const current = await getRound(db, jobId, round);
  throw new HubStateError(
    'conflict',
    `round ${round} of job ${jobId} cannot go from '${current.status}' to '${to}': only an open round closes`,
  );
}

export async function getRound(db: Queryable, jobId: number, round: number): Promise<Round> {
  const { rows } = await db.query<RoundRow>(
    `SELECT ${COLUMNS} FROM job_rounds WHERE job_id = $1 AND round = $2`,
    [jobId, round],
  );
  if (!rows[0]) throw new HubStateError('not-found', `job ${jobId} has no round ${round}`);
  return roundOf(rows[0]);
}

export async function roundsOf(db: Queryable, jobId: number): Promise<Round[]> {
  const { rows } = await db.query<RoundRow>(
    `SELECT ${COLUMNS} FROM job_rounds WHERE job_id = $1 ORDER BY round`,
    [jobId],
  );
  return rows.map(roundOf);
}

interface RoundRow {
  job_id: unknown;
  round: number;
  purpose: string;
  status: RoundStatus;
  opened_at: Date;
  deadline: Date;
  closed_at: Date | null;
}

function roundOf(row: RoundRow): Round {
  return {
    jobId: integerOf(row.job_id),
    round: row.round,
    purpose: row.purpose,
    status: row.status,
    openedAt: row.opened_at,
    deadline: row.deadline,
    closedAt: row.closed_at,
  };
}
