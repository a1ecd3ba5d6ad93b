/**
 * Strength of association between categories, and between a number and categories, in 0..1.
 * - Cramér's V (Cramér 1946), bias-uncorrected: √(χ² / (n·(min(r, c) − 1))), χ² without Yates'
 *   correction, as `scipy.stats.contingency.association(table, method='cramer')`. Empty rows and
 *   columns are dropped first; a table left with one row or column carries no association (0).
 * - The correlation ratio η (Pearson 1903): √(between-group sum of squares / total sum of squares),
 *   the share of a number's spread that the categories explain; 0 when the number is constant.
 * The `…FromCodes` forms work on columns (codes −1 and NaN missing) over the complete pairs.
 */
export function cramersV(table: readonly (readonly number[])[]): number {
  const nB = table[0].length;
  const counts = new Float64Array(table.length * nB);
  for (let i = 0; i < table.length; i++) counts.set(table[i], i * nB);
  return cramersVFromCounts(counts, table.length, nB);
}

/** Cramér's V of a flat nA × nB table of counts. */
export function cramersVFromCounts(counts: Float64Array, nA: number, nB: number): number {
  const rows = new Float64Array(nA);
  const cols = new Float64Array(nB);
  let total = 0;
  for (let i = 0; i < nA; i++)
    for (let j = 0; j < nB; j++) {
      const v = counts[i * nB + j];
      rows[i] += v;
      cols[j] += v;
      total += v;
    }
  let keptRows = 0;
  let keptCols = 0;
  for (const r of rows) if (r > 0) keptRows++;
  for (const c of cols) if (c > 0) keptCols++;
  const k = Math.min(keptRows, keptCols);
  if (k < 2) return 0;
  let chi2 = 0;
  for (let i = 0; i < nA; i++) {
    if (rows[i] === 0) continue;
    for (let j = 0; j < nB; j++) {
      if (cols[j] === 0) continue;
      const e = (rows[i] * cols[j]) / total;
      const d = counts[i * nB + j] - e;
      chi2 += (d * d) / e;
    }
  }
  return Math.sqrt(chi2 / (total * (k - 1)));
}

/** Counts of (a, b) code pairs where both are present: a flat nA × nB array. */
export function crossCounts(a: Int32Array, nA: number, b: Int32Array, nB: number): Float64Array {
  const counts = new Float64Array(nA * nB);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x >= 0 && y >= 0) counts[x * nB + y]++;
  }
  return counts;
}

export function cramersVFromCodes(a: Int32Array, nA: number, b: Int32Array, nB: number): number {
  return cramersVFromCounts(crossCounts(a, nA, b, nB), nA, nB);
}

export function correlationRatioFromCodes(values: Float64Array, codes: Int32Array, nLevels: number): number {
  const sums = new Float64Array(nLevels);
  const counts = new Float64Array(nLevels);
  let total = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const c = codes[i];
    if (c < 0 || Number.isNaN(v)) continue;
    sums[c] += v;
    counts[c]++;
    total += v;
    n++;
  }
  if (n === 0) return 0;
  const mean = total / n;
  let ssTotal = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (codes[i] < 0 || Number.isNaN(v)) continue;
    ssTotal += (v - mean) * (v - mean);
  }
  if (!(ssTotal > 0)) return 0;
  let ssBetween = 0;
  for (let c = 0; c < nLevels; c++)
    if (counts[c] > 0) ssBetween += counts[c] * (sums[c] / counts[c] - mean) ** 2;
  return Math.sqrt(Math.min(1, ssBetween / ssTotal));
}
