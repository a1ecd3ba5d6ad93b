import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../core/errors.js';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { fromBase64url, randomBytesFrom, toBase64url } from './encoding.js';
import {
  generateSigningKeyPair,
  keyIdOf,
  privateKeyFromPem,
  privateKeyToPem,
  publicKeyFromBase64,
  publicKeyFromPem,
  publicKeyToBase64,
  publicKeyToPem,
} from './keys.js';
import { fixedBits } from './test-support.js';

// RFC 8032 §7.1, TEST 1: secret key, public key, and the signature of the empty message.
const RFC8032_SECRET = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const RFC8032_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const RFC8032_SIGNATURE =
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';
/** The SPKI DER header of an Ed25519 public key (RFC 8410 §4), before the 32 key bytes. */
const ED25519_SPKI_PREFIX = '302a300506032b6570032100';

describe('Ed25519 keys', () => {
  it('derives the RFC 8032 test-1 key pair from its 32-byte seed and signs as the RFC does', () => {
    const { publicKey, privateKey } = generateSigningKeyPair(fixedBits(RFC8032_SECRET));
    const spki = publicKey.export({ format: 'der', type: 'spki' }).toString('hex');
    expect(spki).toBe(ED25519_SPKI_PREFIX + RFC8032_PUBLIC);
    expect(sign(null, Buffer.alloc(0), privateKey).toString('hex')).toBe(RFC8032_SIGNATURE);
  });

  it('takes the key id as the first 128 bits of SHA-256 over the SPKI DER, base64url', () => {
    const { publicKey } = generateSigningKeyPair(fixedBits(RFC8032_SECRET));
    const digest = createHash('sha256')
      .update(Buffer.from(ED25519_SPKI_PREFIX + RFC8032_PUBLIC, 'hex'))
      .digest();
    expect(keyIdOf(publicKey)).toBe(digest.subarray(0, 16).toString('base64url'));
    expect(keyIdOf(publicKey)).toHaveLength(22);
  });

  it('is reproducible from a seeded stream and different across seeds', () => {
    const a = keyIdOf(generateSigningKeyPair(seededRandomBits('node-a')).publicKey);
    expect(keyIdOf(generateSigningKeyPair(seededRandomBits('node-a')).publicKey)).toBe(a);
    expect(keyIdOf(generateSigningKeyPair(seededRandomBits('node-b')).publicKey)).not.toBe(a);
  });

  it('round-trips through PEM and base64 SPKI with the same key id and a working signature', () => {
    const pair = generateSigningKeyPair(seededRandomBits(1));
    const id = keyIdOf(pair.publicKey);
    const publicBack = publicKeyFromBase64(publicKeyToBase64(pair.publicKey));
    expect(keyIdOf(publicBack)).toBe(id);
    expect(keyIdOf(publicKeyFromPem(publicKeyToPem(pair.publicKey)))).toBe(id);
    const privateBack = privateKeyFromPem(privateKeyToPem(pair.privateKey));
    const message = Buffer.from('synthcohort');
    expect(verify(null, message, publicBack, sign(null, message, privateBack))).toBe(true);
  });

  it('refuses keys that are not Ed25519, and text that is not a key, with a DataError', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spki = p256.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    expect(() => publicKeyFromBase64(spki)).toThrow(/expected an Ed25519 key, got ec/);
    expect(() =>
      privateKeyFromPem(p256.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()),
    ).toThrow(DataError);
    expect(() => publicKeyFromBase64('not base64!')).toThrow(DataError);
    expect(() => publicKeyFromPem('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')).toThrow(
      /could not be parsed/,
    );
  });
});

describe('base64url and random bytes', () => {
  it('decodes only canonical spellings', () => {
    const bytes = new Uint8Array([0xff, 0x00, 0x7f]);
    expect(fromBase64url(toBase64url(bytes))).toEqual(bytes);
    // 'AB' and 'AA' both decode to one zero byte; only 'AA' is canonical (low bits zero).
    expect(fromBase64url('AA')).toEqual(new Uint8Array([0]));
    expect(fromBase64url('AB')).toBeUndefined();
    expect(fromBase64url('AA==')).toBeUndefined();
    expect(fromBase64url('A+')).toBeUndefined();
  });

  it('lays out 32-bit words little-endian and uses the low bytes of the last word', () => {
    const bytes = randomBytesFrom(fixedBits('0102030405060708'), 6);
    expect(Buffer.from(bytes).toString('hex')).toBe('010203040506');
  });
});
