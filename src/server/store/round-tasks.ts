/**
 * The input each node gets for a round, when a job kind decided it as the previous round closed
 * (see migrations/0002-round-tasks.ts). Written once, in the transaction that opens the round.
 */
import { HubStateError } from './errors.js';
import type { Queryable } from './store.js';

export async function recordRoundTasks(
  db: Queryable,
  jobId: number,
  round: number,
  tasks: Readonly<Record<string, unknown>>,
): Promise<void> {
  for (const [nodeName, input] of Object.entries(tasks)) {
    if (input === undefined)
      throw new HubStateError(
        'invalid',
        `job ${jobId} round ${round}: the task of node ${nodeName} is undefined`,
      );
    await db.query(
      'INSERT INTO round_tasks (job_id, round, node_name, input) VALUES ($1, $2, $3, $4::jsonb)',
      [jobId, round, nodeName, JSON.stringify(input)],
    );
  }
}

/** The stored input of `nodeName` for the round, or undefined when the kind stored none for it. */
export async function roundTaskOf(
  db: Queryable,
  jobId: number,
  round: number,
  nodeName: string,
): Promise<unknown | undefined> {
  const { rows } = await db.query<{ input: unknown }>(
    'SELECT input FROM round_tasks WHERE job_id = $1 AND round = $2 AND node_name = $3',
    [jobId, round, nodeName],
  );
  if (!rows[0]) return undefined;
  const input = rows[0].input;
  return typeof input === 'string' ? (JSON.parse(input) as unknown) : input;
}
