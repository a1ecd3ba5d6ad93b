/**
 * One-time tokens: enrolment tokens (`hub add-node`) and the coordinator's token (`hub init`).
 * The hub shows a token once and stores only its SHA-256; presenting the token proves possession.
 *
 * No salt or slow hash is needed: a token is 256 uniformly random bits, so the stored hash gives
 * an attacker who reads the database nothing to guess from (a dictionary has no entries), unlike a
 * password. Comparison is in constant time all the same, so response timing reveals nothing of how
 * much of a guess matched.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RandomBits } from '../../privacy/random-bits.js';
import { base64urlLength, fromBase64url, randomBytesFrom, toBase64url } from './encoding.js';

export const TOKEN_BYTES = 32;
/** A token's length in characters: 43 base64url characters carry the 256 bits. */
export const TOKEN_LENGTH = base64urlLength(TOKEN_BYTES);

/** A fresh 256-bit token, base64url. Pass `secureRandomBits()` except in tests. */
export function newToken(bits: RandomBits): string {
  return toBase64url(randomBytesFrom(bits, TOKEN_BYTES));
}

/** What the hub stores for a token: base64url of SHA-256 over the token's text. */
export function hashToken(token: string): string {
  return toBase64url(createHash('sha256').update(token, 'utf8').digest());
}

/** Whether `token` is the token whose hash is `storedHash`, compared in constant time. */
export function tokenMatches(token: string, storedHash: string): boolean {
  const stored = fromBase64url(storedHash);
  if (stored === undefined || stored.length !== 32) return false;
  const presented = createHash('sha256').update(token, 'utf8').digest();
  return timingSafeEqual(presented, stored);
}
