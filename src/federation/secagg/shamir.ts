/**
 * Shamir's t-of-n secret sharing (Shamir 1979) over the prime field of the Mersenne prime
 * p = 2^521 − 1, large enough to hold a 32-byte X25519 private key or a 16-byte seed as one field
 * element. The secret is the constant term of a random polynomial of degree t − 1; share j is its
 * value at x = j (the node's index, 1..n), and Lagrange interpolation at 0 recovers it from any t
 * shares. Any t − 1 shares are jointly uniform whatever the secret (information-theoretic secrecy),
 * because the t − 1 random coefficients are uniform on the field.
 */

import { DataError, UsageError } from '../../core/errors.js';
import type { RandomBits } from '../../privacy/random-bits.js';
import { uniformBelowBig } from '../../privacy/random-bits.js';

export const FIELD_PRIME = (1n << 521n) - 1n;
/** A field element on the wire: 66 big-endian bytes (⌈521 / 8⌉). */
export const SHARE_BYTES = 66;

export interface Share {
  /** The evaluation point: the index of the node that holds the share, 1..n. */
  readonly x: number;
  readonly y: bigint;
}

/** Shares of `secret` (0 ≤ secret < p) at x = 1..n; any `threshold` of them recover it. */
export function splitSecret(secret: bigint, threshold: number, n: number, bits: RandomBits): Share[] {
  if (secret < 0n || secret >= FIELD_PRIME)
    throw new RangeError('a Shamir secret must lie in [0, 2^521 − 1)');
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`n must be an integer ≥ 1, got ${n}`, 'participants');
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > n)
    throw new UsageError(`threshold must be an integer in 1..${n}, got ${threshold}`, 'threshold');
  const coefficients = [secret];
  for (let i = 1; i < threshold; i++) coefficients.push(uniformBelowBig(bits, FIELD_PRIME));
  const shares: Share[] = [];
  for (let x = 1; x <= n; x++) shares.push({ x, y: evaluate(coefficients, BigInt(x)) });
  return shares;
}

/**
 * The secret from at least `threshold` shares with distinct x ≥ 1. Shares beyond the first
 * `threshold` are checked against the polynomial the first ones define, so a corrupted share is
 * reported instead of silently yielding a wrong secret (when there is a surplus to check with).
 */
export function recoverSecret(shares: readonly Share[], threshold: number): bigint {
  if (!Number.isInteger(threshold) || threshold < 1)
    throw new UsageError(`threshold must be an integer ≥ 1, got ${threshold}`, 'threshold');
  const seen = new Set<number>();
  for (const share of shares) {
    if (!Number.isSafeInteger(share.x) || share.x < 1)
      throw new DataError({}, `a share's x must be an integer ≥ 1, got ${share.x}`);
    if (seen.has(share.x)) throw new DataError({}, `two shares have the same x = ${share.x}`);
    if (share.y < 0n || share.y >= FIELD_PRIME)
      throw new DataError({}, `the share at x = ${share.x} is not a field element`);
    seen.add(share.x);
  }
  if (shares.length < threshold)
    throw new DataError(
      {},
      `${shares.length} share(s) cannot recover a ${threshold}-of-n secret: ${threshold} are needed`,
    );
  const basis = shares.slice(0, threshold);
  for (const extra of shares.slice(threshold))
    if (interpolateAt(basis, BigInt(extra.x)) !== extra.y)
      throw new DataError(
        {},
        `the share at x = ${extra.x} does not lie on the polynomial of the others: a share is corrupt`,
      );
  return interpolateAt(basis, 0n);
}

/** Shares as fixed-width bytes and back, for encryption and the wire. */
export function fieldToBytes(y: bigint): Uint8Array {
  const bytes = new Uint8Array(SHARE_BYTES);
  let rest = y;
  for (let i = SHARE_BYTES - 1; i >= 0; i--) {
    bytes[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes;
}

export function fieldFromBytes(bytes: Uint8Array): bigint {
  let y = 0n;
  for (const byte of bytes) y = (y << 8n) | BigInt(byte);
  return y;
}

/** Horner's rule mod p. */
function evaluate(coefficients: readonly bigint[], x: bigint): bigint {
  let y = 0n;
  for (let i = coefficients.length - 1; i >= 0; i--) y = (y * x + coefficients[i]) % FIELD_PRIME;
  return y;
}

/** Lagrange interpolation of the points at `at`: Σ_j y_j Π_{m≠j} (at − x_m) / (x_j − x_m) mod p. */
function interpolateAt(points: readonly Share[], at: bigint): bigint {
  let result = 0n;
  for (const j of points) {
    let numerator = 1n;
    let denominator = 1n;
    for (const m of points) {
      if (m === j) continue;
      numerator = (numerator * mod(at - BigInt(m.x))) % FIELD_PRIME;
      denominator = (denominator * mod(BigInt(j.x) - BigInt(m.x))) % FIELD_PRIME;
    }
    result = (result + j.y * ((numerator * inverse(denominator)) % FIELD_PRIME)) % FIELD_PRIME;
  }
  return result;
}

function mod(a: bigint): bigint {
  const r = a % FIELD_PRIME;
  return r < 0n ? r + FIELD_PRIME : r;
}

/** a⁻¹ mod p by the extended Euclidean algorithm (a ≠ 0 because the x are distinct); far cheaper than a^(p−2). */
function inverse(a: bigint): bigint {
  let [r0, r1] = [FIELD_PRIME, mod(a)];
  let [t0, t1] = [0n, 1n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  return mod(t0);
}
