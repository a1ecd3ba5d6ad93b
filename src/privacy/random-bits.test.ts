import { describe, expect, it } from 'vitest';
import { chiSquareSf } from '../stats/distributions.js';
import { secureRandomBits, seededRandomBits, uniformBelow, uniformBelowBig } from './random-bits.js';
import { exactRational, floorSqrt, integerSqrt, rational, rationalAtLeast } from './rational.js';

function draws(next: () => number, n: number): number[] {
  return Array.from({ length: n }, next);
}

function uniformityP(values: number[], cells: number): number {
  const observed = new Float64Array(cells);
  for (const v of values) observed[v]++;
  const expected = values.length / cells;
  let statistic = 0;
  for (const o of observed) statistic += (o - expected) ** 2 / expected;
  return chiSquareSf(statistic, cells - 1);
}

describe('random bits for noise', () => {
  it('a seed gives the same stream everywhere; the seed 7 and "7" are one seed', () => {
    const a = seededRandomBits(7);
    const b = seededRandomBits('7');
    const first = draws(() => a.nextUint32(), 5000);
    expect(draws(() => b.nextUint32(), 5000)).toEqual(first);
    expect(draws(() => seededRandomBits(8).nextUint32(), 1)).not.toEqual(first.slice(0, 1));
  });

  it('seed 7 gives the keystream OpenSSL gives for the documented key (AES-256-CTR, IV 0)', () => {
    // Independent check of the key derivation and byte order, made with:
    //   KEY=$(printf 'synthcohort/privacy-noise/aes-256-ctr/v1\0007' | sha256sum | cut -d' ' -f1)
    //   head -c 12 /dev/zero | openssl enc -aes-256-ctr -K $KEY -iv 0…0 | od -An -tu4 --endian=little
    const bits = seededRandomBits(7);
    expect(draws(() => bits.nextUint32(), 3)).toEqual([1446292475, 2835652406, 3991297688]);
  });

  it('split streams depend on the label, not on how much the parent drew', () => {
    const parent = seededRandomBits(1);
    const before = draws(() => parent.split('cell noise').nextUint32(), 10);
    draws(() => parent.nextUint32(), 100_000);
    expect(draws(() => parent.split('cell noise').nextUint32(), 10)).toEqual(before);
    expect(draws(() => parent.split('other').nextUint32(), 10)).not.toEqual(before);
  });

  it('the secure source yields fresh, uniform words', () => {
    const bits = secureRandomBits();
    const words = draws(() => bits.nextUint32(), 50_000);
    expect(new Set(words).size).toBeGreaterThan(49_990);
    expect(
      uniformityP(
        words.map((w) => w >>> 28),
        16,
      ),
    ).toBeGreaterThan(1e-4);
  });

  it.each([1, 3, 7, 10, 2 ** 32 - 5, 2 ** 33 + 1, Number.MAX_SAFE_INTEGER])(
    'uniformBelow(%i) stays in range',
    (n) => {
      const bits = seededRandomBits(`range ${n}`);
      for (let i = 0; i < 2000; i++) {
        const x = uniformBelow(bits, n);
        expect(Number.isSafeInteger(x) && x >= 0 && x < n).toBe(true);
      }
    },
  );

  it('uniformBelow has no modulo bias (χ² over 3 and over 10 cells)', () => {
    for (const n of [3, 10]) {
      const bits = seededRandomBits(`bias ${n}`);
      expect(
        uniformityP(
          draws(() => uniformBelow(bits, n), 60_000),
          n,
        ),
      ).toBeGreaterThan(0.001);
    }
  });

  it('uniformBelow(2^33 + 1) is uniform in its top part, where a 32-bit shortcut would fail', () => {
    const bits = seededRandomBits('wide');
    const n = 2 ** 33 + 1;
    const tops = draws(() => Math.floor(uniformBelow(bits, n) / 2 ** 31), 40_000).map((t) => Math.min(t, 3));
    expect(uniformityP(tops, 4)).toBeGreaterThan(0.001);
  });

  it('uniformBelowBig(3 · 2^60) is uniform over its three thirds', () => {
    const bits = seededRandomBits('big');
    const third = 1n << 60n;
    const thirds = draws(() => Number(uniformBelowBig(bits, 3n * third) / third), 30_000);
    expect(Math.max(...thirds)).toBe(2);
    expect(uniformityP(thirds, 3)).toBeGreaterThan(0.001);
  });

  it('refuses an empty range', () => {
    expect(() => uniformBelow(seededRandomBits(1), 0)).toThrow(RangeError);
    expect(() => uniformBelowBig(seededRandomBits(1), 0n)).toThrow(RangeError);
  });
});

describe('exact rationals', () => {
  it('a double converts to exactly the fraction it stores', () => {
    expect(exactRational(0.1)).toEqual({ num: 3602879701896397n, den: 1n << 55n });
    expect(exactRational(2.5)).toEqual({ num: 5n, den: 2n });
    expect(exactRational(0)).toEqual({ num: 0n, den: 1n });
  });

  it('rounding up to 2^−20 never goes below the number', () => {
    for (const x of [0.1, 1 / 3, Math.PI, 1e-7, 123.456]) {
      const q = rationalAtLeast(x);
      const exact = exactRational(x);
      expect(q.num * exact.den >= exact.num * q.den).toBe(true);
      expect(Number(q.num) / Number(q.den) - x).toBeLessThanOrEqual(2 ** -20);
    }
    expect(rationalAtLeast(100)).toEqual({ num: 100n, den: 1n });
  });

  it('fractions are reduced and must be non-negative with a positive denominator', () => {
    expect(rational(6n, 4n)).toEqual({ num: 3n, den: 2n });
    expect(() => rational(1n, 0n)).toThrow(RangeError);
    expect(() => rational(-1n, 2n)).toThrow(RangeError);
  });

  it('integer and floor square roots agree with brute force', () => {
    for (let n = 0n; n < 5000n; n++) {
      const r = integerSqrt(n);
      expect(r * r <= n && (r + 1n) * (r + 1n) > n).toBe(true);
    }
    expect(integerSqrt((1n << 200n) + 5n)).toBe(1n << 100n);
    expect(floorSqrt(rational(99n, 1n))).toBe(9n);
    expect(floorSqrt(rational(100n, 1n))).toBe(10n);
    expect(floorSqrt(rational(1n, 4n))).toBe(0n);
    expect(floorSqrt(rational(9n, 4n))).toBe(1n);
  });
});
