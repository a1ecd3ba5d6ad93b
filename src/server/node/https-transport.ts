/**
 * The HTTPS transport: outbound connections only, to a hub whose certificate must chain to the
 * pinned CA (node:https's `ca` replaces the system trust store for these connections). Requests are
 * signed with the node's key; a response is accepted only if the hub signed it, for this method and
 * path, as the answer to this request's nonce with the status received.
 */
import type { KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { MemoryNonceStore } from '../../federation/wire/nonce-store.js';
import { newNonce, signMessage } from '../../federation/wire/sign.js';
import { DEFAULT_MAX_SKEW_MS, verifyMessage } from '../../federation/wire/verify.js';
import type { RandomBits } from '../../privacy/random-bits.js';
import { EnrolResponse, Task } from '../hub/messages.js';
import { HubAnswerError, type HubTransport, type SubmitOutcome, UntrustedAnswerError } from './transport.js';

export interface HttpsTransportOptions {
  hubUrl: string;
  caPem: string;
  /** Nonces of the node's requests: `secureRandomBits()` in production. */
  bits: RandomBits;
  /** The node's enrolled key and the hub's: needed for everything but `enrol`. */
  identity?: { keyId: string; privateKey: KeyObject; hubKeyId: string; hubKey: KeyObject };
  clock?: () => number;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export function createHttpsTransport(options: HttpsTransportOptions): HubTransport {
  const base = new URL(options.hubUrl);
  if (base.protocol !== 'https:')
    throw new HubAnswerError(0, 'invalid', `hubUrl must be https://…, got ${options.hubUrl}`);
  const clock = options.clock ?? Date.now;
  const replies = new MemoryNonceStore({ now: clock });

  function send(
    method: string,
    path: string,
    body: Uint8Array,
    headers: Record<string, string>,
    signal?: AbortSignal,
    timeoutMs = 60_000,
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        {
          host: base.hostname.replace(/^\[|\]$/g, ''),
          port: base.port || 443,
          method,
          path,
          ca: options.caPem,
          agent: false,
          headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...headers },
          signal,
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer from the hub within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  async function signed(
    method: string,
    path: string,
    json: unknown,
    signal?: AbortSignal,
    timeoutMs?: number,
  ): Promise<Answer> {
    const identity = options.identity;
    if (!identity)
      throw new HubAnswerError(0, 'invalid', 'this transport has no enrolled identity: enrol the node first');
    const body = Buffer.from(JSON.stringify(json), 'utf8');
    const nonce = newNonce(options.bits);
    const headers = signMessage({
      privateKey: identity.privateKey,
      keyId: identity.keyId,
      method,
      path,
      body,
      now: clock(),
      nonce,
    });
    const answer = await send(method, path, body, { ...headers }, signal, timeoutMs);
    try {
      await verifyMessage({
        headers: answer.headers,
        method,
        path,
        body: answer.body,
        lookupKey: (id) => (id === identity.hubKeyId ? identity.hubKey : undefined),
        nonces: replies,
        now: clock(),
        maxSkewMs: DEFAULT_MAX_SKEW_MS,
        replyTo: { nonce, status: answer.status },
      });
    } catch (error) {
      throw new UntrustedAnswerError(
        `the answer to ${method} ${path} (status ${answer.status}) is not signed by the enrolled hub: ${(error as Error).message}`,
        { cause: error },
      );
    }
    return answer;
  }

  return {
    async enrol(request) {
      const answer = await send('POST', '/v1/enrol', Buffer.from(JSON.stringify(request), 'utf8'), {});
      return EnrolResponse.parse(jsonOf(answer, 201));
    },
    async poll(waitSeconds, signal) {
      const answer = await signed('POST', '/v1/work', { waitSeconds }, signal, (waitSeconds + 30) * 1000);
      if (answer.status === 204) return undefined;
      return Task.parse(jsonOf(answer, 200));
    },
    async submit(task, payload, signal): Promise<SubmitOutcome> {
      const path = `/v1/jobs/${task.jobId}/rounds/${task.round}/submit`;
      const answer = await signed('POST', path, { payload }, signal);
      if (answer.status === 409 && /already submitted/.test(answer.body.toString('utf8')))
        return 'already-submitted';
      jsonOf(answer, 201);
      return 'accepted';
    },
    async report(jobId, report, signal) {
      jsonOf(await signed('POST', `/v1/jobs/${jobId}/reports`, { report }, signal), 201);
    },
  };
}

/** The JSON body of an answer with the expected status, or the hub's error as a `HubAnswerError`. */
function jsonOf(answer: Answer, expected: number): unknown {
  let json: unknown;
  try {
    json = answer.body.length ? JSON.parse(answer.body.toString('utf8')) : undefined;
  } catch {
    json = undefined;
  }
  if (answer.status === expected) return json;
  const error = json as { error?: unknown; message?: unknown } | undefined;
  throw new HubAnswerError(
    answer.status,
    typeof error?.error === 'string' ? error.error : 'unknown',
    typeof error?.message === 'string' ? error.message : 'no explanation given',
  );
}
