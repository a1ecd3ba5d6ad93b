/**
 * Review app sessions: a 256-bit token in an HTTP-only cookie, its SHA-256 in `review_sessions`
 * (a database dump opens no session), and a CSRF token per session that the browser echoes in the
 * `x-csrf-token` header on every write. SameSite=Strict already keeps other sites' forms from
 * carrying the cookie; the header is the second lock, for browsers or proxies that lose the flag.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { randomBytesFrom } from '../../federation/wire/encoding.js';
import type { RandomBits } from '../../privacy/random-bits.js';
import type { Queryable } from '../store/index.js';
import { bytesOf } from '../store/store.js';
import { Role, type User } from './api.js';

/** How long a sign-in lasts: a working day, then the reviewer signs in again. */
export const SESSION_SECONDS = 12 * 3600;
const TOKEN_BYTES = 32;

/**
 * The cookie's name. Over HTTPS it carries the `__Host-` prefix, which browsers accept only with
 * `Secure`, `Path=/` and no `Domain`: a sibling subdomain cannot plant or overwrite it.
 */
export function sessionCookieName(https: boolean): string {
  return https ? '__Host-synthcohort_review' : 'synthcohort_review';
}

export function hashSessionToken(token: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update('synthcohort/review-session\0').update(token).digest());
}

function randomToken(bits: RandomBits): string {
  return Buffer.from(randomBytesFrom(bits, TOKEN_BYTES)).toString('base64url');
}

export interface NewSession {
  /** For the cookie only; never stored. */
  readonly token: string;
  readonly csrf: string;
  readonly expiresAt: Date;
}

export async function createSession(
  db: Queryable,
  userName: string,
  bits: RandomBits,
  now: Date,
): Promise<NewSession> {
  const token = randomToken(bits);
  const csrf = randomToken(bits);
  const expiresAt = new Date(now.getTime() + SESSION_SECONDS * 1000);
  // Expired rows are swept here, at the moment a row is added, so the table never grows unbounded.
  await db.query('DELETE FROM review_sessions WHERE expires_at <= $1', [now]);
  await db.query(
    'INSERT INTO review_sessions (token_hash, user_name, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
    [hashSessionToken(token), userName, csrf, now, expiresAt],
  );
  return { token, csrf, expiresAt };
}

export interface OpenSession {
  readonly user: User;
  readonly csrf: string;
  readonly tokenHash: Uint8Array;
}

/** The live session the token opens: unknown, expired and disabled users' sessions are undefined. */
export async function sessionOf(db: Queryable, token: string, now: Date): Promise<OpenSession | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const tokenHash = hashSessionToken(token);
  const { rows } = await db.query<{ token_hash: unknown; name: string; role: string; csrf: string }>(
    `SELECT s.token_hash, u.name, u.role, s.csrf
       FROM review_sessions s JOIN review_users u ON u.name = s.user_name
      WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL`,
    [tokenHash, now],
  );
  const row = rows[0];
  // Found by an index lookup on the hash, confirmed in constant time (as the hub's tokens are).
  if (!row || !timingSafeEqual(bytesOf(row.token_hash), tokenHash)) return undefined;
  return { user: { name: row.name, role: Role.parse(row.role) }, csrf: row.csrf, tokenHash };
}

export async function deleteSession(db: Queryable, tokenHash: Uint8Array): Promise<void> {
  await db.query('DELETE FROM review_sessions WHERE token_hash = $1', [tokenHash]);
}

/** Ends every session of `userName` but `keep` (after a password change, other devices sign in again). */
export async function deleteOtherSessions(db: Queryable, userName: string, keep: Uint8Array): Promise<void> {
  await db.query('DELETE FROM review_sessions WHERE user_name = $1 AND token_hash <> $2', [userName, keep]);
}

/** Whether the header's CSRF token is the session's, in constant time. */
export function csrfMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
