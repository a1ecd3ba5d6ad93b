/**
 * The envelope of a signed message, protocol `synthcohort/1`: six HTTP headers and the canonical
 * string the signature covers. The schema is the one definition of the headers; the sender builds
 * them in `sign.ts`, the receiver reads them back here before anything else.
 *
 *   synthcohort-version:        synthcohort/1
 *   synthcohort-key-id:         22 base64url chars (128 bits, keys.ts)
 *   synthcohort-timestamp:      milliseconds since the Unix epoch, decimal
 *   synthcohort-nonce:          22 base64url chars (128 random bits)
 *   synthcohort-content-sha256: 43 base64url chars (SHA-256 of the exact body bytes)
 *   synthcohort-signature:      86 base64url chars (Ed25519, 64 bytes)
 *
 * Every field of the canonical string has an alphabet without the line feed that separates the
 * fields, so two different messages can never produce the same string.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { base64urlLength, fromBase64url, toBase64url } from './encoding.js';

export const PROTOCOL_VERSION = 'synthcohort/1';

export const HEADER = {
  version: 'synthcohort-version',
  keyId: 'synthcohort-key-id',
  timestamp: 'synthcohort-timestamp',
  nonce: 'synthcohort-nonce',
  bodySha256: 'synthcohort-content-sha256',
  signature: 'synthcohort-signature',
} as const;

export type EnvelopeHeaders = { readonly [K in (typeof HEADER)[keyof typeof HEADER]]: string };

export const NONCE_BYTES = 16;
const KEY_ID_BYTES = 16;
const SHA256_BYTES = 32;
const ED25519_SIGNATURE_BYTES = 64;

/** A canonical base64url spelling of exactly `bytes` bytes. */
function base64urlOf(bytes: number, what: string) {
  return z
    .string()
    .length(base64urlLength(bytes), `${what}: expected ${base64urlLength(bytes)} base64url characters`)
    .refine((text) => fromBase64url(text)?.length === bytes, `${what}: not canonical base64url`);
}

export const Envelope = z
  .object({
    version: z.literal(PROTOCOL_VERSION, `expected protocol version '${PROTOCOL_VERSION}'`),
    keyId: base64urlOf(KEY_ID_BYTES, 'key id'),
    // Decimal digits only: Number() alone would also accept '1e12', ' 12' or '0x1f'.
    timestamp: z
      .string()
      .regex(/^(0|[1-9][0-9]{0,15})$/, 'timestamp: expected milliseconds since the epoch, in decimal')
      .transform(Number)
      .pipe(z.number().int().max(Number.MAX_SAFE_INTEGER)),
    nonce: base64urlOf(NONCE_BYTES, 'nonce'),
    bodySha256: base64urlOf(SHA256_BYTES, 'body hash'),
    signature: base64urlOf(ED25519_SIGNATURE_BYTES, 'signature'),
  })
  .strict();

export type Envelope = z.output<typeof Envelope>;

/** An HTTP method token in upper case (RFC 9110 §9.1 allows more; our endpoints use these). */
const METHOD = /^[A-Z]{1,16}$/;
/** The request target as sent on the request line (path and query): visible ASCII, no spaces. */
const PATH = /^\/[\x21-\x7e]{0,2047}$/;

export function methodIssue(method: string): string | undefined {
  return METHOD.test(method) ? undefined : `method '${method}': expected an upper-case HTTP method`;
}

export function pathIssue(path: string): string | undefined {
  return PATH.test(path)
    ? undefined
    : `path: expected the request target as sent (starting with '/', visible ASCII, at most 2048 characters)`;
}

/**
 * A response is bound to the request it answers: the request's nonce (fresh per request, so an old
 * response cannot answer a new request) and the HTTP status the hub gave.
 */
export interface ReplyTo {
  readonly nonce: string;
  readonly status: number;
}

export interface SignedFields {
  readonly method: string;
  readonly path: string;
  readonly keyId: string;
  readonly timestamp: number;
  readonly nonce: string;
  readonly bodySha256: string;
  readonly replyTo?: ReplyTo | undefined;
}

/**
 * The bytes signed: one field per line. The version line separates protocols; the kind line keeps
 * a response from ever verifying as a request (and binds it to its request); method and path bind
 * the message to one endpoint (`/jobs/1/submit` is not `/jobs/2/submit`); key id, timestamp, nonce
 * and body hash bind everything else in the envelope.
 */
export function canonicalString(fields: SignedFields): string {
  const kind = fields.replyTo ? `response ${fields.replyTo.status} ${fields.replyTo.nonce}` : 'request';
  return [
    PROTOCOL_VERSION,
    kind,
    fields.method,
    fields.path,
    fields.keyId,
    String(fields.timestamp),
    fields.nonce,
    fields.bodySha256,
  ].join('\n');
}

export function bodySha256(body: Uint8Array): string {
  return toBase64url(createHash('sha256').update(body).digest());
}

/** Headers as node's `IncomingHttpHeaders` (lower-case names) or a fetch `Headers` object. */
export type HeaderSource = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/** The envelope in `headers`, or the list of what is wrong with it (missing, repeated, misformatted). */
export function readEnvelope(
  headers: HeaderSource,
): { ok: true; envelope: Envelope } | { ok: false; issues: string[] } {
  const raw: Record<string, string> = {};
  const issues: string[] = [];
  for (const [field, name] of Object.entries(HEADER)) {
    const value = headerValue(headers, name);
    if (value === undefined) issues.push(`header '${name}' missing`);
    else if (typeof value !== 'string') issues.push(`header '${name}' repeated, expected once`);
    else raw[field] = value;
  }
  if (issues.length) return { ok: false, issues };
  const parsed = Envelope.safeParse(raw);
  if (parsed.success) return { ok: true, envelope: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => {
      const field = issue.path[0] as keyof typeof HEADER;
      return `header '${HEADER[field]}': ${issue.message}`;
    }),
  };
}

function headerValue(headers: HeaderSource, name: string): string | readonly string[] | undefined {
  // fetch's Headers joins repeated headers with ', ', which no field's alphabet contains.
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  if (value === undefined || typeof value === 'string') return value;
  return value.length === 1 ? value[0] : value;
}
