/**
 * The node agent's loop: long-poll the hub (outbound only), hand each task to the handler of its
 * job kind, submit what the handler returns, and start again; back off after errors; stop when
 * `signal` aborts. The loop never reads or writes data files — handlers do, with the node's own
 * workflow code — so what leaves the node is exactly what a handler returns.
 */
import type { RandomBits } from '../../privacy/random-bits.js';
import { secureRandomBits } from '../../privacy/random-bits.js';
import type { Task } from '../hub/messages.js';
import { createHttpsTransport } from './https-transport.js';
import { readNodeIdentity } from './state-folder.js';
import type { HubTransport, SubmitOutcome } from './transport.js';

/** Computes a task's payload; it must be masked or shareable by construction before it returns. */
export type TaskHandler = (task: Task, context: { signal: AbortSignal }) => unknown | Promise<unknown>;

/**
 * Thrown by a handler that will not answer a task (e.g. it lost the job's secrets in a restart): the
 * node skips that round, as if it had no handler, instead of retrying it as an error.
 */
export class TaskDeclined extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'TaskDeclined';
  }
}

/** What happened, for the caller to show or count (the library never prints). */
export type NodeEvent =
  | { type: 'submitted'; jobId: number; round: number; outcome: SubmitOutcome }
  | { type: 'declined'; jobId: number; round: number; reason: string }
  | { type: 'error'; error: unknown; retryInMs: number };

export interface RunNodeOptions {
  hubUrl?: string;
  caPem?: string;
  dir: string;
  handlers: Readonly<Record<string, TaskHandler>>;
  signal: AbortSignal;
  bits?: RandomBits;
  /** Seconds each long-poll asks the hub to wait (default 25). */
  pollSeconds?: number;
  /** First and longest wait after an error (default 0.5 s, 30 s), doubling in between. */
  backoffMs?: { first: number; longest: number };
  onEvent?: (event: NodeEvent) => void;
  transport?: HubTransport;
}

export async function runNode(options: RunNodeOptions): Promise<void> {
  const { signal, handlers } = options;
  const identity = readNodeIdentity(options.dir);
  const transport =
    options.transport ??
    createHttpsTransport({
      hubUrl: options.hubUrl ?? identity.manifest.hubUrl,
      caPem: options.caPem ?? identity.caPem,
      bits: options.bits ?? secureRandomBits(),
      identity: {
        keyId: identity.manifest.keyId,
        privateKey: identity.privateKey,
        hubKeyId: identity.manifest.hubKeyId,
        hubKey: identity.hubKey,
      },
    });
  const backoff = options.backoffMs ?? { first: 500, longest: 30_000 };
  const declined = new Set<string>();
  let wait = 0;
  while (!signal.aborted) {
    try {
      const task = await transport.poll(options.pollSeconds ?? 25, signal);
      wait = 0;
      if (!task) continue;
      const key = `${task.jobId}/${task.round}`;
      const handler = handlers[task.kind];
      if (!handler || declined.has(key)) {
        if (!declined.has(key)) {
          declined.add(key);
          options.onEvent?.({
            type: 'declined',
            jobId: task.jobId,
            round: task.round,
            reason: `no handler for kind '${task.kind}'`,
          });
        }
        // The hub offers the task again until its round closes: do not spin on it.
        await pause(backoff.longest, signal);
        continue;
      }
      let payload: unknown;
      try {
        payload = await handler(task, { signal });
      } catch (error) {
        if (!(error instanceof TaskDeclined)) throw error;
        declined.add(key);
        options.onEvent?.({ type: 'declined', jobId: task.jobId, round: task.round, reason: error.reason });
        continue;
      }
      const outcome = await transport.submit(task, payload, signal);
      options.onEvent?.({ type: 'submitted', jobId: task.jobId, round: task.round, outcome });
    } catch (error) {
      if (signal.aborted) break;
      wait = Math.min(wait === 0 ? backoff.first : wait * 2, backoff.longest);
      options.onEvent?.({ type: 'error', error, retryInMs: wait });
      await pause(wait, signal);
    }
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
