/**
 * Bearer secrets of the hub, the one token scheme of the federation: one-time enrolment tokens (one
 * per `add-node`, consumed by the node's first enrolment, `nodes.ts`) and coordinator tokens. The
 * clear token is returned once, to be shown to its holder; the database keeps SHA-256 of it with a
 * per-kind prefix (domain separation: an enrolment token never passes as a coordinator token, and a
 * stored hash of one kind cannot match a token of the other). A node only carries its token to the
 * hub, so nothing here is needed outside the hub.
 *
 * A token is 256 bits from `RandomBits` — `secureRandomBits()` in production — so no salt or slow
 * hash is needed: the hash gives a reader of the database nothing to guess from, unlike a password.
 * Rows are found by hash (an index lookup whose timing depends on SHA-256 output, which a caller
 * cannot steer), and the match that authorises is then confirmed in constant time (`tokenMatches`).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { randomBytesFrom } from '../../federation/wire/encoding.js';
import type { RandomBits } from '../../privacy/random-bits.js';
import { appendAudit } from './audit.js';
import { HubStateError } from './errors.js';
import { bytesOf, type Queryable, type Store } from './store.js';

export type TokenKind = 'enrolment' | 'coordinator';

/** Random bytes in a token: 256 bits, spelled as 43 base64url characters after the prefix. */
export const TOKEN_BYTES = 32;

/** Visible prefixes, so that a leaked token is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX: Readonly<Record<TokenKind, string>> = { enrolment: 'sce_', coordinator: 'scc_' };

/** What the database keeps for a token: SHA-256("synthcohort/<kind>-token" ‖ 0x00 ‖ token), 32 bytes. */
export function hashToken(kind: TokenKind, token: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(`synthcohort/${kind}-token\0`).update(token).digest());
}

/** Whether `token` is the `kind` token whose stored hash is `storedHash`, compared in constant time. */
export function tokenMatches(kind: TokenKind, token: string, storedHash: Uint8Array): boolean {
  if (storedHash.length !== 32) return false;
  return timingSafeEqual(hashToken(kind, token), storedHash);
}

/** A fresh token of `kind`: its prefix, then 256 bits from `bits` in base64url. */
export function newToken(kind: TokenKind, bits: RandomBits): string {
  return TOKEN_PREFIX[kind] + Buffer.from(randomBytesFrom(bits, TOKEN_BYTES)).toString('base64url');
}

export interface EnrolmentTokenRequest {
  nodeName: string;
  expiresAt: Date;
  /** Who asked (a coordinator's label), for the audit log. */
  actor: string;
  bits: RandomBits;
  now?: Date;
}

/** A fresh one-time token that enrols `nodeName` until `expiresAt`; returned in clear only here. */
export async function issueEnrolmentToken(store: Store, request: EnrolmentTokenRequest): Promise<string> {
  const now = request.now ?? new Date();
  if (!(request.expiresAt > now))
    throw new HubStateError(
      'invalid',
      `an enrolment token must expire after it is issued: expiresAt ${request.expiresAt.toISOString()} is not after ${now.toISOString()}`,
    );
  checkNodeName(request.nodeName);
  const token = newToken('enrolment', request.bits);
  await store.transaction(async (tx) => {
    await tx.query(
      'INSERT INTO enrolment_tokens (token_hash, node_name, issued_at, expires_at) VALUES ($1, $2, $3, $4)',
      [hashToken('enrolment', token), request.nodeName, now, request.expiresAt],
    );
    await appendAudit(
      tx,
      {
        actor: request.actor,
        action: 'enrolment-token.issue',
        subject: `node ${request.nodeName}`,
        detail: { expiresAt: request.expiresAt.toISOString() },
      },
      now,
    );
  });
  return token;
}

export interface CoordinatorTokenRequest {
  label: string;
  actor: string;
  bits: RandomBits;
  now?: Date;
}

/** A fresh coordinator token (e.g. at `hub init`), returned in clear only here. */
export async function issueCoordinatorToken(store: Store, request: CoordinatorTokenRequest): Promise<string> {
  const now = request.now ?? new Date();
  const token = newToken('coordinator', request.bits);
  await store.transaction(async (tx) => {
    await tx.query('INSERT INTO coordinator_tokens (token_hash, label, issued_at) VALUES ($1, $2, $3)', [
      hashToken('coordinator', token),
      request.label,
      now,
    ]);
    await appendAudit(
      tx,
      { actor: request.actor, action: 'coordinator-token.issue', subject: request.label },
      now,
    );
  });
  return token;
}

/** The label of the coordinator holding `token`, or undefined when it is unknown or revoked. */
export async function coordinatorOf(db: Queryable, token: string): Promise<string | undefined> {
  const { rows } = await db.query<{ label: string; token_hash: unknown }>(
    'SELECT label, token_hash FROM coordinator_tokens WHERE token_hash = $1 AND revoked_at IS NULL',
    [hashToken('coordinator', token)],
  );
  const row = rows[0];
  return row && tokenMatches('coordinator', token, bytesOf(row.token_hash)) ? row.label : undefined;
}

const NODE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function checkNodeName(name: string): void {
  if (!NODE_NAME.test(name))
    throw new HubStateError(
      'invalid',
      `node name '${name}' refused: expected 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
}
