/**
 * The coordinator's client of a hub: list and add nodes, create a job, follow it to its end, fetch
 * what it released and the centres' shareable reports. It speaks the hub's coordinator routes
 * (docs/federation/hub-and-node.md) over HTTPS with the CA pinned; it never prints (progress goes
 * to `onStatus`), so the CLI, the demo and tests share it.
 */
import { SynthcohortError } from '../../core/errors.js';
import {
  AddNodeResponse,
  type CreateJobRequest,
  JobStatusResponse,
  NodeListResponse,
} from '../hub/messages.js';
import { expectStatus, type HubAddress, hubRequest } from './https.js';

/** A job that ended without a result: its status and the hub's reason. */
export class JobAbortedError extends SynthcohortError {
  constructor(
    readonly jobId: number,
    readonly reason: string,
  ) {
    super('IO', `job ${jobId} was aborted: ${reason}`);
  }
}

export interface WaitOptions {
  /** Called with every status seen that differs from the previous one (a round opened or closed, a node submitted). */
  onStatus?: (status: JobStatusResponse) => void;
  /** Between two status requests (default 250 ms). */
  pollMs?: number;
  signal?: AbortSignal;
}

export interface CoordinatorClient {
  readonly hubUrl: string;
  nodes(): Promise<string[]>;
  /** A one-time enrolment token for node `name`, in clear this once. */
  addNode(name: string, validSeconds?: number): Promise<{ token: string; expiresAt: string }>;
  createJob(request: CreateJobRequest): Promise<number>;
  status(id: number): Promise<JobStatusResponse>;
  /** Waits until job `id` is final; its result when done, `JobAbortedError` when aborted. */
  waitForResult(id: number, options?: WaitOptions): Promise<Record<string, unknown>>;
  /** The centres' shareable reports of job `id`, by node name. */
  reports(id: number): Promise<Array<{ node: string; report: Record<string, unknown> }>>;
  abort(id: number): Promise<void>;
}

export function createCoordinatorClient(address: HubAddress): CoordinatorClient {
  const get = async (path: string, expected = 200) =>
    expectStatus(await hubRequest(address, 'GET', path), expected);
  const post = async (path: string, json: unknown, expected = 201) =>
    expectStatus(await hubRequest(address, 'POST', path, json), expected);
  const status = async (id: number) => JobStatusResponse.parse(await get(`/v1/jobs/${id}`));
  return {
    hubUrl: address.hubUrl,
    async nodes() {
      return NodeListResponse.parse(await get('/v1/nodes')).nodes;
    },
    async addNode(name, validSeconds) {
      const answer = AddNodeResponse.parse(
        await post('/v1/nodes', validSeconds === undefined ? { name } : { name, validSeconds }),
      );
      return { token: answer.token, expiresAt: answer.expiresAt };
    },
    async createJob(request) {
      const { id } = (await post('/v1/jobs', request)) as { id: number };
      return id;
    },
    status,
    async waitForResult(id, options = {}) {
      let last = '';
      for (;;) {
        const current = await status(id);
        const text = JSON.stringify(current);
        if (text !== last) options.onStatus?.(current);
        last = text;
        if (current.status === 'aborted')
          throw new JobAbortedError(id, current.abortReason ?? 'no reason given');
        if (current.status === 'done') {
          const { result } = (await get(`/v1/jobs/${id}/result`)) as { result: Record<string, unknown> };
          return result;
        }
        await pause(options.pollMs ?? 250, options.signal);
        if (options.signal?.aborted) throw new JobAbortedError(id, 'stopped waiting (interrupted)');
      }
    },
    async reports(id) {
      const { reports } = (await get(`/v1/jobs/${id}/reports`)) as {
        reports: Array<{ node: string; report: Record<string, unknown> }>;
      };
      return reports;
    },
    async abort(id) {
      await post(`/v1/jobs/${id}/abort`, {}, 200);
    },
  };
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
