/**
 * Pearson's χ² test of independence on an r × c contingency table, as
 * `scipy.stats.chi2_contingency(table)` (default `correction=True`): expected counts from the
 * margins, df = (r − 1)(c − 1), and with df = 1 Yates' continuity correction, which moves each
 * observed count half a unit towards its expected count (never past it).
 */
import { StatisticsError } from '../core/errors.js';
import { chiSquareSf } from './distributions.js';

export interface ChiSquareResult {
  statistic: number;
  p: number;
  df: number;
  method: 'pearson' | 'pearson-yates';
  expected: number[][];
  /** Cells with an expected count below 5, the rule of thumb (Cochran 1954) for trusting χ². */
  diagnostics: { smallExpected: number; minExpected: number };
}

export interface ChiSquareOptions {
  /** Yates' correction when df = 1 (scipy's default: true). */
  correction?: boolean;
}

/** Row and column sums, and the total, of a table of counts. */
export function margins(table: readonly (readonly number[])[]): {
  rows: number[];
  cols: number[];
  total: number;
} {
  const rows = table.map((row) => row.reduce((s, v) => s + v, 0));
  const cols = table[0].map((_, j) => table.reduce((s, row) => s + row[j], 0));
  return { rows, cols, total: rows.reduce((s, v) => s + v, 0) };
}

export function chiSquareContingency(
  table: readonly (readonly number[])[],
  options: ChiSquareOptions = {},
): ChiSquareResult {
  if (table.length === 0 || table[0].length === 0) throw new StatisticsError('χ²: the table is empty');
  if (table.some((row) => row.length !== table[0].length))
    throw new StatisticsError('χ²: rows differ in length');
  if (table.some((row) => row.some((v) => !(v >= 0)))) throw new StatisticsError('χ²: counts must be ≥ 0');
  const { rows, cols, total } = margins(table);
  const expected = rows.map((r) => cols.map((c) => (r * c) / total));
  if (expected.some((row) => row.some((e) => e === 0)))
    throw new StatisticsError('χ²: a row or column of the table sums to zero; drop empty levels first');
  const df = (rows.length - 1) * (cols.length - 1);
  let minExpected = Number.POSITIVE_INFINITY;
  let smallExpected = 0;
  for (const row of expected)
    for (const e of row) {
      if (e < minExpected) minExpected = e;
      if (e < 5) smallExpected++;
    }
  const diagnostics = { smallExpected, minExpected };
  if (df === 0) return { statistic: 0, p: 1, df, method: 'pearson', expected, diagnostics };
  const yates = df === 1 && (options.correction ?? true);
  let statistic = 0;
  for (let i = 0; i < rows.length; i++)
    for (let j = 0; j < cols.length; j++) {
      const e = expected[i][j];
      let o = table[i][j];
      if (yates) o += Math.sign(e - o) * Math.min(0.5, Math.abs(e - o));
      statistic += ((o - e) * (o - e)) / e;
    }
  return {
    statistic,
    p: chiSquareSf(statistic, df),
    df,
    method: yates ? 'pearson-yates' : 'pearson',
    expected,
    diagnostics,
  };
}
