/**
 * The mixed-type association matrix of each table and their absolute difference: Spearman's ρ for
 * two numbers (robust to the skewed labs of haematology; Pearson's r reported alongside), Cramér's
 * V for two category columns, the correlation ratio η for a number and a category column — each on
 * the rows where both values are present. A pair with fewer than 3 such rows is undefined (null);
 * a column that is constant on those rows is associated with nothing (0), and so is a column
 * without any value in the table (fidelity compares it only when the other table has values).
 */
import { correlationRatioFromCodes, cramersVFromCodes } from '../../stats/association.js';
import { type ColumnPair, present } from './prepare.js';
import { FIDELITY_SETTINGS } from './settings.js';
import type { CorrelationReport } from './types.js';

type Side = 'real' | 'synthetic';
type Measure = 'spearman' | 'pearson';

const MIN_PAIRS = 3;

export function associationReport(columns: readonly ColumnPair[], nReal: number): CorrelationReport {
  const real = associationMatrix(columns, 'real', 'spearman');
  const synthetic = associationMatrix(columns, 'synthetic', 'spearman');
  const pearsonReal = associationMatrix(columns, 'real', 'pearson', true);
  const pearsonSynthetic = associationMatrix(columns, 'synthetic', 'pearson', true);
  const p = columns.length;
  const absDiff = real.map((row, i) => row.map((r, j) => Math.abs(r - synthetic[i][j])));
  const differences: number[] = [];
  const pearsonDifferences: number[] = [];
  const threshold = Math.max(
    FIDELITY_SETTINGS.strongAssociation,
    FIDELITY_SETTINGS.noiseMultiple / Math.sqrt(Math.max(nReal, 1)),
  );
  let strongPairs = 0;
  let lost = 0;
  let strength = 0;
  const pairs: CorrelationReport['largestDifferences'] = [];
  for (let i = 0; i < p; i++)
    for (let j = i + 1; j < p; j++) {
      const d = absDiff[i][j];
      if (Number.isNaN(d)) continue;
      differences.push(d);
      pairs.push({
        a: columns[i].name,
        b: columns[j].name,
        real: real[i][j],
        synthetic: synthetic[i][j],
        absDiff: d,
      });
      const pd = Math.abs(pearsonReal[i][j] - pearsonSynthetic[i][j]);
      pearsonDifferences.push(Number.isNaN(pd) ? d : pd);
      const larger = Math.max(Math.abs(real[i][j]), Math.abs(synthetic[i][j]));
      if (larger >= threshold) {
        strongPairs++;
        lost += d;
        strength += larger;
      }
    }
  pairs.sort((x, y) => y.absDiff - x.absDiff);
  const meanOf = (values: number[]) =>
    values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
  const toJson = (m: number[][]) => m.map((row) => row.map((v) => (Number.isFinite(v) ? v : null)));
  return {
    meanAbsDiff: meanOf(differences),
    meanAbsDiffPearson: meanOf(pearsonDifferences),
    method: { numeric: 'spearman', categorical: 'cramers-v', mixed: 'correlation-ratio' },
    columns: columns.map((c) => c.name),
    real: toJson(real),
    synthetic: toJson(synthetic),
    absDiff: toJson(absDiff),
    preservation: {
      score: strongPairs > 0 ? Math.max(0, 1 - lost / strength) : null,
      pairs: strongPairs,
      threshold,
    },
    largestDifferences: pairs.slice(0, 10),
  };
}

/**
 * The p × p association matrix of one table (diagonal 1, NaN where undefined). With
 * `numericOnly`, only number pairs are computed (the rest NaN): for the Pearson variant.
 */
export function associationMatrix(
  columns: readonly ColumnPair[],
  side: Side,
  measure: Measure,
  numericOnly = false,
): number[][] {
  const p = columns.length;
  const m = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) => (i === j ? 1 : Number.NaN)),
  );
  // Each number column is sorted once; a pair's ranks then come from one pass over that order.
  const orders = columns.map((c) =>
    c.type === 'number' && measure === 'spearman' ? sortedPresent(c[side]) : undefined,
  );
  const empty = columns.map((c) => present(c[side]) === 0);
  for (let i = 0; i < p; i++)
    for (let j = i + 1; j < p; j++) {
      const a = columns[i];
      const b = columns[j];
      if (numericOnly && (a.type !== 'number' || b.type !== 'number')) continue;
      let value: number;
      if (empty[i] || empty[j]) {
        value = 0;
      } else if (a.type === 'number' && b.type === 'number') {
        value =
          measure === 'spearman'
            ? spearmanFromOrders(a[side], orders[i]!, b[side], orders[j]!)
            : numeric(a[side], b[side]);
      } else if (a.type === 'code' && b.type === 'code') {
        value = enough(a[side], b[side])
          ? cramersVFromCodes(a[side], a.levels.length, b[side], b.levels.length)
          : Number.NaN;
      } else {
        const [num, cat] = a.type === 'number' ? [a, b] : [b, a];
        const values = num[side] as Float64Array;
        const codes = cat[side] as Int32Array;
        value = enough(values, codes)
          ? correlationRatioFromCodes(values, codes, (cat as { levels: readonly string[] }).levels.length)
          : Number.NaN;
      }
      m[i][j] = value;
      m[j][i] = value;
    }
  return m;
}

/** Row indices of the present values, in increasing order of value. */
function sortedPresent(values: Float64Array): Uint32Array {
  const rows: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) rows.push(i);
  return Uint32Array.from(rows).sort((x, y) => values[x] - values[y]);
}

/** Average ranks among the rows where `keep` is 1 (NaN elsewhere), from the presorted order. */
function ranksWithin(
  values: Float64Array,
  order: Uint32Array,
  keep: Uint8Array,
  count: number,
): Float64Array {
  const ranks = new Float64Array(values.length).fill(Number.NaN);
  const kept = new Uint32Array(count);
  let k = 0;
  for (let i = 0; i < order.length; i++) if (keep[order[i]] === 1) kept[k++] = order[i];
  for (let start = 0; start < count; ) {
    let end = start;
    while (end + 1 < count && values[kept[end + 1]] === values[kept[start]]) end++;
    const rank = (start + end) / 2 + 1;
    for (let r = start; r <= end; r++) ranks[kept[r]] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Spearman's ρ on the rows where both are present: scipy's spearmanr(nan_policy='omit'). */
function spearmanFromOrders(
  x: Float64Array,
  xOrder: Uint32Array,
  y: Float64Array,
  yOrder: Uint32Array,
): number {
  const keep = new Uint8Array(x.length);
  let count = 0;
  for (let i = 0; i < x.length; i++)
    if (!Number.isNaN(x[i]) && !Number.isNaN(y[i])) {
      keep[i] = 1;
      count++;
    }
  if (count < MIN_PAIRS) return Number.NaN;
  return defined(
    pearsonComplete(ranksWithin(x, xOrder, keep, count), ranksWithin(y, yOrder, keep, count)),
    count,
  );
}

/** Pearson's r over the rows where both values are present, without copying them out. */
function pearsonComplete(x: Float64Array, y: Float64Array): number {
  let n = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < x.length; i++)
    if (!Number.isNaN(x[i]) && !Number.isNaN(y[i])) {
      n++;
      mx += x[i];
      my += y[i];
    }
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++)
    if (!Number.isNaN(x[i]) && !Number.isNaN(y[i])) {
      const dx = x[i] - mx;
      const dy = y[i] - my;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
    }
  if (sxx === 0 || syy === 0) return Number.NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx) / Math.sqrt(syy)));
}

function isPresent(values: Float64Array | Int32Array, i: number): boolean {
  return values instanceof Float64Array ? !Number.isNaN(values[i]) : values[i] >= 0;
}

function enough(a: Float64Array | Int32Array, b: Float64Array | Int32Array): boolean {
  let count = 0;
  for (let i = 0; i < a.length && count < MIN_PAIRS; i++) if (isPresent(a, i) && isPresent(b, i)) count++;
  return count >= MIN_PAIRS;
}

/** NaN from a constant column becomes 0 once there are enough pairs. */
function defined(r: number, n: number): number {
  if (n < MIN_PAIRS) return Number.NaN;
  return Number.isNaN(r) ? 0 : r;
}

function numeric(x: Float64Array, y: Float64Array): number {
  let n = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]) && !Number.isNaN(y[i])) n++;
  return n < MIN_PAIRS ? Number.NaN : defined(pearsonComplete(x, y), n);
}
