import { describe, expect, it } from 'vitest';
import { seededRandomBits } from '../../privacy/random-bits.js';
import {
  FIELD_PRIME,
  fieldFromBytes,
  fieldToBytes,
  recoverSecret,
  type Share,
  splitSecret,
} from './shamir.js';

function subsets<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  if (items.length < size) return [];
  const [first, ...rest] = items;
  return [...subsets(rest, size - 1).map((s) => [first, ...s]), ...subsets(rest, size)];
}

describe('Shamir secret sharing over 2^521 − 1', () => {
  it('recovers a hand-made polynomial f(x) = 42 + 7x + 3x² from f(1), f(2), f(3) = 52, 68, 90', () => {
    const shares: Share[] = [
      { x: 1, y: 52n },
      { x: 2, y: 68n },
      { x: 3, y: 90n },
    ];
    expect(recoverSecret(shares, 3)).toBe(42n);
  });

  it('recovers a 256-bit secret from every one of the C(5,3) = 10 subsets of 3 shares, and from all 5', () => {
    const secret = (1n << 255n) + 123456789n;
    const shares = splitSecret(secret, 3, 5, seededRandomBits('shamir'));
    const all = subsets(shares, 3);
    expect(all).toHaveLength(10);
    for (const subset of all) expect(recoverSecret(subset, 3)).toBe(secret);
    expect(recoverSecret(shares, 3)).toBe(secret);
  });

  it('t − 1 shares say nothing: interpolating them misses the secret, and a share is uniform whatever the secret', () => {
    const secret = 2n ** 128n - 1n;
    const shares = splitSecret(secret, 3, 5, seededRandomBits('t-1'));
    const two = shares.slice(0, 2);
    // Interpolating only 2 points of a degree-2 polynomial gives some other value.
    expect(recoverSecret(two, 2)).not.toBe(secret);
    // Statistical check: the share at x = 1 with t = 2 is uniform whatever the secret; its low byte
    // over 4,096 splits passes a χ² test (255 df, critical 330.5 at p = 0.001) for secret 0 and 2^255.
    for (const s of [0n, 1n << 255n]) {
      const bits = seededRandomBits(`uniform ${s}`);
      const counts = new Array<number>(256).fill(0);
      for (let i = 0; i < 4096; i++) counts[Number(splitSecret(s, 2, 2, bits)[0].y & 0xffn)]++;
      const chi2 = counts.reduce((acc, c) => acc + (c - 16) ** 2 / 16, 0);
      expect(chi2).toBeLessThan(330.5);
    }
  });

  it('refuses duplicate x, too few shares, a bad threshold, and detects a corrupt surplus share', () => {
    const shares = splitSecret(99n, 3, 5, seededRandomBits('refuse'));
    expect(() => recoverSecret([shares[0], shares[0], shares[1]], 3)).toThrow(/same x = 1/);
    expect(() => recoverSecret(shares.slice(0, 2), 3)).toThrow(/2 share\(s\) cannot recover a 3-of-n secret/);
    expect(() => splitSecret(99n, 6, 5, seededRandomBits('x'))).toThrow(
      /threshold must be an integer in 1..5/,
    );
    expect(() => recoverSecret([{ x: 0, y: 1n }], 1)).toThrow(/x must be an integer ≥ 1/);
    const corrupt = shares.map((s) => (s.x === 5 ? { x: 5, y: (s.y + 1n) % FIELD_PRIME } : s));
    expect(() => recoverSecret(corrupt, 3)).toThrow(/x = 5 does not lie on the polynomial/);
  });

  it('writes field elements as 66 big-endian bytes and reads them back', () => {
    const y = FIELD_PRIME - 2n;
    const bytes = fieldToBytes(y);
    expect(bytes).toHaveLength(66);
    expect(bytes[0]).toBe(1); // 2^521 − 3 has its top bit in the first byte's lowest bit
    expect(fieldFromBytes(bytes)).toBe(y);
  });
});
