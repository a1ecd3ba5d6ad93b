import { describe, expect, it } from 'vitest';
import { secureRandomBits, seededRandomBits } from '../../privacy/random-bits.js';
import { fromBase64url } from './encoding.js';
import { hashToken, newToken, TOKEN_LENGTH, tokenMatches } from './tokens.js';

describe('one-time tokens', () => {
  it('carry 256 bits: 43 base64url characters that decode to 32 bytes', () => {
    const token = newToken(secureRandomBits());
    expect(TOKEN_LENGTH).toBe(43);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fromBase64url(token)).toHaveLength(32);
  });

  it('look uniform: 2000 secure tokens are distinct and their bits are ones half the time', () => {
    const tokens = Array.from({ length: 2000 }, () => newToken(secureRandomBits()));
    expect(new Set(tokens).size).toBe(tokens.length);
    let ones = 0;
    for (const token of tokens)
      for (const byte of fromBase64url(token)!) for (let b = byte; b; b &= b - 1) ones++;
    // 512,000 fair bits: mean 256,000, sd √(512000/4) ≈ 358; 6 sd is a false alarm once in 10^9 runs.
    expect(Math.abs(ones - 256_000)).toBeLessThan(6 * 358);
  });

  it('are reproducible from a seeded stream (tests only) and differ across seeds', () => {
    expect(newToken(seededRandomBits(5))).toBe(newToken(seededRandomBits(5)));
    expect(newToken(seededRandomBits(5))).not.toBe(newToken(seededRandomBits(6)));
  });

  it('are stored as SHA-256, base64url (FIPS 180-2 "abc" vector)', () => {
    const abc = Buffer.from('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'hex');
    expect(hashToken('abc')).toBe(abc.toString('base64url'));
    const a = newToken(seededRandomBits('a'));
    const b = newToken(seededRandomBits('b'));
    expect(hashToken(a)).not.toBe(hashToken(b));
    expect(hashToken(a)).not.toContain(a);
  });

  it('match only the token that was hashed', () => {
    const token = newToken(seededRandomBits('enrol'));
    const stored = hashToken(token);
    expect(tokenMatches(token, stored)).toBe(true);
    const lastChanged = token.slice(0, -1) + (token.endsWith('A') ? 'Q' : 'A');
    expect(tokenMatches(lastChanged, stored)).toBe(false);
    expect(tokenMatches('', stored)).toBe(false);
    expect(tokenMatches(token, stored.slice(1))).toBe(false);
    expect(tokenMatches(token, 'not a hash')).toBe(false);
  });
});
