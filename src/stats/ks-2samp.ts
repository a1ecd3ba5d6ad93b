/**
 * Two-sample Kolmogorov–Smirnov test, two-sided, as `scipy.stats.ks_2samp(x, y)` with its default
 * `method='auto'`: the exact null distribution when both samples have at most 10,000 values
 * (Hodges 1958, counting lattice paths that stay inside the band), otherwise the one-sample
 * Kolmogorov distribution at n = round(n₁n₂/(n₁+n₂)) (`kstwo.sf`). Missing values (NaN) are dropped.
 */
import { StatisticsError } from '../core/errors.js';
import { kolmogorovSf } from './kolmogorov.js';
import { finiteValues } from './ranks.js';

export interface KsResult {
  /** D = sup |F₁ − F₂|. */
  statistic: number;
  p: number;
  method: 'exact' | 'asymptotic';
  n1: number;
  n2: number;
}

/** Above this sample size scipy's 'auto' switches from the exact to the asymptotic p-value. */
export const KS_MAX_EXACT_N = 10000;

export function ksTwoSample(x: ArrayLike<number>, y: ArrayLike<number>): KsResult {
  const a = finiteValues(x).sort();
  const b = finiteValues(y).sort();
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new StatisticsError('ks_2samp needs at least one value in each sample');
  const statistic = ksStatistic(a, b);
  if (Math.max(n1, n2) <= KS_MAX_EXACT_N) {
    const exact = exactP(n1, n2, statistic);
    if (exact !== undefined) return { statistic: exact.d, p: exact.p, method: 'exact', n1, n2 };
  }
  const en = roundHalfEven((n1 * n2) / (n1 + n2));
  return { statistic, p: kolmogorovSf(en, statistic), method: 'asymptotic', n1, n2 };
}

/** max |F₁(v) − F₂(v)| over the pooled values, by merging the two sorted samples. O(n). */
function ksStatistic(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length || j < b.length) {
    const v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    while (i < a.length && a[i] === v) i++;
    while (j < b.length && b[j] === v) j++;
    const diff = Math.abs(i / a.length - j / b.length);
    if (diff > d) d = diff;
  }
  return d;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** scipy's `_attempt_exact_2kssamp`: undefined when the computation leaves [0, 1]. */
function exactP(n1: number, n2: number, d: number): { d: number; p: number } | undefined {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = roundHalfEven(d * lcm);
  const dExact = h / lcm;
  if (h === 0) return { d: dExact, p: 1 };
  const p = n1 === n2 ? probOutsideSquare(n1, h) : 1 - probInsideBand(n1, n2, g, h);
  if (!(p >= 0 && p <= 1)) return undefined;
  return { d: dExact, p };
}

/**
 * P(D_{n,n} ≥ h/n) = 2 Σ_k (−1)^(k−1) C(2n, n − kh) / C(2n, n), evaluated Horner-like from the
 * innermost term to avoid cancellation.
 */
function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
  }
  return 2 * P;
}

/**
 * The share of the C(m+n, n) lattice paths from (0, 0) to (m, n) that stay strictly inside
 * |x/m − y/n| < h/lcm(m, n), one column at a time over a sliding window, rescaled by powers of two.
 */
function probInsideBand(n1: number, n2: number, g: number, h: number): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  // One column of path counts, shifted so that A[0] is row minj; beyond the window it holds 0.
  const A = new Float64Array(n + 2);
  for (let j = minj; j < maxj; j++) A[j] = 1;
  let exponent = 0;
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 0;
    // In place: the read index j + shift never falls behind the write index j.
    const shift = minj - lastminj;
    let running = 0;
    for (let j = 0; j < maxj - minj; j++) {
      running += A[j + shift];
      A[j] = running;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) for (let j = curlen; j < lastlen; j++) A[j] = 0;
    const top = A[maxj - minj - 1];
    const e = Math.floor(Math.log2(top)) + 1;
    if (e > 900) {
      const scale = 2 ** -(e - 800);
      for (let j = 0; j < A.length; j++) A[j] *= scale;
      exponent += e - 800;
    }
  }
  let value = A[maxj - minj - 1];
  for (let i = 1; i <= n; i++) {
    value = (value * i) / (m + i);
    const e = Math.floor(Math.log2(value)) + 1;
    if (value > 0 && e < -128) {
      value *= 2 ** -e;
      exponent += e;
    }
  }
  return value * 2 ** exponent;
}
