/**
 * The mixed-type association matrix of each table and their absolute difference: Spearman's ρ for
 * two numbers (robust to the skewed labs of haematology; Pearson's r reported alongside), Cramér's
 * V for two category columns, the correlation ratio η for a number and a category column — each on
 * the rows where both values are present. A pair with fewer than 3 such rows is undefined (null);
 * a column that is constant on those rows is associated with nothing (0), and so is a column
 * without any value in the table (fidelity compares it only when the other table has values).
 * Shareable: category levels pooled as the report shows them, and the pairs whose real association
 * would describe 1..k − 1 patients not reported, nor counted in the means and the preservation score.
 */
import { correlationRatioFromCodes, cramersVFromCodes } from '../../stats/association.js';
import { poolRareLevels } from '../../stats/binning.js';
import { type ColumnPair, present } from './prepare.js';
import { FIDELITY_SETTINGS } from './settings.js';
import { isSmall } from './small-counts.js';
import type { CorrelationReport } from './types.js';

type Side = 'real' | 'synthetic';
type Measure = 'spearman' | 'pearson';

const MIN_PAIRS = 3;

export function associationReport(
  original: readonly ColumnPair[],
  nReal: number,
  smallCell: number,
): CorrelationReport {
  const columns = original.map((c) => pooledColumn(c, smallCell));
  // Pooling that leaves one real level (a flag held by 3 patients) leaves nothing to show.
  const single = columns.map((c, i) => c !== original[i] && new Set(c.real.filter((x) => x >= 0)).size < 2);
  const hidden = hiddenPairs(columns, single, smallCell);
  const masked = (m: number[][]) => m.map((row, i) => row.map((v, j) => (hidden[i][j] ? Number.NaN : v)));
  const real = masked(associationMatrix(columns, 'real', 'spearman'));
  const synthetic = masked(associationMatrix(columns, 'synthetic', 'spearman'));
  const pearsonReal = masked(associationMatrix(columns, 'real', 'pearson', true));
  const pearsonSynthetic = masked(associationMatrix(columns, 'synthetic', 'pearson', true));
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
 * A category column with its levels as the report shows them: those held by 1..k − 1 real
 * patients pooled (poolRareLevels), in both tables alike, so that no association describes a few
 * patients. Levels only the synthetic table has stay apart.
 */
function pooledColumn(pair: ColumnPair, k: number): ColumnPair {
  if (pair.type !== 'code') return pair;
  const counts = new Array<number>(pair.levels.length).fill(0);
  for (const c of pair.real) if (c >= 0) counts[c]++;
  if (!counts.some((c) => isSmall(c, k))) return pair;
  const groups = poolRareLevels(counts, k);
  const group = new Int32Array(pair.levels.length);
  groups.forEach((levels, g) => {
    for (const level of levels) group[level] = g;
  });
  const recode = (codes: Int32Array) => Int32Array.from(codes, (c) => (c < 0 ? c : group[c]));
  return {
    ...pair,
    levels: groups.map((levels) => levels.map((l) => pair.levels[l]).join(' or ')),
    real: recode(pair.real),
    synthetic: recode(pair.synthetic),
  };
}

/**
 * Pairs whose real association would describe 1..k − 1 patients, with the marginals published:
 * a column left with one real level once pooled (a flag held by 3 patients), two category columns
 * with a joint real cell of 1..k − 1 (Cramér's V then fits one count of "both"), a category level
 * with 1..k − 1 real patients among the rows where the number is present (η gives their mean), or
 * 1..k − 1 rows with both values. Their real, synthetic and difference cells are not reported.
 */
function hiddenPairs(columns: readonly ColumnPair[], single: readonly boolean[], k: number): boolean[][] {
  const p = columns.length;
  const hidden = Array.from({ length: p }, () => new Array<boolean>(p).fill(false));
  for (let i = 0; i < p; i++)
    for (let j = i + 1; j < p; j++) {
      const [a, b] = [columns[i], columns[j]];
      let small = single[i] || single[j];
      if (!small && (a.type === 'code' || b.type === 'code')) {
        const cells = jointCounts(a, b);
        small =
          cells.some((c) => isSmall(c, k)) ||
          isSmall(
            cells.reduce((s, c) => s + c, 0),
            k,
          );
      } else if (!small) {
        let both = 0;
        for (let r = 0; r < a.real.length; r++) if (isPresent(a.real, r) && isPresent(b.real, r)) both++;
        small = isSmall(both, k);
      }
      hidden[i][j] = small;
      hidden[j][i] = small;
    }
  return hidden;
}

/** Real counts of each (level, level) or, with a number column, each level among its complete rows. */
function jointCounts(a: ColumnPair, b: ColumnPair): number[] {
  const levels = (c: ColumnPair) => (c.type === 'code' ? c.levels.length : 1);
  const code = (c: ColumnPair, r: number) => (c.type === 'code' ? c.real[r] : 0);
  const nb = levels(b);
  const cells = new Array<number>(levels(a) * nb).fill(0);
  for (let r = 0; r < a.real.length; r++)
    if (isPresent(a.real, r) && isPresent(b.real, r)) cells[code(a, r) * nb + code(b, r)]++;
  return cells;
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
