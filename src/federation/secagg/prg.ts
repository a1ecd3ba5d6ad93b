/**
 * The mask generator: a 128-bit seed expanded into d uniform elements of Z_{2^64} with the
 * AES-128-CTR keystream (key = seed, counter block starting at zero), read as little-endian 64-bit
 * words. Under the PRF assumption on AES the keystream is indistinguishable from uniform bytes, and
 * every 8 uniform bytes are one uniform ring element, so the mask is uniform with no rejection step.
 *
 * A fixed counter start is safe because every seed is used for exactly one mask: self-mask seeds
 * are fresh per node and job, and pairwise seeds are derived with the job id and the pair (keys.ts).
 * AES-CTR's 2^128-block counter and a mask of at most 2^24 entries stay far from any bound on use.
 */
import { createCipheriv } from 'node:crypto';
import { ELEMENT_BYTES, type RingVector, ringFromBytes } from './ring.js';

export const SEED_BYTES = 16;
/** Masks longer than this are refused: 2^24 entries is 128 MiB per mask, beyond any job we run. */
export const MAX_MASK_LENGTH = 1 << 24;

const ZERO_COUNTER = Buffer.alloc(16);

/** The first `bytes` bytes of the AES-128-CTR keystream of `seed` (for the known-answer test, too). */
export function keystream(seed: Uint8Array, bytes: number): Uint8Array {
  if (seed.length !== SEED_BYTES)
    throw new RangeError(`a mask seed has ${SEED_BYTES} bytes, got ${seed.length}`);
  const cipher = createCipheriv('aes-128-ctr', seed, ZERO_COUNTER);
  return cipher.update(Buffer.alloc(bytes));
}

/** PRG(seed): `length` uniform ring elements. */
export function expandMask(seed: Uint8Array, length: number): RingVector {
  if (!Number.isSafeInteger(length) || length < 1 || length > MAX_MASK_LENGTH)
    throw new RangeError(`a mask has 1..${MAX_MASK_LENGTH} entries, got ${length}`);
  return ringFromBytes(keystream(seed, length * ELEMENT_BYTES));
}
