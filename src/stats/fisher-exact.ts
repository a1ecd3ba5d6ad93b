/**
 * Fisher's exact test on a 2 × 2 table, two-sided, as `scipy.stats.fisher_exact(table)`: the
 * p-value sums the hypergeometric probabilities of every table with the observed margins that is
 * no more likely than the observed one (relative tolerance 1e-7, as R's fisher.test, so that
 * tables of mathematically equal probability count alike). The odds ratio is the sample (not the
 * conditional maximum-likelihood) odds ratio ad/bc.
 */
import { StatisticsError } from '../core/errors.js';

export interface FisherResult {
  /** The sample odds ratio ad/(bc); Infinity when bc = 0 < ad; NaN when a margin is 0. */
  statistic: number;
  p: number;
  method: 'fisher-exact';
}

const RELATIVE_TOLERANCE = 1e-7;

/** table = [[a, b], [c, d]] of counts. */
export function fisherExact(table: readonly (readonly number[])[]): FisherResult {
  if (table.length !== 2 || table.some((row) => row.length !== 2))
    throw new StatisticsError("Fisher's exact test needs a 2 × 2 table");
  const [[a, b], [c, d]] = table;
  if ([a, b, c, d].some((v) => !Number.isInteger(v) || v < 0))
    throw new StatisticsError("Fisher's exact test needs non-negative integer counts");
  const method = 'fisher-exact' as const;
  if (a + b === 0 || c + d === 0 || a + c === 0 || b + d === 0)
    return { statistic: Number.NaN, p: 1, method };
  const statistic = c > 0 && b > 0 ? (a * d) / (c * b) : Number.POSITIVE_INFINITY;
  return { statistic, p: fisherTwoSidedP(a, a + b, c + d, a + c), method };
}

/**
 * One-sided p that the first row's share of the first column is larger than the second row's,
 * as `scipy.stats.fisher_exact(table, alternative='greater')`: P(X ≥ a) for X ~ Hypergeometric
 * with the observed margins. table = [[a, b], [c, d]] of counts; p = 1 when a margin is 0.
 */
export function fisherExactGreater(table: readonly (readonly number[])[]): number {
  const { statistic } = fisherExact(table);
  if (Number.isNaN(statistic)) return 1;
  const [[a, b], [c, d]] = table;
  const { lo, logs } = hypergeometricLogs(a + b, c + d, a + c);
  const tail = logs.subarray(a - lo);
  return Math.min(1, Math.exp(logSumExp(tail) - logSumExp(logs)));
}

/** log Σ exp(v), the largest term factored out so that nothing underflows. */
function logSumExp(values: Float64Array): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) if (v > max) max = v;
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

/**
 * Log-probabilities, up to a constant, of X = lo, lo + 1, … for X ~ Hypergeometric(rows r1, r2;
 * first column k), by the ratio P(x + 1)/P(x) = (r1 − x)(k − x)/((x + 1)(r2 − k + x + 1)).
 */
function hypergeometricLogs(r1: number, r2: number, k: number): { lo: number; logs: Float64Array } {
  const lo = Math.max(0, k - r2);
  const hi = Math.min(r1, k);
  const logs = new Float64Array(hi - lo + 1);
  for (let x = lo; x < hi; x++)
    logs[x - lo + 1] = logs[x - lo] + Math.log(((r1 - x) * (k - x)) / ((x + 1) * (r2 - k + x + 1)));
  return { lo, logs };
}

/**
 * Two-sided p for X = a ~ Hypergeometric(rows r1, r2; first column k): the probabilities of
 * `hypergeometricLogs` summed with the largest term factored out, so nothing underflows however
 * small p is.
 */
function fisherTwoSidedP(a: number, r1: number, r2: number, k: number): number {
  const { lo, logs } = hypergeometricLogs(r1, r2, k);
  const observed = logs[a - lo] + Math.log1p(RELATIVE_TOLERANCE);
  let max = Number.NEGATIVE_INFINITY;
  let maxSelected = Number.NEGATIVE_INFINITY;
  for (const v of logs) {
    if (v > max) max = v;
    if (v <= observed && v > maxSelected) maxSelected = v;
  }
  let total = 0;
  let selected = 0;
  for (const v of logs) {
    total += Math.exp(v - max);
    if (v <= observed) selected += Math.exp(v - maxSelected);
  }
  return Math.min(1, Math.exp(Math.log(selected) + maxSelected - max - Math.log(total)));
}
