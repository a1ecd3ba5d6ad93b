/**
 * Uploads of nodes, one per (job, round, node), stored exactly as received. What a node uploads in
 * a masked-input round is its vector plus pairwise masks modulo 2^k: on its own uniformly random,
 * so this table tells a reader of the database nothing about one node's statistic; the store never
 * decodes, unmasks or sums a payload (that is `federation/`'s, in memory, after t nodes answered).
 *
 * A second upload for the same (job, round, node) is refused, never overwritten: two uploads under
 * the same masks would give the hub their difference, x₁ − x₂, in clear. And nothing is accepted
 * once the round closed: secure aggregation (Bonawitz et al. 2017) fixes the set of survivors (U3)
 * before unmasking, because for a node counted as dropped the hub reconstructs its pairwise masks,
 * which would unmask a late upload from that node.
 */
import { HubStateError } from './errors.js';
import { bytesOf, type Queryable } from './store.js';

export interface Upload {
  jobId: number;
  round: number;
  nodeName: string;
  /** The key that signed the upload (verified by the caller). */
  keyId: string;
  payload: Uint8Array;
  now?: Date;
}

export interface Submission {
  readonly nodeName: string;
  readonly keyId: string;
  readonly payload: Uint8Array;
  readonly receivedAt: Date;
}

/** Stores an upload into an open round before its deadline, or throws naming why it cannot. */
export async function recordSubmission(db: Queryable, upload: Upload): Promise<void> {
  const { jobId, round, nodeName, keyId, payload } = upload;
  const now = upload.now ?? new Date();
  if (!(payload instanceof Uint8Array))
    throw new HubStateError('invalid', 'a submission payload must be bytes');
  // FOR SHARE on the round: a concurrent close waits for this insert, so an upload is either in
  // the round when it closes or refused because it closed, never added after the hub summed.
  const { rowCount } = await db.query(
    `INSERT INTO submissions (job_id, round, node_name, key_id, payload, received_at)
     SELECT job_id, round, $3, $4, $5, $6 FROM job_rounds
     WHERE job_id = $1 AND round = $2 AND status = 'open' AND deadline > $6 FOR SHARE
     ON CONFLICT (job_id, round, node_name) DO NOTHING`,
    [jobId, round, nodeName, keyId, payload, now],
  );
  if (rowCount === 1) return;
  const where = `job ${jobId} round ${round}`;
  const earlier = await db.query<{ received_at: Date }>(
    'SELECT received_at FROM submissions WHERE job_id = $1 AND round = $2 AND node_name = $3',
    [jobId, round, nodeName],
  );
  if (earlier.rows[0])
    throw new HubStateError(
      'conflict',
      `node ${nodeName} already submitted for ${where} (at ${earlier.rows[0].received_at.toISOString()}); an upload is never replaced`,
    );
  const state = await db.query<{ status: string; deadline: Date }>(
    'SELECT status, deadline FROM job_rounds WHERE job_id = $1 AND round = $2',
    [jobId, round],
  );
  const r = state.rows[0];
  if (!r) throw new HubStateError('not-found', `${where} does not exist`);
  throw new HubStateError(
    'conflict',
    r.status !== 'open'
      ? `${where} is '${r.status}': uploads are accepted only while it is open`
      : `${where} closed to uploads at its deadline ${r.deadline.toISOString()}`,
  );
}

/** Names of the nodes that uploaded for a round, without their payloads (for resuming, quorums). */
export async function submittersOf(db: Queryable, jobId: number, round: number): Promise<string[]> {
  const { rows } = await db.query<{ node_name: string }>(
    'SELECT node_name FROM submissions WHERE job_id = $1 AND round = $2 ORDER BY node_name',
    [jobId, round],
  );
  return rows.map((r) => r.node_name);
}

/** A round's uploads as received, by node name. */
export async function submissionsOf(db: Queryable, jobId: number, round: number): Promise<Submission[]> {
  const { rows } = await db.query<{ node_name: string; key_id: string; payload: unknown; received_at: Date }>(
    `SELECT node_name, key_id, payload, received_at FROM submissions
     WHERE job_id = $1 AND round = $2 ORDER BY node_name`,
    [jobId, round],
  );
  return rows.map((r) => ({
    nodeName: r.node_name,
    keyId: r.key_id,
    payload: bytesOf(r.payload),
    receivedAt: r.received_at,
  }));
}
