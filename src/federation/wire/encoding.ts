/**
 * Base64url (RFC 4648 §5, no padding) and the random bytes behind nonces, tokens and keys.
 *
 * Decoding is canonical: a string decodes only if encoding its bytes gives back the same string.
 * Base64url has several spellings of the same bytes (the unused low bits of the last character), and
 * nonces and key ids are compared and stored as strings, so two spellings of one nonce must not both
 * pass as different strings.
 */
import type { RandomBits } from '../../privacy/random-bits.js';

export function toBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** The bytes of a canonical base64url string, or undefined if the string is not one. */
export function fromBase64url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? new Uint8Array(bytes) : undefined;
}

/** The length of the base64url spelling of `byteCount` bytes, without padding. */
export function base64urlLength(byteCount: number): number {
  return Math.ceil((byteCount * 8) / 6);
}

/**
 * `count` bytes from `bits`, little-endian 32 bits at a time. In production `bits` is
 * `secureRandomBits()` (the OS CSPRNG); a seeded stream is for tests only, since whoever knows the
 * seed knows every nonce, token and key drawn from it.
 */
export function randomBytesFrom(bits: RandomBits, count: number): Uint8Array {
  const bytes = new Uint8Array(count);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  for (; offset + 4 <= count; offset += 4) view.setUint32(offset, bits.nextUint32(), true);
  if (offset < count) {
    const last = bits.nextUint32();
    for (let i = 0; offset < count; i++, offset++) bytes[offset] = (last >>> (8 * i)) & 0xff;
  }
  return bytes;
}
