import { describe, expect, it } from 'vitest';
import { seededRandomBits, uniformBelowBig } from '../../privacy/random-bits.js';
import { decodeFixedPoint, decodeIntegers, encodeFixedPoint, encodeIntegers } from './encoding.js';
import { ringAddInto, ringEntry, ringFromBytes, ringSubInto, ringToBytes, ringZeros } from './ring.js';

const MOD = 1n << 64n;

function randomRing(length: number, seed: string) {
  const bits = seededRandomBits(seed);
  const v = ringZeros(length);
  for (let i = 0; i < v.length; i++) v[i] = bits.nextUint32();
  return v;
}

describe('ring Z_2^64', () => {
  it('adds and subtracts exactly as BigInt arithmetic mod 2^64, carries and borrows included', () => {
    const a = randomRing(2000, 'a');
    const b = randomRing(2000, 'b');
    // Plant the carry and borrow edge cases: all-ones low words, zero words.
    a[0] = 0xffffffff;
    b[0] = 1;
    a[2] = 0;
    b[2] = 1;
    a[3] = 0;
    const sum = ringAddInto(a.slice(), b);
    const diff = ringSubInto(a.slice(), b);
    for (let i = 0; i < 2000; i++) {
      expect(ringEntry(sum, i)).toBe((ringEntry(a, i) + ringEntry(b, i)) % MOD);
      expect(ringEntry(diff, i)).toBe((ringEntry(a, i) - ringEntry(b, i) + MOD) % MOD);
    }
  });

  it('round-trips through its little-endian wire form', () => {
    const a = randomRing(100, 'wire');
    const bytes = ringToBytes(a);
    expect(bytes.length).toBe(800);
    expect(Buffer.from(bytes.subarray(0, 8)).readBigUInt64LE()).toBe(ringEntry(a, 0));
    expect(ringFromBytes(bytes)).toEqual(a);
    expect(() => ringFromBytes(new Uint8Array(7))).toThrow(/multiple of 8/);
  });
});

describe('integer and fixed-point encoding', () => {
  it('sums signed integers exactly through two’s complement, across many contributors', () => {
    const bits = seededRandomBits('ints');
    const n = 7;
    const bound = 2 ** 49; // n · bound < 2^53
    const total = ringZeros(500);
    const expected = new Array<bigint>(500).fill(0n);
    for (let u = 0; u < n; u++) {
      const values = Array.from(
        { length: 500 },
        () => Number(uniformBelowBig(bits, 2n * BigInt(bound) + 1n)) - bound,
      );
      values[0] = u % 2 ? bound : -bound; // the extremes
      values.forEach((v, i) => {
        expected[i] += BigInt(v);
      });
      ringAddInto(total, encodeIntegers(values, { bound, contributors: n }));
    }
    const decoded = decodeIntegers(total, { bound, contributors: n });
    expect(Array.from(decoded, (v) => BigInt(v))).toEqual(expected);
  });

  it('encodes −1 as 2^64 − 1 and −2^32 with a zero low word', () => {
    const v = encodeIntegers([-1, -(2 ** 32), 2 ** 32 + 5], { bound: 2 ** 40, contributors: 1 });
    expect(ringEntry(v, 0)).toBe(MOD - 1n);
    expect(ringEntry(v, 1)).toBe(MOD - (1n << 32n));
    expect(ringEntry(v, 2)).toBe((1n << 32n) + 5n);
  });

  it('decodes fixed-point sums within n · 2^−(f+1) of the real sum', () => {
    const bits = seededRandomBits('reals');
    const codec = { fractionBits: 20, bound: 1000, contributors: 5 };
    const total = ringZeros(1000);
    const exact = new Float64Array(1000);
    for (let u = 0; u < 5; u++) {
      const values = Array.from({ length: 1000 }, () => (bits.nextUint32() / 2 ** 32 - 0.5) * 2000);
      values.forEach((x, i) => {
        exact[i] += x;
      });
      ringAddInto(total, encodeFixedPoint(values, codec));
    }
    const decoded = decodeFixedPoint(total, codec);
    let worst = 0;
    decoded.forEach((x, i) => {
      worst = Math.max(worst, Math.abs(x - exact[i]));
    });
    expect(worst).toBeLessThanOrEqual(5 * 2 ** -21);
    expect(worst).toBeGreaterThan(0); // rounding happened: the bound is what is being tested
  });

  it('refuses inputs beyond the bound, codecs without headroom, and a sum that may have wrapped', () => {
    expect(() => encodeIntegers([11], { bound: 10, contributors: 3 })).toThrow(/entry 0 is 11/);
    expect(() => encodeIntegers([1.5], { bound: 10, contributors: 3 })).toThrow(/integer/);
    expect(() => encodeIntegers([0], { bound: 2 ** 52, contributors: 3 })).toThrow(/exceeds 2\^53/);
    expect(() => encodeFixedPoint([Number.NaN], { bound: 1, fractionBits: 8, contributors: 2 })).toThrow(
      /finite/,
    );
    // Three nodes promised |x| ≤ 10 but the sum reads 31: some input broke its bound.
    const sum = encodeIntegers([31], { bound: 31, contributors: 1 });
    expect(() => decodeIntegers(sum, { bound: 10, contributors: 3 })).toThrow(/may have wrapped/);
    // A wrapped sum near 2^63 is refused too.
    const huge = ringZeros(1);
    huge[1] = 0x80000000;
    expect(() => decodeIntegers(huge, { bound: 10, contributors: 3 })).toThrow(/may have wrapped/);
  });
});
