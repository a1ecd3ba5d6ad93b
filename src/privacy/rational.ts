/**
 * Exact non-negative rationals on BigInt, for the parameters of the exact samplers: a sampler that
 * rounds its parameter in floating point no longer has the distribution its privacy proof assumes.
 */
export interface Rational {
  readonly num: bigint;
  /** Always positive; the fraction is kept in lowest terms. */
  readonly den: bigint;
}

export function rational(num: bigint | number, den: bigint | number = 1n): Rational {
  const n = typeof num === 'bigint' ? num : integer(num, 'numerator');
  const d = typeof den === 'bigint' ? den : integer(den, 'denominator');
  if (d <= 0n) throw new RangeError(`denominator must be positive, got ${d}`);
  if (n < 0n) throw new RangeError(`expected a non-negative rational, got ${n}/${d}`);
  const g = gcd(n, d);
  return { num: n / g, den: d / g };
}

/**
 * The exact value of a finite non-negative double as a fraction: every double is m · 2^e, so no
 * approximation happens here (0.1 becomes 3602879701896397 / 2^55, which is what 0.1 stores).
 */
export function exactRational(x: number): Rational {
  if (!Number.isFinite(x) || x < 0) throw new RangeError(`expected a finite non-negative number, got ${x}`);
  let scale = 0n;
  let m = x;
  // Doubling is exact until the value is an integer (at most 1074 steps, for subnormals).
  while (!Number.isInteger(m)) {
    m *= 2;
    scale++;
  }
  return rational(BigInt(m), 1n << scale);
}

/**
 * `x` rounded up to the next multiple of 2^−bits, as a fraction. Rounding up keeps a noise variance
 * at least as large as asked, so the privacy loss computed from the asked variance stays an upper
 * bound, while the denominator stays small (the exact samplers are faster with small numbers).
 * Multiplying by a power of two and taking the ceiling are both exact in floating point.
 */
export function rationalAtLeast(x: number, bits = 20): Rational {
  if (!Number.isFinite(x) || x < 0) throw new RangeError(`expected a finite non-negative number, got ${x}`);
  if (!Number.isInteger(bits) || bits < 0 || bits > 60)
    throw new RangeError(`bits must be in 0..60, got ${bits}`);
  const scaled = Math.ceil(x * 2 ** bits);
  return rational(BigInt(scaled), 1n << BigInt(bits));
}

export function toNumber(q: Rational): number {
  return Number(q.num) / Number(q.den);
}

/** ⌊√q⌋, exactly: ⌊√x⌋ = isqrt(⌊x⌋) for every real x ≥ 0. */
export function floorSqrt(q: Rational): bigint {
  return integerSqrt(q.num / q.den);
}

export function integerSqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError('integerSqrt of a negative number');
  if (n < 2n) return n;
  // Newton's iteration from above converges monotonically to ⌊√n⌋.
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

export function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

function integer(x: number, what: string): bigint {
  if (!Number.isSafeInteger(x)) throw new RangeError(`${what} must be a safe integer, got ${x}`);
  return BigInt(x);
}
