/**
 * Nodes' keys between the two spellings of a key id. The hub's database names a key by the hex of
 * its 16-byte id (`store/nodes.ts`: SHA-256 of the raw public key); the envelope's key-id header is
 * 16 bytes in base64url (`wire/envelope.ts`). The same 16 bytes travel in both: a node signs with the
 * base64url spelling of the id the hub gave it at enrolment, and the hub maps it back here.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { fromBase64url, toBase64url } from '../../federation/wire/encoding.js';
import { publicKeyFromBase64 } from '../../federation/wire/keys.js';
import { activeKey, type NodeKey, type Queryable } from '../store/index.js';

export function wireKeyId(storeKeyId: string): string {
  return toBase64url(Buffer.from(storeKeyId, 'hex'));
}

export function storeKeyId(wireId: string): string | undefined {
  const bytes = fromBase64url(wireId);
  return bytes?.length === 16 ? Buffer.from(bytes).toString('hex') : undefined;
}

/** The raw 32 bytes of an Ed25519 public key sent as base64 SPKI (what the store keeps). */
export function rawPublicKey(spkiBase64: string): Uint8Array {
  const jwk = publicKeyFromBase64(spkiBase64).export({ format: 'jwk' });
  return new Uint8Array(Buffer.from(jwk.x!, 'base64url'));
}

export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') },
    format: 'jwk',
  });
}

export interface ActiveNodeKey {
  node: NodeKey;
  publicKey: KeyObject;
}

/** The active key an envelope's key id names, or undefined when unknown or revoked. */
export async function lookupNodeKey(db: Queryable, wireId: string): Promise<ActiveNodeKey | undefined> {
  const id = storeKeyId(wireId);
  const node = id === undefined ? undefined : await activeKey(db, id);
  return node && { node, publicKey: publicKeyFromRaw(node.publicKey) };
}
