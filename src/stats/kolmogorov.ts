/**
 * The distribution of the two-sided one-sample Kolmogorov–Smirnov statistic D_n, as
 * `scipy.stats.kstwo.sf(d, n)`: Simard & L'Ecuyer's (2011) choice among exact and asymptotic
 * methods by n and n·d², with the branches of scipy's `_kolmogn`:
 * - Ruben & Gambino (1982) closed forms for n·d ≤ 1 and n·d ≥ n − 1;
 * - the Durbin (1968) matrix as evaluated by Marsaglia, Tsang & Wang (2003) for small n·d^1.5
 *   (also for n ≤ 140, where scipy uses Pomeranz's exact method: both are exact);
 * - twice the one-sided Smirnov tail (Birnbaum & Tingey 1951, exact) in the upper tail;
 * - Pelz & Good's (1976) series otherwise.
 */
import { logGamma } from './distributions.js';

const SQRT2PI = Math.sqrt(2 * Math.PI);
const LOG_2PI = Math.log(2 * Math.PI);
const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
const MIN_LOG = -708;
const TWO_128 = 2 ** 128;
const TWO_M128 = 2 ** -128;
// Bernoulli numbers B_2j / (2j (2j − 1)), j = 8 … 1, for Stirling's series (scipy's _STIRLING_COEFFS).
const STIRLING = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417,
  -0.0005952380952380953, 0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

const clip = (p: number): number => Math.min(1, Math.max(0, p));

/** P(D_n ≥ d), the survival function of the two-sided Kolmogorov statistic for n observations. */
export function kolmogorovSf(n: number, d: number): number {
  if (!Number.isInteger(n) || n <= 0)
    throw new RangeError(`kolmogorovSf: n must be a positive integer, got ${n}`);
  if (Number.isNaN(d)) return Number.NaN;
  if (d >= 1) return 0;
  if (d <= 0) return 1;
  const t = n * d;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    const cdf =
      n <= 140 ? productRubenGambino(n, t) : Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    return clip(1 - cdf);
  }
  if (t >= n - 1) return clip(2 * (1 - d) ** n);
  if (d >= 0.5) return clip(2 * smirnovSf(n, d));
  const nd2 = t * d;
  if (n <= 140) {
    if (nd2 <= 4) return clip(1 - durbinMatrixCdf(n, d));
    return clip(2 * smirnovSf(n, d));
  }
  if (nd2 >= 370) return 0;
  if (nd2 >= 2.2) return clip(2 * smirnovSf(n, d));
  const cdf = n <= 100000 && n * d ** 1.5 <= 1.4 ? durbinMatrixCdf(n, d) : pelzGoodCdf(n, d);
  return clip(1 - cdf);
}

function productRubenGambino(n: number, t: number): number {
  let p = 1;
  for (let i = 1; i <= n; i++) p *= i * (1 / n) * (2 * t - 1);
  return p;
}

/** log(n! / n^n) by Stirling's series with n·log n taken out first. */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * (rn / n) + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/**
 * P(D⁺_n ≥ d), the one-sided Smirnov tail, by the exact Birnbaum–Tingey sum
 *   d · Σ_{j=0}^{⌊n(1−d)⌋} C(n, j) (d + j/n)^(j−1) (1 − d − j/n)^(n−j),
 * with every term in logarithms so that nothing under- or overflows.
 */
function smirnovSf(n: number, d: number): number {
  if (d <= 0) return 1;
  if (d >= 1) return 0;
  const last = Math.floor(n * (1 - d));
  const logs = new Float64Array(last + 1);
  let max = Number.NEGATIVE_INFINITY;
  const logNFactorial = logGamma(n + 1);
  for (let j = 0; j <= last; j++) {
    const rest = 1 - d - j / n;
    if (rest <= 0) {
      logs[j] = Number.NEGATIVE_INFINITY;
      continue;
    }
    const logChoose = logNFactorial - logGamma(j + 1) - logGamma(n - j + 1);
    logs[j] = logChoose + (j - 1) * Math.log(d + j / n) + (n - j) * Math.log(rest);
    if (logs[j] > max) max = logs[j];
  }
  let sum = 0;
  for (let j = 0; j <= last; j++) sum += Math.exp(logs[j] - max);
  return clip(d * sum * Math.exp(max));
}

type Matrix = Float64Array[];

function multiply(a: Matrix, b: Matrix): Matrix {
  const m = a.length;
  const out = Array.from({ length: m }, () => new Float64Array(m));
  for (let i = 0; i < m; i++) {
    const row = out[i];
    const ai = a[i];
    for (let k = 0; k < m; k++) {
      const aik = ai[k];
      if (aik === 0) continue;
      const bk = b[k];
      for (let j = 0; j < m; j++) row[j] += aik * bk[j];
    }
  }
  return out;
}

/** x · 2^e without overflowing the power of two on the way. */
function ldexp(x: number, e: number): number {
  let out = x;
  let rest = e;
  while (rest > 1000) {
    out *= 2 ** 1000;
    rest -= 1000;
  }
  while (rest < -1000) {
    out *= 2 ** -1000;
    rest += 1000;
  }
  return out * 2 ** rest;
}

/** P(D_n ≤ d) by the Durbin matrix, Marsaglia, Tsang & Wang (2003), scaled as scipy scales it. */
function durbinMatrixCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  v[m - 1] = (1 + (Math.max(2 * h - 1, 0) ** m - 2 * h ** m)) * fac;
  let H: Matrix = Array.from({ length: m }, () => new Float64Array(m));
  for (let i = 1; i < m; i++) for (let r = i - 1; r < m; r++) H[r][i] = w[r - i + 1];
  for (let r = 0; r < m; r++) H[r][0] = v[r];
  for (let c = 0; c < m; c++) H[m - 1][c] = v[m - 1 - c];

  let power: Matrix = Array.from({ length: m }, (_, i) => {
    const row = new Float64Array(m);
    row[i] = 1;
    return row;
  });
  let nn = n;
  let exponent = 0;
  let hExponent = 0;
  while (nn > 0) {
    if (nn % 2) {
      power = multiply(power, H);
      exponent += hExponent;
    }
    H = multiply(H, H);
    hExponent *= 2;
    if (Math.abs(H[k - 1][k - 1]) > TWO_128) {
      for (const row of H) for (let j = 0; j < m; j++) row[j] /= TWO_128;
      hExponent += 128;
    }
    nn = Math.floor(nn / 2);
  }
  let p = power[k - 1][k - 1];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < TWO_M128) {
      p *= TWO_128;
      exponent -= 128;
    }
  }
  return clip(ldexp(p, exponent));
}

/** P(D_n ≤ d) by the Pelz–Good (1976) expansion in 1/√n, as scipy's `_kolmogn_PelzGood`. */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < MIN_LOG) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qpower = q ** (8 * k);
    const coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) K[i] = K[i] * qpower + coeffs[i];
  }
  const divisors = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = (K[i] * q * SQRT2PI) / divisors[i];
  q = Math.exp(-PI2 / 2 / z2);
  const sqrt3z = Math.sqrt(3) * z;
  let k2extra = 0;
  let k3extra = 0;
  for (let k = maxk; k > 0; k--) {
    const k2 = k * k;
    const qk = q ** k2;
    const kpi = Math.PI * k;
    k2extra += k2 * qk;
    k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qk;
  }
  K[2] += (k2extra * PI2 * SQRT2PI) / (-36 * z3);
  K[3] += (k3extra * PI2 * SQRT2PI) / (216 * z6);
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += K[i] / n ** (i / 2);
  return sum;
}
