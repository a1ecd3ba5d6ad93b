/**
 * How a node talks to its hub, as one interface: enrol once, then poll for tasks, submit payloads and
 * send shareable reports. HTTPS with signed envelopes (`https-transport.ts`) is one implementation;
 * another protocol (Flower's Fleet API, so a consortium that already runs Flower can host synthcohort
 * nodes) can be added beside it without touching the node's loop (`run-node.ts`).
 */
import { SynthcohortError } from '../../core/errors.js';
import type { EnrolRequest, EnrolResponse, Task } from '../hub/messages.js';

export interface HubTransport {
  enrol(request: EnrolRequest): Promise<EnrolResponse>;
  /** Waits up to `waitSeconds` for a task; undefined when none came. */
  poll(waitSeconds: number, signal?: AbortSignal): Promise<Task | undefined>;
  /** 'already-submitted' when the hub holds an earlier upload of this node for the round. */
  submit(task: Pick<Task, 'jobId' | 'round'>, payload: unknown, signal?: AbortSignal): Promise<SubmitOutcome>;
  report(jobId: number, report: Record<string, unknown>, signal?: AbortSignal): Promise<void>;
}

export type SubmitOutcome = 'accepted' | 'already-submitted';

/** The hub answered with an error status; `problem` is the hub's error code (e.g. 'conflict'). */
export class HubAnswerError extends SynthcohortError {
  constructor(
    readonly status: number,
    readonly problem: string,
    message: string,
  ) {
    super('IO', `the hub answered ${status} (${problem}): ${message}`);
  }
}

/** The hub's answer could not be trusted: unsigned, wrongly signed, or not answering our request. */
export class UntrustedAnswerError extends SynthcohortError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('IO', message, options);
  }
}
