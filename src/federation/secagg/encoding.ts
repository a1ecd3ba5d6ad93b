/**
 * Integers and reals in and out of Z_{2^64}. A signed integer is stored in two's complement; a real
 * x is stored as the integer round(x · 2^f) (fixed point with f fraction bits). The sum of n inputs
 * is exact in the ring; reading it back as a signed number is right only if the true sum never left
 * (−2^63, 2^63). The caller declares a bound B on |entry| and the number of contributors n, so
 * n·B < 2^63 guarantees that. We also ask n·B ≤ 2^53 so that every decoded sum is an exact double;
 * that is the bound that binds with 64 bits.
 *
 * A decoded entry beyond n·B in magnitude means some input broke its declared bound, so the sum
 * may have wrapped: decode refuses rather than return a number that might be wrong.
 */
import { DataError, UsageError } from '../../core/errors.js';
import { type RingVector, ringLength, ringZeros } from './ring.js';

const TWO_32 = 4294967296;
const MAX_EXACT = Number.MAX_SAFE_INTEGER; // 2^53 − 1: exact integers in a double

/** What every contributor promises: |each entry| ≤ bound, and at most `contributors` inputs summed. */
export interface IntegerCodec {
  readonly bound: number;
  readonly contributors: number;
}

/** A real-valued codec: `bound` in the values' own units, `fractionBits` f of fixed-point precision. */
export interface FixedPointCodec extends IntegerCodec {
  readonly fractionBits: number;
}

/** Signed integers, each |v| ≤ codec.bound, as a ring vector (two's complement). */
export function encodeIntegers(values: ArrayLike<number>, codec: IntegerCodec): RingVector {
  const bound = integerHeadroom(codec.bound, codec.contributors);
  const vector = ringZeros(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || Math.abs(v) > bound)
      throw new DataError({}, `entry ${i} is ${v}; expected an integer with |value| ≤ ${bound}`);
    setSigned(vector, i, v);
  }
  return vector;
}

/** The signed integers of a ring sum of at most codec.contributors inputs; refuses a possible wrap. */
export function decodeIntegers(sum: RingVector, codec: IntegerCodec): Float64Array {
  const limit = integerHeadroom(codec.bound, codec.contributors) * codec.contributors;
  const values = new Float64Array(ringLength(sum));
  for (let i = 0; i < values.length; i++) {
    const v = getSigned(sum, i, limit);
    if (v === undefined)
      throw new DataError(
        {},
        `entry ${i} of the sum lies beyond ${codec.contributors} × ${codec.bound} in magnitude: ` +
          'some input broke its declared bound and the sum may have wrapped',
      );
    values[i] = v;
  }
  return values;
}

/** Reals, each |x| ≤ codec.bound, as round(x · 2^f) in the ring. */
export function encodeFixedPoint(values: ArrayLike<number>, codec: FixedPointCodec): RingVector {
  const scale = fixedPointScale(codec);
  const scaled = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!Number.isFinite(x) || Math.abs(x) > codec.bound)
      throw new DataError({}, `entry ${i} is ${x}; expected a finite number with |value| ≤ ${codec.bound}`);
    scaled[i] = Math.round(x * scale);
  }
  return encodeIntegers(scaled, scaledCodec(codec, scale));
}

/**
 * The reals of a fixed-point ring sum. Each input was rounded by at most 2^−(f+1), so the decoded
 * sum is within n · 2^−(f+1) of the sum of the real inputs.
 */
export function decodeFixedPoint(sum: RingVector, codec: FixedPointCodec): Float64Array {
  const scale = fixedPointScale(codec);
  const values = decodeIntegers(sum, scaledCodec(codec, scale));
  for (let i = 0; i < values.length; i++) values[i] /= scale;
  return values;
}

/** The integer bound, after checking that n · bound fits both the signed ring and a double. */
function integerHeadroom(bound: number, contributors: number): number {
  if (!Number.isSafeInteger(contributors) || contributors < 1)
    throw new UsageError(`contributors must be an integer ≥ 1, got ${contributors}`, 'contributors');
  if (!Number.isSafeInteger(bound) || bound < 0)
    throw new UsageError(`bound must be a non-negative safe integer, got ${bound}`, 'bound');
  if (bound * contributors > MAX_EXACT)
    throw new UsageError(
      `bound × contributors = ${bound} × ${contributors} exceeds 2^53 − 1: a sum could not be decoded exactly; ` +
        'lower the bound (or the fixed-point precision)',
      'bound',
    );
  return bound;
}

function fixedPointScale(codec: FixedPointCodec): number {
  const f = codec.fractionBits;
  if (!Number.isInteger(f) || f < 0 || f > 52)
    throw new UsageError(`fractionBits must be an integer in 0..52, got ${f}`, 'fractionBits');
  if (!Number.isFinite(codec.bound) || codec.bound < 0)
    throw new UsageError(`bound must be a finite number ≥ 0, got ${codec.bound}`, 'bound');
  return 2 ** f;
}

/** round is monotone, so |x| ≤ B gives |round(x·2^f)| ≤ round(B·2^f). */
function scaledCodec(codec: FixedPointCodec, scale: number): IntegerCodec {
  return { bound: Math.round(codec.bound * scale), contributors: codec.contributors };
}

function setSigned(vector: RingVector, i: number, v: number): void {
  const magnitude = Math.abs(v);
  const low = magnitude % TWO_32;
  const high = Math.floor(magnitude / TWO_32);
  if (v >= 0) {
    vector[2 * i] = low;
    vector[2 * i + 1] = high;
  } else {
    // −m = ~m + 1 in 64 bits: the carry reaches the high word only when the low word is zero.
    vector[2 * i] = low === 0 ? 0 : TWO_32 - low;
    vector[2 * i + 1] = low === 0 ? TWO_32 - high : TWO_32 - 1 - high;
  }
}

/** Entry i as a signed number, or undefined when its magnitude exceeds `limit` (≤ 2^53 − 1). */
function getSigned(vector: RingVector, i: number, limit: number): number | undefined {
  let low = vector[2 * i];
  let high = vector[2 * i + 1];
  const negative = high >= 0x80000000;
  if (negative) {
    high = low === 0 ? (TWO_32 - high) % TWO_32 : TWO_32 - 1 - high;
    low = low === 0 ? 0 : TWO_32 - low;
  }
  // high ≥ 2^21 means magnitude ≥ 2^53, beyond any limit we accept.
  if (high >= 0x200000) return undefined;
  const magnitude = high * TWO_32 + low;
  if (magnitude > limit) return undefined;
  return negative ? -magnitude : magnitude;
}
