import { describe, expect, it } from 'vitest';
import { seededRandomBits } from '../../privacy/random-bits.js';
import {
  channelKey,
  openFrom,
  pairwiseMaskSeed,
  sealFor,
  x25519Agree,
  x25519KeyPair,
  x25519PublicKey,
} from './keys.js';

const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('X25519 and the derived keys', () => {
  it('matches the RFC 7748 §6.1 test vector', () => {
    const alice = hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
    const bob = hex('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb');
    expect(toHex(x25519PublicKey(alice))).toBe(
      '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a',
    );
    expect(toHex(x25519PublicKey(bob))).toBe(
      'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f',
    );
    const shared = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742';
    expect(toHex(x25519Agree(alice, x25519PublicKey(bob), 2))).toBe(shared);
    expect(toHex(x25519Agree(bob, x25519PublicKey(alice), 1))).toBe(shared);
  });

  it('refuses a small-order public key (all-zero shared secret) as bad data', () => {
    const { privateKey } = x25519KeyPair(seededRandomBits('small order'));
    expect(() => x25519Agree(privateKey, new Uint8Array(32), 3)).toThrow(/key agreement with node 3 failed/);
  });

  it('gives both ends of a pair the same mask seed, a different one per job and per pair', () => {
    const bits = seededRandomBits('pairs');
    const [u, v, w] = [x25519KeyPair(bits), x25519KeyPair(bits), x25519KeyPair(bits)];
    const uv = pairwiseMaskSeed(u.privateKey, v.publicKey, 'job-1', 1, 2);
    expect(uv).toHaveLength(16);
    expect(toHex(pairwiseMaskSeed(v.privateKey, u.publicKey, 'job-1', 2, 1))).toBe(toHex(uv));
    expect(toHex(pairwiseMaskSeed(u.privateKey, v.publicKey, 'job-2', 1, 2))).not.toBe(toHex(uv));
    expect(toHex(pairwiseMaskSeed(u.privateKey, w.publicKey, 'job-1', 1, 3))).not.toBe(toHex(uv));
    // The same keys under other indices give another seed: the pair is bound, not only the keys.
    expect(toHex(pairwiseMaskSeed(u.privateKey, v.publicKey, 'job-1', 1, 4))).not.toBe(toHex(uv));
  });

  it('seals shares that only the addressee opens; the hub, another job or a flipped bit fail', () => {
    const bits = seededRandomBits('seal');
    const [u, v, hub] = [x25519KeyPair(bits), x25519KeyPair(bits), x25519KeyPair(bits)];
    const key = channelKey(u.privateKey, v.publicKey, 'job', 1, 2, 2);
    expect(toHex(channelKey(v.privateKey, u.publicKey, 'job', 1, 2, 1))).toBe(toHex(key));
    // Directional: v → u uses another key, so the two directions never share a (key, nonce).
    expect(toHex(channelKey(v.privateKey, u.publicKey, 'job', 2, 1, 1))).not.toBe(toHex(key));
    const nonce = new Uint8Array(12).fill(9);
    const plaintext = new Uint8Array(140).fill(5);
    const sealed = sealFor(key, nonce, plaintext, 'job', 1, 2);
    expect(openFrom(key, nonce, sealed, 'job', 1, 2)).toEqual(plaintext);
    // The hub knows both public keys and its own private key, which is not enough.
    const hubKey = channelKey(hub.privateKey, v.publicKey, 'job', 1, 2, 2);
    expect(() => openFrom(hubKey, nonce, sealed, 'job', 1, 2)).toThrow(/fail authentication/);
    expect(() => openFrom(key, nonce, sealed, 'other-job', 1, 2)).toThrow(/fail authentication/);
    expect(() => openFrom(key, nonce, sealed, 'job', 3, 2)).toThrow(/fail authentication/);
    const flipped = sealed.slice();
    flipped[10] ^= 1;
    expect(() => openFrom(key, nonce, flipped, 'job', 1, 2)).toThrow(/fail authentication/);
  });
});
