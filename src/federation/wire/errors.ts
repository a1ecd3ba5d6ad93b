/**
 * Why a signed message was refused. Each reason has its own class, so a server can log it, count it
 * and answer it differently (a stale timestamp is worth telling the sender, whose clock may be off;
 * the rest get one generic refusal), and tests can ask for the exact reason.
 *
 * These are not input errors: a refused message is an attack, a fault or a misconfiguration between
 * two programs, not something the person running the command typed wrong.
 */
import { SynthcohortError } from '../../core/errors.js';

export type RejectionReason =
  | 'malformed-envelope'
  | 'stale-timestamp'
  | 'body-hash-mismatch'
  | 'unknown-key'
  | 'bad-signature'
  | 'replayed-nonce';

export abstract class MessageRejectedError extends SynthcohortError {
  abstract readonly reason: RejectionReason;
  constructor(message: string) {
    super('DATA_INVALID', message);
  }
}

/** Headers missing, duplicated, of the wrong protocol version or not in their expected format. */
export class MalformedEnvelopeError extends MessageRejectedError {
  readonly reason = 'malformed-envelope';
  constructor(readonly issues: readonly string[]) {
    super(`message envelope malformed: ${issues.join('; ')}`);
  }
}

/** The timestamp lies outside the accepted window around the receiver's clock. */
export class StaleTimestampError extends MessageRejectedError {
  readonly reason = 'stale-timestamp';
  constructor(
    readonly skewMs: number,
    readonly maxSkewMs: number,
  ) {
    const direction = skewMs > 0 ? 'in the future' : 'old';
    super(
      `message timestamp is ${Math.abs(skewMs)} ms ${direction}, expected within ${maxSkewMs} ms ` +
        `of the receiver's clock (check both clocks, e.g. NTP)`,
    );
  }
}

/** The body received is not the body whose hash the sender declared (and signed). */
export class BodyHashMismatchError extends MessageRejectedError {
  readonly reason = 'body-hash-mismatch';
  constructor() {
    super(
      'message body does not match the SHA-256 declared in its envelope: the body was altered or truncated',
    );
  }
}

/** No active key has this id: never enrolled, revoked, or enrolled with another hub. */
export class UnknownKeyError extends MessageRejectedError {
  readonly reason = 'unknown-key';
  constructor(readonly keyId: string) {
    super(`message signed with key '${keyId}', which is not an enrolled key (unknown or revoked)`);
  }
}

/**
 * The signature does not verify over the canonical string the receiver rebuilt: the message was
 * altered, sent to another endpoint or method than it was signed for, or signed with another key.
 */
export class BadSignatureError extends MessageRejectedError {
  readonly reason = 'bad-signature';
  constructor(readonly keyId: string) {
    super(
      `message signature does not verify with key '${keyId}' for this method, path and body ` +
        `(altered, redirected to another endpoint, or signed with another key)`,
    );
  }
}

/** A correctly signed message whose nonce this receiver has already accepted: a replay. */
export class ReplayedNonceError extends MessageRejectedError {
  readonly reason = 'replayed-nonce';
  constructor(
    readonly keyId: string,
    readonly nonce: string,
  ) {
    super(`message nonce '${nonce}' from key '${keyId}' was already accepted: a replayed message`);
  }
}
