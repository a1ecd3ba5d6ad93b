/**
 * Per-centre shareable validation reports, one per (job, node): the kind a centre may share by
 * design (no row-level value, small cells suppressed, checked by the node before upload). Stored as
 * JSON so the hub can merge them and a coordinator can read each; a second upload is refused.
 */
import { HubStateError, sqlState, UNIQUE_VIOLATION } from './errors.js';
import type { Queryable } from './store.js';

export interface CentreReport {
  readonly nodeName: string;
  readonly report: Record<string, unknown>;
  readonly receivedAt: Date;
}

export async function recordCentreReport(
  db: Queryable,
  jobId: number,
  nodeName: string,
  report: Record<string, unknown>,
  now = new Date(),
): Promise<void> {
  if (report === null || typeof report !== 'object' || Array.isArray(report))
    throw new HubStateError(
      'invalid',
      `the report of node ${nodeName} for job ${jobId} must be a JSON object`,
    );
  try {
    await db.query(
      'INSERT INTO centre_reports (job_id, node_name, report, received_at) VALUES ($1, $2, $3::jsonb, $4)',
      [jobId, nodeName, JSON.stringify(report), now],
    );
  } catch (error) {
    if (sqlState(error) === UNIQUE_VIOLATION)
      throw new HubStateError('conflict', `node ${nodeName} already sent its report for job ${jobId}`, {
        cause: error,
      });
    throw error;
  }
}

export async function centreReports(db: Queryable, jobId: number): Promise<CentreReport[]> {
  const { rows } = await db.query<{ node_name: string; report: Record<string, unknown>; received_at: Date }>(
    'SELECT node_name, report, received_at FROM centre_reports WHERE job_id = $1 ORDER BY node_name',
    [jobId],
  );
  return rows.map((r) => ({ nodeName: r.node_name, report: r.report, receivedAt: r.received_at }));
}
