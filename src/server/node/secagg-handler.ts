/**
 * The node's side of a `secagg-sum` job: one `SecAggClient` per job, held in memory only, answering
 * each round's task in order. The node's secrets (its key pairs, b_u, the shares it holds) never
 * touch disk, so a node restarted mid-job has lost them: it declines every later round of that job,
 * and the hub counts it as dropped (its masks are removed, its input is not in the sum).
 *
 * What leaves the node, per round: two public keys; shares sealed to each peer; y_u = x_u + masks,
 * uniform in the ring on its own; shares of peers' b_v or s_v^SK as the protocol allows (never both
 * for one peer — the client refuses).
 */
import { DataError } from '../../core/errors.js';
import { SecAggClient } from '../../federation/secagg/client.js';
import { encodeIntegers } from '../../federation/secagg/encoding.js';
import { type RandomBits, secureRandomBits } from '../../privacy/random-bits.js';
import type { Task } from '../hub/messages.js';
import type { SecAggSumStart } from '../hub/secagg-kind.js';
import { TaskDeclined, type TaskHandler } from './run-node.js';

export interface SecAggHandlerOptions {
  /** This node's vector for the job: integers with |entry| ≤ the job's bound, `length` of them. */
  inputFor: (task: Task) => Int32Array | Promise<Int32Array>;
  /** Where the node's secrets come from: `secureRandomBits()` unless a test fixes them. */
  random?: RandomBits;
}

interface Session {
  readonly client: SecAggClient;
  readonly bound: number;
  /** The last answer, resent if the hub offers the same round again (a lost submit). */
  last?: { round: number; payload: unknown };
}

export function secaggSumHandler(options: SecAggHandlerOptions): TaskHandler {
  const random = options.random ?? secureRandomBits();
  const sessions = new Map<number, Session>();
  return async (task) => {
    if (task.round === 0 && !sessions.has(task.jobId)) {
      const start = task.input as SecAggSumStart;
      const client = new SecAggClient({
        job: start.job,
        node: start.node,
        random: random.split(`job ${task.jobId}`),
      });
      sessions.set(task.jobId, { client, bound: start.bound });
    }
    const session = sessions.get(task.jobId);
    if (!session)
      throw new TaskDeclined(
        `job ${task.jobId} round ${task.round}: this node holds no secrets for the job (restarted mid-job)`,
      );
    if (session.last?.round === task.round) return session.last.payload;
    const payload = await answer(session, task);
    session.last = { round: task.round, payload };
    if (task.purpose === 'unmask') sessions.delete(task.jobId);
    return payload;
  };

  async function answer(session: Session, task: Task): Promise<unknown> {
    const { client } = session;
    switch (task.purpose) {
      case 'advertise-keys':
        return client.advertise();
      case 'share-keys':
        return client.shareKeys(task.input);
      case 'masked-input': {
        const values = await options.inputFor(task);
        const codec = { bound: session.bound, contributors: client.job.participants };
        return client.maskedInput(task.input, encodeIntegers(values, codec));
      }
      case 'unmask':
        return client.unmask(task.input);
      default:
        throw new DataError({}, `job ${task.jobId}: unknown secure-aggregation step '${task.purpose}'`);
    }
  }
}
