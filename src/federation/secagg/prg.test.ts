import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expandMask, keystream } from './prg.js';
import { ringEntry } from './ring.js';

const hex = (s: string) => Buffer.from(s, 'hex');

describe('mask PRG (AES-128-CTR)', () => {
  it('AES-128 itself matches FIPS-197 Appendix C.1', () => {
    const ecb = createCipheriv('aes-128-ecb', hex('000102030405060708090a0b0c0d0e0f'), null);
    ecb.setAutoPadding(false);
    expect(ecb.update(hex('00112233445566778899aabbccddeeff')).toString('hex')).toBe(
      '69c4e0d86a7b0430d8cdb78070b4c55a',
    );
  });

  it('is the keystream AES_k(0), AES_k(1), … with a 128-bit big-endian counter (checked block by block)', () => {
    const seed = hex('2b7e151628aed2a6abf7158809cf4f3c');
    const stream = keystream(seed, 64);
    const ecb = createCipheriv('aes-128-ecb', seed, null);
    ecb.setAutoPadding(false);
    for (let block = 0; block < 4; block++) {
      const counter = Buffer.alloc(16);
      counter.writeUInt32BE(block, 12);
      expect(Buffer.from(stream.subarray(16 * block, 16 * block + 16)).toString('hex')).toBe(
        ecb.update(counter).toString('hex'),
      );
    }
  });

  it('reads the keystream as little-endian 64-bit ring elements', () => {
    const seed = hex('000102030405060708090a0b0c0d0e0f');
    const mask = expandMask(seed, 3);
    const bytes = Buffer.from(keystream(seed, 24));
    for (let i = 0; i < 3; i++) expect(ringEntry(mask, i)).toBe(bytes.readBigUInt64LE(8 * i));
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = new Uint8Array(16).fill(7);
    const b = a.slice();
    b[15] = 8;
    expect(expandMask(a, 1000)).toEqual(expandMask(a, 1000));
    const ma = expandMask(a, 1000);
    const mb = expandMask(b, 1000);
    let equal = 0;
    for (let i = 0; i < ma.length; i++) if (ma[i] === mb[i]) equal++;
    expect(equal).toBeLessThan(3); // 2000 words agree by chance with probability ≈ 2000 · 2^−32
  });

  it('refuses a seed that is not 128 bits and an empty mask', () => {
    expect(() => expandMask(new Uint8Array(8), 10)).toThrow(/16 bytes/);
    expect(() => expandMask(new Uint8Array(16), 0)).toThrow(/entries/);
  });
});
