import { describe, expect, it } from 'vitest';
import { secureRandomBits, seededRandomBits } from '../../privacy/random-bits.js';
import { hashToken, newToken, TOKEN_BYTES, TOKEN_PREFIX, type TokenKind, tokenMatches } from './tokens.js';

const KINDS: TokenKind[] = ['enrolment', 'coordinator'];

/** The 32 random bytes behind a token of `kind` (after its prefix). */
function bytesOf(kind: TokenKind, token: string): Buffer {
  expect(token.startsWith(TOKEN_PREFIX[kind])).toBe(true);
  return Buffer.from(token.slice(TOKEN_PREFIX[kind].length), 'base64url');
}

describe('hub tokens', () => {
  it('say what they are for and carry 256 bits: a prefix, then 43 base64url characters', () => {
    expect(TOKEN_BYTES).toBe(32);
    expect(newToken('enrolment', secureRandomBits())).toMatch(/^sce_[A-Za-z0-9_-]{43}$/);
    expect(newToken('coordinator', secureRandomBits())).toMatch(/^scc_[A-Za-z0-9_-]{43}$/);
    for (const kind of KINDS) expect(bytesOf(kind, newToken(kind, secureRandomBits()))).toHaveLength(32);
  });

  it('look uniform: 2000 secure tokens are distinct and their bits are ones half the time', () => {
    const tokens = Array.from({ length: 2000 }, () => newToken('enrolment', secureRandomBits()));
    expect(new Set(tokens).size).toBe(tokens.length);
    let ones = 0;
    for (const token of tokens)
      for (const byte of bytesOf('enrolment', token)) for (let b = byte; b; b &= b - 1) ones++;
    // 512,000 fair bits: mean 256,000, sd √(512000/4) ≈ 358; 6 sd is a false alarm once in 10^9 runs.
    expect(Math.abs(ones - 256_000)).toBeLessThan(6 * 358);
  });

  it('are reproducible from a seeded stream (tests only) and differ across seeds', () => {
    expect(newToken('enrolment', seededRandomBits(5))).toBe(newToken('enrolment', seededRandomBits(5)));
    expect(newToken('enrolment', seededRandomBits(5))).not.toBe(newToken('enrolment', seededRandomBits(6)));
    // The same random bytes under both kinds: only the prefix differs.
    expect(bytesOf('coordinator', newToken('coordinator', seededRandomBits(5)))).toEqual(
      bytesOf('enrolment', newToken('enrolment', seededRandomBits(5))),
    );
  });

  it('are stored as domain-separated SHA-256 (reference digests from Python hashlib)', () => {
    // hashlib.sha256(b'synthcohort/<kind>-token\x00abc').hexdigest()
    expect(Buffer.from(hashToken('enrolment', 'abc')).toString('hex')).toBe(
      '5dbde88e8e3fa35b90270c4be418543e16cd436ee72b0bbe07be4d2d196b4fb7',
    );
    expect(Buffer.from(hashToken('coordinator', 'abc')).toString('hex')).toBe(
      '709741601b05952fceb62fa2a123f5d0b2932d78ce9bf67eddd086c8aa3496a5',
    );
    const token = newToken('enrolment', seededRandomBits('a'));
    expect(Buffer.from(hashToken('enrolment', token)).toString('base64url')).not.toContain(
      token.slice(4, 12),
    );
  });

  it('match only the token that was hashed, and only as the kind it was issued for', () => {
    const token = newToken('enrolment', seededRandomBits('enrol'));
    const stored = hashToken('enrolment', token);
    expect(tokenMatches('enrolment', token, stored)).toBe(true);
    expect(tokenMatches('coordinator', token, stored)).toBe(false);
    expect(tokenMatches('coordinator', token, hashToken('coordinator', token))).toBe(true);
    const lastChanged = token.slice(0, -1) + (token.endsWith('A') ? 'Q' : 'A');
    expect(tokenMatches('enrolment', lastChanged, stored)).toBe(false);
    expect(tokenMatches('enrolment', '', stored)).toBe(false);
    expect(tokenMatches('enrolment', token, stored.subarray(1))).toBe(false);
    expect(tokenMatches('enrolment', token, new Uint8Array(0))).toBe(false);
  });
});
