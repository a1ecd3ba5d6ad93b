/**
 * Random bits for privacy noise. Noise must be unpredictable to whoever reads the released
 * measurements: if the draws could be replayed, the noise could be subtracted and the exact counts
 * recovered. So noise never comes from the project's `Rng` (xoshiro128**, fine for synthesis, but its
 * state can be reconstructed from a few outputs) and never from `Math.random`.
 *
 * Two sources share one interface:
 * - `secureRandomBits()` reads the operating system's CSPRNG (node:crypto), for real runs;
 * - `seededRandomBits(seed)` is AES-256-CTR keyed by SHA-256 of a domain-separation string and the
 *   seed, for tests and reproducible runs. A seeded run is only as secret as its seed, which is why a
 *   model file never records it: a seed is for testing and for reproducing a run on the same data.
 */
import { createCipheriv, createHash, randomFillSync } from 'node:crypto';

export interface RandomBits {
  /** The next 32 uniform random bits, as an unsigned integer. */
  nextUint32(): number;
  /** An independent stream named by `label`; drawing from one never shifts the other. */
  split(label: string): RandomBits;
}

/** Domain separation: a key made here can never collide with a key hashed elsewhere from the same seed. */
const SEED_DOMAIN = 'synthcohort/privacy-noise/aes-256-ctr/v1';
const BLOCK_BYTES = 1 << 14;

/** Bits from a byte source refilled a block at a time; read little-endian, the same on every platform. */
abstract class BufferedBits implements RandomBits {
  private readonly bytes = new Uint8Array(BLOCK_BYTES);
  private readonly view = new DataView(this.bytes.buffer);
  private offset = BLOCK_BYTES;

  protected abstract refill(bytes: Uint8Array): void;
  abstract split(label: string): RandomBits;

  nextUint32(): number {
    if (this.offset === BLOCK_BYTES) {
      this.refill(this.bytes);
      this.offset = 0;
    }
    const value = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return value;
  }
}

class SecureBits extends BufferedBits {
  protected refill(bytes: Uint8Array): void {
    randomFillSync(bytes);
  }
  split(_label: string): RandomBits {
    // Every draw is fresh from the OS, so any two secure streams are independent whatever the label.
    return new SecureBits();
  }
}

class SeededBits extends BufferedBits {
  // AES-CTR encrypting zeros yields the keystream; the counter block starts at zero for a fresh key.
  private readonly cipher;
  private readonly zeros = new Uint8Array(BLOCK_BYTES);

  constructor(private readonly key: Buffer) {
    super();
    this.cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  }

  protected refill(bytes: Uint8Array): void {
    bytes.set(this.cipher.update(this.zeros));
  }

  split(label: string): RandomBits {
    // The child key depends on the parent key and the label only, not on how much was drawn.
    return new SeededBits(createHash('sha256').update(this.key).update('\0split\0').update(label).digest());
  }
}

/** Bits from the operating system's cryptographic generator: for every run that releases anything. */
export function secureRandomBits(): RandomBits {
  return new SecureBits();
}

/**
 * A deterministic stream from `seed`: the same seed gives the same bits on every machine. The seed
 * `7` and the seed `'7'` are the same seed. Anyone who knows the seed can regenerate the noise.
 */
export function seededRandomBits(seed: number | string): RandomBits {
  if (typeof seed === 'number' && !Number.isFinite(seed))
    throw new RangeError(`seed must be finite, got ${seed}`);
  return new SeededBits(createHash('sha256').update(SEED_DOMAIN).update('\0').update(String(seed)).digest());
}

const TWO_32 = 4294967296;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A uniform integer in [0, n) for 1 ≤ n ≤ 2^53, by rejection: no modulo bias, no floating point. */
export function uniformBelow(bits: RandomBits, n: number): number {
  if (!Number.isSafeInteger(n) || n < 1)
    throw new RangeError(`uniformBelow: n must be a safe integer ≥ 1, got ${n}`);
  if (n === 1) return 0;
  const width = bitLength(n - 1);
  for (;;) {
    let x: number;
    if (width <= 32) x = bits.nextUint32() >>> (32 - width);
    else x = (bits.nextUint32() >>> (64 - width)) * TWO_32 + bits.nextUint32();
    if (x < n) return x;
  }
}

/** A uniform integer in [0, n) for any n ≥ 1, by rejection on the bit length of n − 1. */
export function uniformBelowBig(bits: RandomBits, n: bigint): bigint {
  if (n < 1n) throw new RangeError(`uniformBelowBig: n must be ≥ 1, got ${n}`);
  if (n <= MAX_SAFE) return BigInt(uniformBelow(bits, Number(n)));
  const width = (n - 1n).toString(2).length;
  const words = Math.ceil(width / 32);
  const excess = BigInt(words * 32 - width);
  for (;;) {
    let x = 0n;
    for (let i = 0; i < words; i++) x = (x << 32n) | BigInt(bits.nextUint32());
    x >>= excess;
    if (x < n) return x;
  }
}

function bitLength(n: number): number {
  if (n < TWO_32) return 32 - Math.clz32(n);
  return 32 + (32 - Math.clz32(Math.floor(n / TWO_32)));
}
