/** Shared by the wire tests: a RandomBits that replays fixed bytes, for known-answer key tests. */
import type { RandomBits } from '../../privacy/random-bits.js';

/** Yields `bytes` (a multiple of 4 long) as little-endian 32-bit words, then throws. */
export function fixedBits(hex: string): RandomBits {
  const bytes = Buffer.from(hex, 'hex');
  let offset = 0;
  return {
    nextUint32() {
      if (offset + 4 > bytes.length) throw new Error('fixedBits: exhausted');
      const word = bytes.readUInt32LE(offset);
      offset += 4;
      return word;
    },
    split() {
      throw new Error('fixedBits: split not supported');
    },
  };
}
