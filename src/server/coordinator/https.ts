/**
 * One HTTPS request from a coordinator to its hub: the hub's CA pinned (it replaces the system trust
 * store for this connection), the coordinator's bearer token, JSON both ways. Failures the user can
 * fix (a wrong address, CA or token, a request the hub refuses) become `UsageError`s naming the
 * option at fault; a hub that fails on its side is a `HubAnswerError`.
 */
import { request as httpsRequest } from 'node:https';
import { UsageError } from '../../core/errors.js';
import { HubAnswerError } from '../node/transport.js';

export interface HubAddress {
  /** https://host:port */
  hubUrl: string;
  /** The hub's CA certificate (PEM): the only authority trusted for the hub. */
  caPem: string;
  /** The coordinator's bearer token (or the hub's local admin token). */
  token: string;
  /** Longest wait for one answer (default 60 s). */
  timeoutMs?: number;
  /**
   * The name the hub's certificate must hold, when the address is not one of its names (the hub's
   * own machine reaching it on 127.0.0.1 under a certificate for hub.example.org). The CA is pinned
   * either way.
   */
  servername?: string;
}

/** Network errors that mean the address or the CA is wrong, with what to check. */
const REACH: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is the hub running at this address?)',
  ENOTFOUND: 'no such host',
  EHOSTUNREACH: 'host unreachable',
  ETIMEDOUT: 'timed out',
  ECONNRESET: 'the connection was reset',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "its certificate is not issued by the CA given (is it this hub's ca.pem?)",
  SELF_SIGNED_CERT_IN_CHAIN: "its certificate is not issued by the CA given (is it this hub's ca.pem?)",
  DEPTH_ZERO_SELF_SIGNED_CERT: "its certificate is not issued by the CA given (is it this hub's ca.pem?)",
  ERR_TLS_CERT_ALTNAME_INVALID:
    'its certificate does not name this host (use an address the hub was initialised with)',
  EPROTO: 'not a TLS server (is the address https:// and the port the hub’s?)',
};

/**
 * A network or TLS error on the way to the hub as a `UsageError` naming what to check (the address
 * or the CA), or the error itself when it is none of those.
 */
export function unreachable(error: unknown, hubUrl: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = code ? REACH[code] : undefined;
  if (!reason) return error;
  const certificate = /CERT|SIGNATURE|ALTNAME/.test(code ?? '');
  return new UsageError(
    certificate
      ? `caPem: the hub at ${hubUrl} cannot be trusted: ${reason}`
      : `hubUrl: cannot reach the hub at ${hubUrl}: ${reason}`,
    certificate ? 'caPem' : 'hubUrl',
  );
}

export function hubRequest(
  address: HubAddress,
  method: 'GET' | 'POST',
  path: string,
  json?: unknown,
): Promise<{ status: number; body: unknown }> {
  let base: URL;
  try {
    base = new URL(address.hubUrl);
  } catch {
    throw new UsageError(
      `hubUrl expects an address such as https://hub.example.org:8443, got '${address.hubUrl}'`,
      'hubUrl',
    );
  }
  if (base.protocol !== 'https:')
    throw new UsageError(`hubUrl must start with https://, got '${address.hubUrl}'`, 'hubUrl');
  const body = json === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(json), 'utf8');
  const timeoutMs = address.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: base.hostname.replace(/^\[|\]$/g, ''),
        port: base.port || 443,
        method,
        path,
        ca: address.caPem,
        ...(address.servername ? { servername: address.servername } : {}),
        agent: false,
        timeout: timeoutMs,
        headers: {
          authorization: `Bearer ${address.token}`,
          ...(body.length
            ? { 'content-type': 'application/json', 'content-length': String(body.length) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => reject(unreachable(error, address.hubUrl)));
    req.end(body);
  });
}

/** The body of an answer with the expected status; the hub's refusal as an error otherwise. */
export function expectStatus(answer: { status: number; body: unknown }, expected: number): unknown {
  if (answer.status === expected) return answer.body;
  const error = answer.body as { error?: unknown; message?: unknown } | undefined;
  const message = typeof error?.message === 'string' ? error.message : 'no explanation given';
  if (answer.status === 401)
    throw new UsageError(
      'token: the hub refused the coordinator token (is it the one `hub init` printed?)',
      'token',
    );
  if (answer.status === 400 || answer.status === 404 || answer.status === 409)
    throw new UsageError(`the hub refused the request: ${message}`);
  throw new HubAnswerError(
    answer.status,
    typeof error?.error === 'string' ? error.error : 'unknown',
    message,
  );
}
