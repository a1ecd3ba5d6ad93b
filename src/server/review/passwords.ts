/**
 * Reviewers' passwords, hashed with scrypt (node:crypto): memory-hard, so a stolen `review_users`
 * table costs an attacker 32 MiB and tens of milliseconds per guess. The parameters travel in the
 * stored string (`scrypt$N$r$p$salt$hash`, base64url parts), so raising them later leaves existing
 * hashes verifiable. Hashing is asynchronous (libuv's thread pool): a sign-in never blocks the
 * event loop the other reviewers' requests run on.
 */
import { scrypt, timingSafeEqual } from 'node:crypto';
import { randomBytesFrom } from '../../federation/wire/encoding.js';
import type { RandomBits } from '../../privacy/random-bits.js';

/** OWASP's scrypt floor (N = 2^15, r = 8, p = 1). */
export const SCRYPT_PARAMETERS = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Largest N accepted from a stored string: a tampered row must not make a sign-in allocate gigabytes. */
const MAX_N = 2 ** 20;

interface ScryptParameters {
  N: number;
  r: number;
  p: number;
}

function derive(password: string, salt: Buffer, keyLength: number, parameters: ScryptParameters) {
  // scrypt needs 128·N·r bytes; node's default ceiling (32 MiB) is exactly that at N = 2^15, r = 8,
  // and the call fails on reaching it, so allow twice what the parameters need.
  const maxmem = 256 * parameters.N * parameters.r + 1024 * 1024;
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, keyLength, { ...parameters, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** A fresh salted hash of `password`, in the stored form. */
export async function hashPassword(password: string, bits: RandomBits): Promise<string> {
  const salt = Buffer.from(randomBytesFrom(bits, SALT_BYTES));
  const { N, r, p } = SCRYPT_PARAMETERS;
  const key = await derive(password, salt, KEY_BYTES, SCRYPT_PARAMETERS);
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/**
 * Whether `password` matches `stored`, compared in constant time. A malformed or out-of-range stored
 * string never matches (and never throws: a damaged row is one account that cannot sign in, not an
 * error page).
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  let key: Buffer;
  try {
    key = await derive(password, parsed.salt, parsed.hash.length, parsed);
  } catch {
    return false;
  }
  return timingSafeEqual(key, parsed.hash);
}

function parseHash(stored: string): (ScryptParameters & { salt: Buffer; hash: Buffer }) | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map((text) => (/^[0-9]{1,8}$/.test(text) ? Number(text) : Number.NaN));
  const isPowerOfTwo = (n: number) => n >= 2 && (n & (n - 1)) === 0;
  if (!isPowerOfTwo(N) || N > MAX_N || !(r >= 1 && r <= 32) || !(p >= 1 && p <= 16)) return undefined;
  const base64url = /^[A-Za-z0-9_-]+$/;
  if (!base64url.test(parts[4]) || !base64url.test(parts[5])) return undefined;
  const salt = Buffer.from(parts[4], 'base64url');
  const hash = Buffer.from(parts[5], 'base64url');
  if (salt.length < 8 || hash.length < 16 || hash.length > 64) return undefined;
  return { N, r, p, salt, hash };
}
