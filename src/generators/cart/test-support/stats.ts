/** Small statistics for the cart tests. */
import type { Table } from '../../../data/table.js';

export function mean(values: ArrayLike<number>): number {
  let total = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) continue;
    total += values[i];
    n++;
  }
  return total / n;
}

export function correlation(x: Float64Array, y: Float64Array): number {
  const rows = [...x.keys()].filter((i) => !Number.isNaN(x[i]) && !Number.isNaN(y[i]));
  const mx = mean(rows.map((i) => x[i]));
  const my = mean(rows.map((i) => y[i]));
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const i of rows) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Share of rows whose code column holds `code`. */
export function share(table: Table, column: string, code: number): number {
  const codes = table.codes(column).codes;
  return codes.filter((c) => c === code).length / codes.length;
}

export function missingShare(values: Float64Array): number {
  return values.filter((v) => Number.isNaN(v)).length / values.length;
}

/** Odds ratio of two binary code columns (code 1 = carrier), with ½ added to every cell. */
export function oddsRatio(table: Table, a: string, b: string): number {
  const x = table.codes(a).codes;
  const y = table.codes(b).codes;
  const cells = [0.5, 0.5, 0.5, 0.5];
  for (let i = 0; i < x.length; i++) cells[2 * x[i] + y[i]]++;
  return (cells[0] * cells[3]) / (cells[1] * cells[2]);
}

/** Mean of a number column over the rows where `keep` holds. */
export function meanWhere(table: Table, column: string, keep: (row: number) => boolean): number {
  const values = table.numbers(column);
  return mean([...values.keys()].filter(keep).map((i) => values[i]));
}
