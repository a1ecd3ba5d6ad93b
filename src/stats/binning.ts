/**
 * Binning for what leaves the hospital: histograms, category tables and 2-D grids that hold no
 * value of a single patient. Three rules, applied to the real counts only (synthetic rows are
 * nobody's data):
 * - edges are round numbers (d3-array's 1-2-5 ticks) inside the range of the real values without
 *   their k − 1 most extreme ones on each side, and the outermost bins are open-ended, so no edge is
 *   a real minimum or maximum;
 * - ordered bins whose real count is 1..k − 1 are merged with a neighbour until none is left;
 * - unordered levels held by 1..k − 1 real patients are pooled, and grid cells below k suppressed,
 *   with more cells suppressed until the hidden ones (whose sum the total gives) hold k together.
 * This is the primary and secondary cell suppression of statistical disclosure control
 * (Hundepool et al., Statistical Disclosure Control, Wiley 2012, ch. 5).
 */
import { ticks } from 'd3-array';

/** The k-th smallest and k-th largest of sorted values: a range no single patient sets. */
export function innerRange(sorted: ArrayLike<number>, k: number): [number, number] {
  const n = sorted.length;
  if (n === 0) return [0, 0];
  const i = Math.min(Math.max(k - 1, 0), Math.floor((n - 1) / 2));
  return [sorted[i], sorted[n - 1 - i]];
}

/**
 * About `count` round cut points inside [lo, hi]. On the log scale, cuts run 1-2-5 per decade
 * (or 1-1.5-2-3-5-7 when the range spans under two decades), so bins have nearly equal widths on a
 * log axis and labels stay round.
 */
export function niceCuts(
  lo: number,
  hi: number,
  count: number,
  scale: 'linear' | 'log' = 'linear',
): number[] {
  if (!(hi > lo)) return [lo];
  if (scale === 'linear') {
    const cuts = ticks(lo, hi, count);
    return cuts.length ? cuts : [lo];
  }
  const decades = Math.log10(hi / lo);
  const mantissas = decades < 2 ? [1, 1.5, 2, 3, 5, 7] : decades < 5 ? [1, 2, 5] : [1];
  const cuts: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++)
    for (const m of mantissas) {
      const v = Number((m * 10 ** e).toPrecision(6));
      if (v >= lo && v <= hi) cuts.push(v);
    }
  return cuts.length ? cuts : [lo];
}

/** The bin of v among open-ended bins (−∞, c₀), [c₀, c₁), …, [c_last, ∞): 0..cuts.length. */
export function openBin(cuts: readonly number[], v: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v >= cuts[mid]) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function countBins(values: ArrayLike<number>, cuts: readonly number[]): number[] {
  const counts = new Array<number>(cuts.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) counts[openBin(cuts, values[i])]++;
  return counts;
}

/**
 * Groups of consecutive bins (as [first, last] indices) such that every group with any real
 * patient holds at least k of them: a small group is merged with its smaller neighbour, repeatedly.
 * When the whole table has fewer than k, one group remains.
 */
export function mergeSmallBins(real: readonly number[], k: number): Array<[number, number]> {
  const groups: Array<{ range: [number, number]; count: number }> = real.map((count, i) => ({
    range: [i, i],
    count,
  }));
  for (;;) {
    let smallest = -1;
    for (let g = 0; g < groups.length; g++)
      if (
        groups[g].count > 0 &&
        groups[g].count < k &&
        (smallest < 0 || groups[g].count < groups[smallest].count)
      )
        smallest = g;
    if (smallest < 0 || groups.length === 1) break;
    const left = smallest > 0 ? groups[smallest - 1].count : Number.POSITIVE_INFINITY;
    const right = smallest < groups.length - 1 ? groups[smallest + 1].count : Number.POSITIVE_INFINITY;
    const other = left <= right ? smallest - 1 : smallest + 1;
    const [a, b] = other < smallest ? [other, smallest] : [smallest, other];
    groups.splice(a, 2, {
      range: [groups[a].range[0], groups[b].range[1]],
      count: groups[a].count + groups[b].count,
    });
  }
  return groups.map((g) => g.range);
}

/**
 * Unordered levels pooled so that no reported level holds 1..k − 1 real patients: the rare ones
 * together, joined by the least frequent other level while their total is still below k.
 * Returns the groups of level indices, the pooled group last (absent when nothing is rare).
 */
export function poolRareLevels(real: readonly number[], k: number): number[][] {
  const rare = real.flatMap((c, i) => (c > 0 && c < k ? [i] : []));
  if (rare.length === 0) return real.map((_, i) => [i]);
  const pooled = [...rare];
  let total = rare.reduce((s, i) => s + real[i], 0);
  const kept = real.flatMap((c, i) => (c >= k ? [i] : []));
  while (total < k && kept.length) {
    let least = 0;
    for (let j = 1; j < kept.length; j++) if (real[kept[j]] < real[kept[least]]) least = j;
    const [level] = kept.splice(least, 1);
    pooled.push(level);
    total += real[level];
  }
  const others = real.flatMap((c, i) => (c === 0 ? [i] : []));
  return [...[...kept, ...others].sort((a, b) => a - b).map((i) => [i]), pooled.sort((a, b) => a - b)];
}

/**
 * Counts with the cells holding 1..k − 1 real patients replaced by null, and then the smallest
 * other non-empty cells too until at least two are hidden and they hold at least k patients
 * together: the hidden cells' sum is known from the total, so one hidden cell, or two whose sum is
 * 2 (both 1), would be given back by it.
 */
export function suppressSmallCells(counts: readonly number[], k: number): (number | null)[] {
  const small = (c: number) => c > 0 && c < k;
  const out: (number | null)[] = counts.map((c) => (small(c) ? null : c));
  let hidden = counts.filter(small).length;
  if (hidden === 0) return out;
  let total = counts.reduce((s, c) => (small(c) ? s + c : s), 0);
  while (hidden < 2 || total < k) {
    let least = -1;
    for (let i = 0; i < counts.length; i++)
      if (out[i] !== null && counts[i] > 0 && (least < 0 || counts[i] < counts[least])) least = i;
    if (least < 0) break;
    out[least] = null;
    hidden++;
    total += counts[least];
  }
  return out;
}
