/**
 * Average ranks (1-based, ties sharing the mean of their positions), as `scipy.stats.rankdata`'s
 * default `method='average'`, and the tie term Σ(t³ − t) that rank tests correct their variance by.
 */
export interface Ranking {
  /** ranks[i] is the average rank of values[i]. */
  readonly ranks: Float64Array;
  /** Σ (t³ − t) over groups of t tied values. */
  readonly tieTerm: number;
}

/** Ranks of finite values (NaN must be removed first). O(n log n). */
export function averageRanks(values: ArrayLike<number>): Ranking {
  const n = values.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  let tieTerm = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && values[order[end + 1]] === values[order[start]]) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]] = rank;
    const t = end - start + 1;
    tieTerm += t * t * t - t;
    start = end + 1;
  }
  return { ranks, tieTerm };
}

/** The finite values of a column (NaN dropped), as a new array. */
export function finiteValues(values: ArrayLike<number>): Float64Array {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) count++;
  const out = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) out[k++] = values[i];
  return out;
}
