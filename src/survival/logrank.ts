/**
 * The log-rank test for k groups, as R's `survdiff(Surv(time, status) ~ group)` (rho = 0):
 * observed and expected events per group, the hypergeometric variance matrix, and
 * χ² = (O − E)ᵀ V⁻ (O − E) over the groups with expected > 0, leaving one out (Mantel 1966;
 * Peto & Peto 1972).
 */
import { chiSquareSf } from '../stats/distributions.js';
import { factorize, quadraticForm } from './cholesky.js';
import { mergeNearTies } from './ties.js';

export interface LogRankResult {
  readonly method: 'log-rank';
  readonly statistic: number;
  readonly df: number;
  readonly p: number;
  /** Per group (indexed by code): subjects, observed and expected events. */
  readonly n: Float64Array;
  readonly observed: Float64Array;
  readonly expected: Float64Array;
  /** k × k, row-major. */
  readonly variance: Float64Array;
  readonly diagnostics: string[];
}

export interface LogRankOptions {
  /** Merge floating-point near-ties first (R's `timefix`); default true. */
  timefix?: boolean;
  /** Pivot tolerance for the variance matrix; as R survival's cholesky tolerance. */
  tolerChol?: number;
}

/** `group` holds codes 0 … k − 1 (no missing values). */
export function logRank(
  time: Float64Array,
  status: Uint8Array,
  group: Int32Array,
  k: number,
  options: LogRankOptions = {},
): LogRankResult {
  const t = options.timefix === false ? time : mergeNearTies(time);
  const sums = accumulate(t, status, group, k);
  const used = [...sums.expected.keys()].filter((g) => sums.expected[g] > 0);
  const diagnostics: string[] = [];
  if (used.length < k)
    diagnostics.push(`${k - used.length} group(s) with no expected events left out of the test`);
  const df = used.length - 1;
  const statistic = df > 0 ? chiSquare(sums, used, k, options.tolerChol ?? Number.EPSILON ** 0.75) : 0;
  const p = df > 0 ? chiSquareSf(statistic, df) : 1;
  return { method: 'log-rank', statistic, df, p, ...sums, diagnostics };
}

/** One pass over the distinct times, ascending, with the numbers at risk per group. */
function accumulate(t: Float64Array, status: Uint8Array, group: Int32Array, k: number) {
  const order = Uint32Array.from(t.keys()).sort((a, b) => t[a] - t[b]);
  const n = new Float64Array(k);
  for (const g of group) n[g]++;
  const atRisk = Float64Array.from(n);
  const observed = new Float64Array(k);
  const expected = new Float64Array(k);
  const variance = new Float64Array(k * k);
  const deaths = new Float64Array(k);
  let total = order.length;
  for (let i = 0; i < order.length; ) {
    const current = t[order[i]];
    const start = i;
    deaths.fill(0);
    let d = 0;
    for (; i < order.length && t[order[i]] === current; i++) {
      if (status[order[i]] !== 1) continue;
      deaths[group[order[i]]]++;
      d++;
    }
    if (d > 0) addTime(atRisk, total, deaths, d, observed, expected, variance);
    for (let j = start; j < i; j++) atRisk[group[order[j]]]--;
    total -= i - start;
  }
  return { n, observed, expected, variance };
}

function addTime(
  atRisk: Float64Array,
  total: number,
  deaths: Float64Array,
  d: number,
  observed: Float64Array,
  expected: Float64Array,
  variance: Float64Array,
): void {
  const k = atRisk.length;
  const spread = total > 1 ? (d * (total - d)) / (total - 1) : 0;
  for (let g = 0; g < k; g++) {
    const share = atRisk[g] / total;
    observed[g] += deaths[g];
    expected[g] += d * share;
    variance[g * k + g] += spread * share;
    for (let h = 0; h < k; h++) variance[g * k + h] -= spread * share * (atRisk[h] / total);
  }
}

function chiSquare(
  sums: { observed: Float64Array; expected: Float64Array; variance: Float64Array },
  used: number[],
  k: number,
  toler: number,
): number {
  const kept = used.slice(1);
  const m = kept.length;
  const v = new Float64Array(m * m);
  const diff = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    diff[a] = sums.observed[kept[a]] - sums.expected[kept[a]];
    for (let b = 0; b < m; b++) v[a * m + b] = sums.variance[kept[a] * k + kept[b]];
  }
  return quadraticForm(factorize(v, m, toler), diff);
}
