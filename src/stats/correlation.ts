/**
 * Pearson's and Spearman's correlation coefficients with their two-sided p-values, on the pairs
 * where neither value is missing (NaN): `scipy.stats.pearsonr` (p from the exact null
 * distribution of r for normal data, a Beta(n/2 − 1, n/2 − 1) on [−1, 1]) and
 * `scipy.stats.spearmanr(x, y, nan_policy='omit')` (Pearson's r of average ranks; p from Student's
 * t with n − 2 degrees of freedom).
 */
import { StatisticsError } from '../core/errors.js';
import { regularizedBeta } from './incomplete-beta.js';
import { averageRanks } from './ranks.js';

export interface CorrelationResult {
  statistic: number;
  p: number;
  n: number;
  method: 'pearson' | 'spearman';
}

/** The pairs where both values are present. */
export function completePairs(x: ArrayLike<number>, y: ArrayLike<number>): [Float64Array, Float64Array] {
  if (x.length !== y.length) throw new StatisticsError('correlation: the two columns differ in length');
  let n = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]) && !Number.isNaN(y[i])) n++;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0, k = 0; i < x.length; i++)
    if (!Number.isNaN(x[i]) && !Number.isNaN(y[i])) {
      a[k] = x[i];
      b[k++] = y[i];
    }
  return [a, b];
}

/** Pearson's r of complete arrays, as scipy computes it (centred, each scaled to unit norm). */
export function pearsonR(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (sxx === 0 || syy === 0) return Number.NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx) / Math.sqrt(syy)));
}

function checked(r: number, n: number, method: string): void {
  if (n < 2) throw new StatisticsError(`${method} correlation needs at least 2 complete pairs, got ${n}`);
  if (Number.isNaN(r)) throw new StatisticsError(`${method} correlation is undefined: a column is constant`);
}

export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): CorrelationResult {
  const [a, b] = completePairs(x, y);
  const n = a.length;
  const r = pearsonR(a, b);
  checked(r, n, 'Pearson');
  const half = n / 2 - 1;
  const p = n === 2 ? 1 : Math.min(1, 2 * regularizedBeta((1 - Math.abs(r)) / 2, half, half));
  return { statistic: r, p, n, method: 'pearson' };
}

export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): CorrelationResult {
  const [a, b] = completePairs(x, y);
  const n = a.length;
  const r = pearsonR(averageRanks(a).ranks, averageRanks(b).ranks);
  checked(r, n, 'Spearman');
  return { statistic: r, p: studentTwoSidedP(r, n - 2), n, method: 'spearman' };
}

/** P(|T| ≥ |t|) for t = r·√(df/((1 + r)(1 − r))), T ~ Student's t(df); 2·t.sf = I_{df/(df+t²)}(df/2, ½). */
function studentTwoSidedP(r: number, df: number): number {
  if (df <= 0) return 1;
  if (Math.abs(r) === 1) return 0;
  const t2 = (r * r * df) / ((1 + r) * (1 - r));
  return regularizedBeta(df / (df + t2), df / 2, 0.5);
}
