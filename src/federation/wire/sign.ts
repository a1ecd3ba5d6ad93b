/**
 * Signing a message: the sender's half of the envelope (envelope.ts). Nodes sign their requests
 * with their enrolled key; the hub signs its responses with its own key, bound to the request they
 * answer (`replyTo`), so a node can tell work really comes from the hub it enrolled with.
 *
 * What an observer of the headers learns: which key signed (hence which node), when, the body's
 * hash and a random nonce. Under TLS only the two ends see them; the hash of a small body of
 * guessable content (a status poll) could be confirmed by guessing, so bodies that carry anything
 * private are masked or shareable by construction (secure aggregation, shareable reports), never
 * protected by the hash alone.
 */
import { type KeyObject, sign } from 'node:crypto';
import { UsageError } from '../../core/errors.js';
import type { RandomBits } from '../../privacy/random-bits.js';
import { randomBytesFrom, toBase64url } from './encoding.js';
import {
  bodySha256,
  canonicalString,
  type EnvelopeHeaders,
  HEADER,
  methodIssue,
  NONCE_BYTES,
  PROTOCOL_VERSION,
  pathIssue,
  type ReplyTo,
  readEnvelope,
} from './envelope.js';

export interface SignMessageOptions {
  readonly privateKey: KeyObject;
  /** The id of the signing key's public half (`keyIdOf`), as the receiver knows it. */
  readonly keyId: string;
  readonly method: string;
  /** The request target exactly as sent (path and query string): the receiver checks these bytes. */
  readonly path: string;
  readonly body: Uint8Array;
  /** The sender's clock, ms since the epoch. */
  readonly now: number;
  /** A fresh nonce from `newNonce`, never reused with the same key. */
  readonly nonce: string;
  /** For a response: the nonce of the request it answers and the HTTP status it is sent with. */
  readonly replyTo?: ReplyTo;
}

/** A fresh 128-bit nonce, base64url: 2^-64 chance of a repeat among 2^32 messages of one key. */
export function newNonce(bits: RandomBits): string {
  return toBase64url(randomBytesFrom(bits, NONCE_BYTES));
}

/** The envelope headers to send with the message. */
export function signMessage(options: SignMessageOptions): EnvelopeHeaders {
  const { privateKey, keyId, method, path, body, now, nonce, replyTo } = options;
  if (privateKey.asymmetricKeyType !== 'ed25519' || privateKey.type !== 'private')
    throw new UsageError('signMessage: privateKey must be an Ed25519 private key', 'privateKey');
  const issue = methodIssue(method) ?? pathIssue(path);
  if (issue) throw new UsageError(`signMessage: ${issue}`, issue.startsWith('method') ? 'method' : 'path');
  if (replyTo && !(Number.isInteger(replyTo.status) && replyTo.status >= 100 && replyTo.status <= 599))
    throw new UsageError(
      `signMessage: replyTo.status must be an HTTP status (100–599), got ${replyTo.status}`,
    );
  const fields = { method, path, keyId, timestamp: now, nonce, bodySha256: bodySha256(body), replyTo };
  const signature = toBase64url(sign(null, Buffer.from(canonicalString(fields), 'utf8'), privateKey));
  const headers: EnvelopeHeaders = {
    [HEADER.version]: PROTOCOL_VERSION,
    [HEADER.keyId]: keyId,
    [HEADER.timestamp]: String(now),
    [HEADER.nonce]: nonce,
    [HEADER.bodySha256]: fields.bodySha256,
    [HEADER.signature]: signature,
  };
  // The sender checks its own envelope against the schema the receiver applies, so a bad key id,
  // nonce or clock is reported here, where it can be fixed, not as a refusal at the other end.
  const checked = readEnvelope(headers);
  if (!checked.ok) throw new UsageError(`signMessage: ${checked.issues.join('; ')}`);
  return headers;
}
