/**
 * Counts of 1..k − 1 real patients are never published, and nothing published may give one back:
 * a statistic computed on the hidden count, published beside the synthetic count and the table's
 * size, is an equation a reader can solve for it (613 · (3/500 ± tvd) = 3). So a reader knows such
 * a count only as "between 1 and k − 1", and wherever a test or a score needs it, it is replaced by
 * a stand-in: the value in 1..k − 1 nearest the synthetic table's count at the real table's size,
 * i.e. the smallest discrepancy the published figures allow. Every statistic is then a function of
 * what is published and of the synthetic table (nobody's data), the same whatever the hidden count
 * is, and it still notices a synthetic table that makes a rare level common (the stand-in stays
 * below k). The cost is at most (k − 2)/n of total variation per hidden count.
 */
import { poolRareLevels } from '../../stats/binning.js';

export function isSmall(count: number, k: number): boolean {
  return count > 0 && count < k;
}

/** The hidden count's stand-in: the synthetic share at the real size, kept within 1..k − 1. */
export function standIn(syntheticShare: number, total: number, k: number): number {
  return Math.min(k - 1, Math.max(1, Math.round(syntheticShare * total)));
}

/** A count as the published statistics may see it: itself when 0 or ≥ k, its stand-in otherwise. */
export function publishedCount(count: number, syntheticShare: number, total: number, k: number): number {
  return isSmall(count, k) ? standIn(syntheticShare, total, k) : count;
}

/**
 * Real level counts as the tests and scores may see them. The counts of levels outside the pool
 * (0 or ≥ k) and the pool's total are published (as shares of `present`); a rare level is its
 * stand-in, kept so that the pool still adds up, and the one level that joined the pool to reach k
 * (poolRareLevels adds at most one) takes what the stand-ins leave of the total, at least k.
 * `present` is the published number of real values (a stand-in itself when it is 1..k − 1).
 */
export function publishedLevelCounts(
  real: readonly number[],
  synthetic: readonly number[],
  k: number,
  present = real.reduce((s, c) => s + c, 0),
): number[] {
  const out = [...real];
  if (!real.some((c) => isSmall(c, k))) return out;
  const pool = poolRareLevels(real, k).at(-1)!;
  const inPool = new Set(pool);
  const total = present - real.reduce((s, c, i) => (inPool.has(i) ? s : s + c), 0);
  const nSynthetic = synthetic.reduce((s, c) => s + c, 0);
  const rare = pool.filter((i) => isSmall(real[i], k));
  const filler = pool.filter((i) => !isSmall(real[i], k));
  const stand = rare.map((i) => standIn(nSynthetic ? synthetic[i] / nSynthetic : 0, present, k));
  // A reader knows the rare levels add up to the total (no filler) or to at most total − k.
  const most = filler.length ? total - k : total;
  const least = filler.length ? rare.length : total;
  fitSum(stand, Math.max(least, rare.length), Math.max(most, rare.length), k);
  rare.forEach((i, r) => {
    out[i] = stand[r];
  });
  if (filler.length) out[filler[0]] = total - stand.reduce((s, c) => s + c, 0);
  return out;
}

/** Moves values within 1..k − 1, one at a time from the largest or to the smallest, into [least, most]. */
function fitSum(values: number[], least: number, most: number, k: number): void {
  let sum = values.reduce((s, v) => s + v, 0);
  while (sum > most) {
    const i = values.indexOf(Math.max(...values));
    if (values[i] <= 1) break;
    values[i]--;
    sum--;
  }
  while (sum < least) {
    const i = values.indexOf(Math.min(...values));
    if (values[i] >= k - 1) break;
    values[i]++;
    sum++;
  }
}

/**
 * A column missing in 1..k − 1 real rows (or present in 1..k − 1) hides that count, and with it the
 * number of real values every share of the column is a fraction of: an exact share a/b gives b back.
 * Its shares are then published on a grid of at least k/n (`coarseStep`), its statistics to two
 * significant digits.
 */
export function hidesPresent(present: number, rows: number, k: number): boolean {
  return isSmall(present, k) || isSmall(rows - present, k);
}

/** The smallest 1-2-5 step of at least k/n: a share moved by it is k patients or more. */
export function coarseStep(rows: number, k: number): number {
  const need = k / Math.max(rows, 1);
  for (let e = -3; e <= 0; e++)
    for (const m of [1, 2, 5]) {
      const step = m * 10 ** e;
      if (step >= need) return Number(step.toPrecision(1));
    }
  return 1;
}

export function onGrid(share: number, step: number): number {
  return Number((Math.round(share / step) * step).toPrecision(6));
}

export function twoDigits(x: number): number {
  return x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(2));
}

/** The missing rates as published: a hidden real count as its stand-in (the real rate then null). */
export function missingRates(
  realPresent: number,
  realRows: number,
  syntheticPresent: number,
  syntheticRows: number,
  k: number,
): { real: number | null; synthetic: number; difference: number; present: number } {
  const synthetic = syntheticRows ? 1 - syntheticPresent / syntheticRows : 0;
  if (!hidesPresent(realPresent, realRows, k)) {
    const real = realRows ? 1 - realPresent / realRows : 0;
    return { real, synthetic, difference: Math.abs(real - synthetic), present: realPresent };
  }
  const present = isSmall(realPresent, k)
    ? standIn(1 - synthetic, realRows, k)
    : realRows - standIn(synthetic, realRows, k);
  return { real: null, synthetic, difference: Math.abs(1 - present / realRows - synthetic), present };
}
