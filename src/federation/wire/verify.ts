/**
 * Verifying a message: the receiver's half of the envelope, run before the message is acted on.
 *
 * The checks go from cheap and stateless to costly and stateful, and the nonce is recorded last:
 *  1. envelope well-formed (zod) — nothing else is worth doing on a malformed message;
 *  2. timestamp within ±maxSkewMs of the receiver's clock — no state, bounds the nonce retention;
 *  3. body hash equals SHA-256 of the body received — names alteration of the body precisely;
 *  4. key id names an active key (lookup, possibly a database read);
 *  5. Ed25519 signature over the canonical string rebuilt from the receiver's own view of method,
 *     path and (for a response) the request it answers — never from fields the sender claims;
 *  6. nonce not seen before for this key — recorded only now, so an unauthenticated sender can
 *     neither fill the store nor burn the nonce of a message still in flight.
 * Steps 2 and 3 read fields not yet authenticated; that is sound because step 5 authenticates them
 * and a message passes only if all six hold.
 */
import { type KeyObject, verify } from 'node:crypto';
import { UsageError } from '../../core/errors.js';
import { fromBase64url } from './encoding.js';
import {
  bodySha256,
  canonicalString,
  type HeaderSource,
  methodIssue,
  pathIssue,
  type ReplyTo,
  readEnvelope,
} from './envelope.js';
import {
  BadSignatureError,
  BodyHashMismatchError,
  MalformedEnvelopeError,
  ReplayedNonceError,
  StaleTimestampError,
  UnknownKeyError,
} from './errors.js';
import type { NonceStore } from './nonce-store.js';

/**
 * A window of five minutes, as Kerberos allows by default (RFC 4120 §1.5.2 leaves it to the realm;
 * MIT's default clockskew is 300 s). Long polls do not need more: the hub signs its answer when it
 * sends it, not when the poll arrived.
 */
export const DEFAULT_MAX_SKEW_MS = 5 * 60 * 1000;

/** The active public key with this id, or undefined if it is unknown or revoked. */
export type KeyLookup = (keyId: string) => KeyObject | undefined | Promise<KeyObject | undefined>;

export interface VerifyMessageOptions {
  readonly headers: HeaderSource;
  /** The method and request target as this receiver saw them, not as the sender claims. */
  readonly method: string;
  readonly path: string;
  /** The exact body bytes received (before any JSON parsing). */
  readonly body: Uint8Array;
  readonly lookupKey: KeyLookup;
  readonly nonces: NonceStore;
  /** The receiver's clock, ms since the epoch. */
  readonly now: number;
  readonly maxSkewMs: number;
  /** When verifying a response: the nonce of the request sent and the status received. */
  readonly replyTo?: ReplyTo;
}

export interface VerifiedMessage {
  readonly keyId: string;
  readonly timestamp: number;
  readonly nonce: string;
}

/** The verified sender's key id (and envelope); throws a `MessageRejectedError` subclass otherwise. */
export async function verifyMessage(options: VerifyMessageOptions): Promise<VerifiedMessage> {
  const { headers, method, path, body, lookupKey, nonces, now, maxSkewMs, replyTo } = options;
  if (!(Number.isFinite(maxSkewMs) && maxSkewMs > 0))
    throw new UsageError(
      `maxSkewMs must be a positive number of milliseconds, got ${maxSkewMs}`,
      'maxSkewMs',
    );
  const read = readEnvelope(headers);
  const targetIssue = methodIssue(method) ?? pathIssue(path);
  if (!read.ok || targetIssue) throw new MalformedEnvelopeError(read.ok ? [targetIssue!] : read.issues);
  const envelope = read.envelope;

  const skewMs = envelope.timestamp - now;
  if (Math.abs(skewMs) > maxSkewMs) throw new StaleTimestampError(skewMs, maxSkewMs);

  // The body hash is public (it travels in the headers), so an ordinary comparison leaks nothing.
  if (bodySha256(body) !== envelope.bodySha256) throw new BodyHashMismatchError();

  const publicKey = await lookupKey(envelope.keyId);
  if (publicKey === undefined) throw new UnknownKeyError(envelope.keyId);
  if (publicKey.asymmetricKeyType !== 'ed25519')
    throw new UsageError(
      `lookupKey returned a ${publicKey.asymmetricKeyType ?? 'secret'} key, expected Ed25519`,
    );

  const signed = canonicalString({ ...envelope, method, path, replyTo });
  const signature = fromBase64url(envelope.signature)!;
  if (!verify(null, Buffer.from(signed, 'utf8'), publicKey, signature))
    throw new BadSignatureError(envelope.keyId);

  if (!(await nonces.remember(envelope.keyId, envelope.nonce, envelope.timestamp + maxSkewMs)))
    throw new ReplayedNonceError(envelope.keyId, envelope.nonce);
  return { keyId: envelope.keyId, timestamp: envelope.timestamp, nonce: envelope.nonce };
}
