/**
 * Wilcoxon rank-sum (Mann–Whitney U) test, two-sided, by the normal approximation with tie and
 * continuity corrections: `scipy.stats.mannwhitneyu(x, y, alternative='two-sided',
 * method='asymptotic', use_continuity=True)`. The statistic is U₁ = R₁ − n₁(n₁+1)/2 of the first
 * sample; the p-value is 2·P(Z ≥ (max(U₁, U₂) − n₁n₂/2 − ½)/σ) with
 * σ² = n₁n₂/12 · ((n + 1) − Σ(t³ − t)/(n(n − 1))) (Mann & Whitney 1947; Lehmann 1975 for ties).
 * Missing values (NaN) are dropped.
 */
import { StatisticsError } from '../core/errors.js';
import { normalSf } from './distributions.js';
import { averageRanks, finiteValues } from './ranks.js';

export interface MannWhitneyResult {
  /** U of the first sample. */
  statistic: number;
  p: number;
  z: number;
  method: 'asymptotic';
  n1: number;
  n2: number;
}

export function mannWhitneyU(x: ArrayLike<number>, y: ArrayLike<number>): MannWhitneyResult {
  const a = finiteValues(x);
  const b = finiteValues(y);
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0)
    throw new StatisticsError('Mann–Whitney U needs at least one value in each sample');
  const pooled = new Float64Array(n1 + n2);
  pooled.set(a);
  pooled.set(b, n1);
  const { ranks, tieTerm } = averageRanks(pooled);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i];
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u = Math.max(u1, n1 * n2 - u1);
  const n = n1 + n2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  const z = (u - (n1 * n2) / 2 - 0.5) / sigma;
  const p = Math.min(1, Math.max(0, 2 * normalSf(z)));
  return { statistic: u1, p, z, method: 'asymptotic', n1, n2 };
}
