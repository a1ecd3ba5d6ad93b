/**
 * Key agreement and the two keys derived from it (Bonawitz et al. 2017, §4 and Figure 4):
 * - the channel key c_uv: X25519(c_u, c_v) → HKDF-SHA256 → an AES-256-GCM key for the shares that
 *   u sends v through the hub. It is directional (the sender comes first in `info`), so the two
 *   directions never share a key, and each key encrypts a single message.
 * - the pairwise mask seed s_uv: X25519(s_u, s_v) → HKDF-SHA256 → 128 bits, the same for u and v
 *   (the pair is written smaller index first), expanded into the mask by prg.ts.
 * `info` binds the purpose, the job id and the node indices, so a key of one job or one pair can
 * never serve another. X25519 is RFC 7748; HKDF is RFC 5869; both from node:crypto.
 */
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  hkdfSync,
  type KeyObject,
} from 'node:crypto';
import { DataError } from '../../core/errors.js';
import type { RandomBits } from '../../privacy/random-bits.js';
import { SEED_BYTES } from './prg.js';

export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

/** DER prefixes that wrap a raw X25519 key (RFC 8410): PKCS#8 for private, SPKI for public keys. */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
const PROTOCOL = 'synthcohort/secagg/v1';

export interface KeyPair {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** `count` bytes from a random source: the OS CSPRNG in production, a seeded stream in tests. */
export function randomBytesFrom(bits: RandomBits, count: number): Uint8Array {
  const bytes = new Uint8Array(count);
  for (let i = 0; i < count; i += 4) {
    const word = bits.nextUint32();
    for (let k = 0; k < 4 && i + k < count; k++) bytes[i + k] = (word >>> (8 * k)) & 0xff;
  }
  return bytes;
}

/** A fresh X25519 key pair; any 32 bytes are a private key (X25519 clamps them itself). */
export function x25519KeyPair(bits: RandomBits): KeyPair {
  const privateKey = randomBytesFrom(bits, KEY_BYTES);
  return { privateKey, publicKey: x25519PublicKey(privateKey) };
}

export function x25519PublicKey(privateKey: Uint8Array): Uint8Array {
  const spki = createPublicKey(privateKeyObject(privateKey)).export({ format: 'der', type: 'spki' });
  return new Uint8Array(spki.subarray(SPKI_PREFIX.length));
}

/**
 * The X25519 shared secret. A public key of small order gives an all-zero secret, which node:crypto
 * refuses; we report it as bad data from the peer.
 */
export function x25519Agree(privateKey: Uint8Array, peerPublicKey: Uint8Array, peer: number): Uint8Array {
  if (peerPublicKey.length !== KEY_BYTES)
    throw new DataError(
      {},
      `node ${peer}'s public key has ${peerPublicKey.length} bytes; expected ${KEY_BYTES}`,
    );
  try {
    const publicKey = publicKeyObject(peerPublicKey);
    return new Uint8Array(diffieHellman({ privateKey: privateKeyObject(privateKey), publicKey }));
  } catch (error) {
    throw new DataError({}, `key agreement with node ${peer} failed: ${(error as Error).message}`);
  }
}

/** s_uv: the 128-bit seed of the mask between nodes u and v, equal on both sides. */
export function pairwiseMaskSeed(
  privateKey: Uint8Array,
  peerPublicKey: Uint8Array,
  jobId: string,
  self: number,
  peer: number,
): Uint8Array {
  const shared = x25519Agree(privateKey, peerPublicKey, peer);
  const info = bindingInfo('mask-seed', jobId, Math.min(self, peer), Math.max(self, peer));
  return new Uint8Array(hkdfSync('sha256', shared, new Uint8Array(0), info, SEED_BYTES));
}

/** The AES-256-GCM key for shares sent from `from` to `to`; each side computes it from its own key. */
export function channelKey(
  privateKey: Uint8Array,
  peerPublicKey: Uint8Array,
  jobId: string,
  from: number,
  to: number,
  peer: number,
): Uint8Array {
  const shared = x25519Agree(privateKey, peerPublicKey, peer);
  return new Uint8Array(
    hkdfSync('sha256', shared, new Uint8Array(0), bindingInfo('channel', jobId, from, to), KEY_BYTES),
  );
}

/** AES-256-GCM with the job and both node indices as associated data; ciphertext ‖ tag. */
export function sealFor(
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  jobId: string,
  from: number,
  to: number,
): Uint8Array {
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(bindingInfo('shares', jobId, from, to));
  return new Uint8Array(Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]));
}

/** The plaintext, or a DataError when the key, nonce, job, indices or ciphertext do not match. */
export function openFrom(
  key: Uint8Array,
  nonce: Uint8Array,
  sealed: Uint8Array,
  jobId: string,
  from: number,
  to: number,
): Uint8Array {
  if (sealed.length < TAG_BYTES || nonce.length !== NONCE_BYTES)
    throw new DataError({}, `the shares from node ${from} are truncated or have a bad nonce`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(bindingInfo('shares', jobId, from, to));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return new Uint8Array(
      Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]),
    );
  } catch {
    throw new DataError(
      {},
      `the shares from node ${from} to node ${to} fail authentication: wrong key, job or tampering`,
    );
  }
}

/** purpose ‖ 0 ‖ job id ‖ 0 ‖ a (4 bytes, big-endian) ‖ b (4 bytes): unambiguous because ids hold no NUL. */
function bindingInfo(purpose: string, jobId: string, a: number, b: number): Uint8Array {
  const text = Buffer.from(`${PROTOCOL}/${purpose}\0${jobId}\0`, 'utf8');
  const indices = Buffer.alloc(8);
  indices.writeUInt32BE(a, 0);
  indices.writeUInt32BE(b, 4);
  return Buffer.concat([text, indices]);
}

/**
 * Key objects cached per byte array: importing a DER key costs about a millisecond, and a node uses
 * its keys once per peer. A WeakMap holds nothing alive; a caller that overwrites the bytes of a key
 * must not expect the cached object to change (the keys here are never mutated).
 */
const privateObjects = new WeakMap<Uint8Array, KeyObject>();
const publicObjects = new WeakMap<Uint8Array, KeyObject>();

function privateKeyObject(privateKey: Uint8Array): KeyObject {
  if (privateKey.length !== KEY_BYTES)
    throw new RangeError(`an X25519 private key has ${KEY_BYTES} bytes, got ${privateKey.length}`);
  let object = privateObjects.get(privateKey);
  if (!object) {
    object = createPrivateKey({
      key: Buffer.concat([PKCS8_PREFIX, privateKey]),
      format: 'der',
      type: 'pkcs8',
    });
    privateObjects.set(privateKey, object);
  }
  return object;
}

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  let object = publicObjects.get(publicKey);
  if (!object) {
    object = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
    publicObjects.set(publicKey, object);
  }
  return object;
}
