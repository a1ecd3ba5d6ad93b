import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { hashPassword, SCRYPT_PARAMETERS, verifyPassword } from './passwords.js';

const bits = seededRandomBits('passwords-test');

describe('review passwords (scrypt)', () => {
  it('verifies the password it hashed and no other', async () => {
    const stored = await hashPassword('correct horse battery', bits);
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(stored).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery ', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts: one password hashed twice gives two strings, both verifying', async () => {
    const a = await hashPassword('same password here', bits);
    const b = await hashPassword('same password here', bits);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password here', a)).toBe(true);
    expect(await verifyPassword('same password here', b)).toBe(true);
  });

  it('refuses a tampered or malformed hash without throwing', async () => {
    const stored = await hashPassword('tamper with me please', bits);
    const parts = stored.split('$');
    const hash = Buffer.from(parts[5], 'base64url');
    hash[0] ^= 1;
    const flipped = [...parts.slice(0, 5), hash.toString('base64url')].join('$');
    expect(await verifyPassword('tamper with me please', flipped)).toBe(false);
    const otherSalt = [...parts.slice(0, 4), Buffer.alloc(16, 7).toString('base64url'), parts[5]].join('$');
    expect(await verifyPassword('tamper with me please', otherSalt)).toBe(false);
    for (const bad of [
      '',
      'scrypt$',
      'bcrypt$2$8$1$aaaaaaaaaaa$bbbbbbbbbbbbbbbbbbbbbb',
      stored.replace('32768', '30000'),
    ])
      expect(await verifyPassword('tamper with me please', bad)).toBe(false);
    // A row asking for 2^30 × 128 × 8 bytes must not allocate them.
    expect(await verifyPassword('tamper with me please', stored.replace('32768', String(2 ** 30)))).toBe(
      false,
    );
  });

  it('reads the parameters from the stored string, so older or stronger hashes still verify', async () => {
    expect(SCRYPT_PARAMETERS).toEqual({ N: 32768, r: 8, p: 1 });
    const salt = Buffer.alloc(16, 3);
    const key = scryptSync('weaker parameters', salt, 32, { N: 1024, r: 4, p: 2 });
    const stored = `scrypt$1024$4$2$${salt.toString('base64url')}$${key.toString('base64url')}`;
    expect(await verifyPassword('weaker parameters', stored)).toBe(true);
    expect(await verifyPassword('weaker parameter', stored)).toBe(false);
  });
});
