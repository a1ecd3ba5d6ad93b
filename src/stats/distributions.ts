/**
 * Distribution functions shared by the statistics in synthcohort (survival tests now, the
 * validation metrics later). Tail probabilities are computed directly — never as `1 - cdf` — and in
 * log space where they would otherwise underflow, so a p-value of 1e-300 stays 1e-300.
 *
 * The normal tails are expressed through the incomplete gamma function, P(|Z| > z) = Q(1/2, z²/2),
 * so one carefully written routine serves the normal and the chi-square distributions.
 */

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const TINY = 1e-300;
const MAX_ITERATIONS = 10_000;

function assertNumber(x: number, name: string): void {
  if (Number.isNaN(x)) throw new RangeError(`${name} is NaN`);
}

// Lanczos approximation with g = 7, n = 9 (Godfrey's coefficients, as in Numerical Recipes 3rd ed.
// §6.1 and Wikipedia's "Lanczos approximation"); relative error below 1e-15 for x > 0.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(x) for x > 0. */
export function logGamma(x: number): number {
  assertNumber(x, 'x');
  if (x <= 0) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return LOG_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** log of the common factor x^a e^(-x) / Γ(a) of both incomplete-gamma expansions. */
function logGammaPrefactor(a: number, x: number): number {
  return a * Math.log(x) - x - logGamma(a);
}

/** Σ x^n / (a (a+1) … (a+n)): the series for P(a, x), good when x < a + 1 (Numerical Recipes §6.2). */
function gammaSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * Number.EPSILON) return sum;
  }
  throw new RangeError(`incomplete gamma series did not converge (a=${a}, x=${x})`);
}

/** The continued fraction for Q(a, x), by the modified Lentz method; good when x ≥ a + 1. */
function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < Number.EPSILON) return h;
  }
  throw new RangeError(`incomplete gamma continued fraction did not converge (a=${a}, x=${x})`);
}

function checkGammaArguments(a: number, x: number): void {
  assertNumber(a, 'a');
  assertNumber(x, 'x');
  if (!(a > 0) || !Number.isFinite(a))
    throw new RangeError(`the shape must be positive and finite, got ${a}`);
}

/** Regularized lower incomplete gamma P(a, x) = γ(a, x) / Γ(a). */
export function regularizedGammaP(a: number, x: number): number {
  checkGammaArguments(a, x);
  if (x <= 0) return 0;
  if (x === Number.POSITIVE_INFINITY) return 1;
  if (x < a + 1) return gammaSeries(a, x) * Math.exp(logGammaPrefactor(a, x));
  return 1 - Math.exp(logRegularizedGammaQ(a, x));
}

/** log Q(a, x), finite even where Q itself underflows. */
export function logRegularizedGammaQ(a: number, x: number): number {
  checkGammaArguments(a, x);
  if (x <= 0) return 0;
  if (x === Number.POSITIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  if (x < a + 1) return Math.log1p(-gammaSeries(a, x) * Math.exp(logGammaPrefactor(a, x)));
  return logGammaPrefactor(a, x) + Math.log(gammaContinuedFraction(a, x));
}

/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x), accurate in the upper tail. */
export function regularizedGammaQ(a: number, x: number): number {
  return Math.exp(logRegularizedGammaQ(a, x));
}

function checkDf(df: number): void {
  assertNumber(df, 'df');
  if (!(df > 0) || !Number.isFinite(df))
    throw new RangeError(`degrees of freedom must be positive, got ${df}`);
}

/** P(X > x) for X ~ χ²(df): R's `pchisq(x, df, lower.tail = FALSE)`. */
export function chiSquareSf(x: number, df: number): number {
  checkDf(df);
  return regularizedGammaQ(df / 2, x / 2);
}

/** log P(X > x) for X ~ χ²(df), for p-values below the smallest double. */
export function chiSquareLogSf(x: number, df: number): number {
  checkDf(df);
  return logRegularizedGammaQ(df / 2, x / 2);
}

/** P(X ≤ x) for X ~ χ²(df). */
export function chiSquareCdf(x: number, df: number): number {
  checkDf(df);
  return regularizedGammaP(df / 2, x / 2);
}

/** P(Z > z) for a standard normal Z, accurate far into the upper tail. */
export function normalSf(z: number): number {
  assertNumber(z, 'z');
  if (z === Number.POSITIVE_INFINITY) return 0;
  if (z === Number.NEGATIVE_INFINITY) return 1;
  const half = 0.5 * regularizedGammaQ(0.5, 0.5 * z * z);
  return z >= 0 ? half : 1 - half;
}

/** Φ(z) = P(Z ≤ z). */
export function normalCdf(z: number): number {
  assertNumber(z, 'z');
  return normalSf(-z);
}

/** The standard normal density φ(z). */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
}

/** Two-sided p-value of a z statistic, P(|Z| > |z|). */
export function normalTwoSidedP(z: number): number {
  assertNumber(z, 'z');
  return regularizedGammaQ(0.5, 0.5 * z * z);
}

/**
 * Φ⁻¹(p). A rough start from Abramowitz & Stegun 26.2.23 (|error| < 4.5e-4), then Halley steps on
 * the accurate `normalCdf`, which converge cubically to full double precision.
 */
export function normalQuantile(p: number): number {
  assertNumber(p, 'p');
  if (p < 0 || p > 1) throw new RangeError(`a probability must lie in [0, 1], got ${p}`);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  if (p > 0.5) return -normalQuantile(1 - p);
  const t = Math.sqrt(-2 * Math.log(p));
  let x = -(
    t -
    (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t ** 3)
  );
  for (let i = 0; i < 8; i++) {
    // Halley's step for f(x) = Φ(x) − p, written with the ratio (Φ(x) − p)/φ(x) to stay in range.
    const u = (normalCdf(x) - p) / normalPdf(x);
    const step = u / (1 + 0.5 * x * u);
    x -= step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return x;
}
