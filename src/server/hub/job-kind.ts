/**
 * What a kind of federated job is, to the hub's job engine: which task each node gets in a round,
 * and what happens when a round closes (open the next one, or release a result). The engine owns
 * rounds, deadlines, quorums and persistence; a kind owns the protocol (a generic collection here,
 * secure aggregation or a federated fit above this layer). Kinds are injected into `startHub`, so
 * the hub never branches on a kind's name.
 */
import type { Job } from '../store/index.js';

export interface RoundSubmission {
  readonly nodeName: string;
  /** The node's payload as it sent it (opaque JSON; masked or shareable by the protocol above). */
  readonly payload: unknown;
}

export type RoundOutcome =
  /**
   * Open round `round + 1` for the nodes that submitted to this one. `tasks`, when given, is each
   * node's input for that round, stored with it (so a restarted hub serves the same) and handed back
   * to `tasksFor` as `stored`.
   */
  | { readonly next: { readonly purpose: string; readonly tasks?: Readonly<Record<string, unknown>> } }
  /** The job is done; `result` is what it releases (kept in the job's row). */
  | { readonly result: Record<string, unknown> };

export interface JobKind {
  readonly kind: string;
  /** The purpose of round 0 (lower-case, e.g. 'collect', 'advertise-keys'), or how a job's decides it. */
  readonly firstPurpose: string | ((job: Job) => string);
  /**
   * Refuses, before the job is stored, a request this kind could never run (throws a HubStateError
   * 'invalid', which the coordinator sees as a 400 naming the problem). Optional.
   */
  checkRequest?(request: { parameters: Record<string, unknown>; minNodes: number; threshold: number }): void;
  /**
   * The input node `nodeName` gets for `round`, or undefined when it has nothing to do. Called on
   * every poll, so it must be cheap and must not depend on anything but the job, the round and
   * `stored`: the node's input for this round as the previous round's close decided it, if any.
   */
  tasksFor(nodeName: string, job: Job, round: number, stored?: unknown): unknown | undefined;
  /**
   * Called once a round has closed with at least its quorum of submissions; `earlier[r]` holds the
   * submissions of closed round r < `round`, so a kind can rebuild its state by replaying them. If it
   * throws, the job aborts with the error's message.
   */
  onRoundClosed(
    job: Job,
    round: number,
    submissions: readonly RoundSubmission[],
    earlier: readonly (readonly RoundSubmission[])[],
  ): RoundOutcome;
}
