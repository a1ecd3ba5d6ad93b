/**
 * Ed25519 signing keys (RFC 8032) of nodes and of the hub: generation, export and import, key ids.
 *
 * A node generates its pair at enrolment and sends only the public half (SPKI DER, base64) to the
 * hub; the private half stays in the node's state folder as PKCS#8 PEM. The hub has a pair of its
 * own for signing responses, whose public half a node records at enrolment.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { DataError } from '../../core/errors.js';
import type { RandomBits } from '../../privacy/random-bits.js';
import { randomBytesFrom, toBase64url } from './encoding.js';

export interface SigningKeyPair {
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
}

/** PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410 §7): the fixed DER header, then the seed. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Bytes of a key id: 128 bits, so ids of honestly generated keys never collide (birthday bound 2^64). */
const KEY_ID_BYTES = 16;

/**
 * A fresh Ed25519 pair whose 32-byte seed is drawn from `bits`. In production pass
 * `secureRandomBits()`; a seeded stream makes the key reproducible, hence known to anyone holding
 * the seed, which is only acceptable in tests.
 */
export function generateSigningKeyPair(bits: RandomBits): SigningKeyPair {
  const seed = randomBytesFrom(bits, 32);
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  seed.fill(0);
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/**
 * The key id: base64url of the first 128 bits of SHA-256 over the SPKI DER encoding (as SSH and
 * TLS fingerprints are taken). An id only selects a key; trust comes from the signature verifying
 * under the key the receiver has on record, so an id is safe to send in the clear.
 */
export function keyIdOf(publicKey: KeyObject): string {
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return toBase64url(createHash('sha256').update(spki).digest().subarray(0, KEY_ID_BYTES));
}

/** The public key as base64 of its SPKI DER: what a node sends at enrolment and the hub stores. */
export function publicKeyToBase64(publicKey: KeyObject): string {
  return publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
}

export function publicKeyFromBase64(spkiBase64: string): KeyObject {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(spkiBase64))
    throw new DataError({}, 'public key: expected base64 of an SPKI DER Ed25519 key');
  return ed25519(
    () => createPublicKey({ key: Buffer.from(spkiBase64, 'base64'), format: 'der', type: 'spki' }),
    'public key (SPKI DER, base64)',
  );
}

export function publicKeyToPem(publicKey: KeyObject): string {
  return publicKey.export({ format: 'pem', type: 'spki' }).toString();
}

export function publicKeyFromPem(pem: string): KeyObject {
  return ed25519(() => createPublicKey({ key: pem, format: 'pem' }), 'public key (PEM)');
}

/** The private key as unencrypted PKCS#8 PEM; the state folder's file permissions protect it. */
export function privateKeyToPem(privateKey: KeyObject): string {
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

export function privateKeyFromPem(pem: string): KeyObject {
  return ed25519(() => createPrivateKey({ key: pem, format: 'pem' }), 'private key (PKCS#8 PEM)');
}

/** Parses a key and insists it is Ed25519: an RSA or P-256 key must not slip into the signing path. */
function ed25519(parse: () => KeyObject, what: string): KeyObject {
  let key: KeyObject;
  try {
    key = parse();
  } catch (error) {
    throw new DataError({}, `${what}: could not be parsed (${(error as Error).message})`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new DataError(
      {},
      `${what}: expected an Ed25519 key, got ${key.asymmetricKeyType ?? 'a secret key'}`,
    );
  return key;
}
