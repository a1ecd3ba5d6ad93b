/** Median, interquartile range and the KS distance of the numbers a centre wrote. */
import { ksTwoSample } from '../../stats/ks-2samp.js';
import { type DecimalMark, parseNumberText } from './formats.js';
import type { TextTable } from './text-table.js';

/** The numbers of `rows` in a text column, read with `mark`; unreadable and missing cells left out. */
export function numbersOf(
  table: TextTable,
  column: string,
  rows: ArrayLike<number>,
  mark: DecimalMark,
): Float64Array {
  const { codes, levels } = table.codes(column);
  const parsed = levels.map((text) => parseNumberText(text, mark));
  const out: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const code = codes[rows[i]];
    if (code >= 0 && !Number.isNaN(parsed[code])) out.push(parsed[code]);
  }
  return Float64Array.from(out);
}

/** The p-quantile with linear interpolation (R type 7, numpy's default); NaN when empty. */
export function quantile(values: Float64Array, p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export interface NumberSummary {
  readonly n: number;
  readonly median: number | null;
  readonly q1: number | null;
  readonly q3: number | null;
}

export function summarise(values: Float64Array): NumberSummary {
  if (values.length === 0) return { n: 0, median: null, q1: null, q3: null };
  return {
    n: values.length,
    median: quantile(values, 0.5),
    q1: quantile(values, 0.25),
    q3: quantile(values, 0.75),
  };
}

/** Two-sample KS distance and p (scipy's ks_2samp); null when a side is empty. */
export function ks(a: Float64Array, b: Float64Array): { statistic: number; p: number } | null {
  if (a.length === 0 || b.length === 0) return null;
  const { statistic, p } = ksTwoSample(a, b);
  return { statistic, p };
}

/** The middle value of a list of numbers (ignoring NaN); NaN when none. */
export function middle(values: readonly number[]): number {
  return quantile(Float64Array.from(values.filter((v) => !Number.isNaN(v))), 0.5);
}

export function round(x: number, digits: number): number {
  return Number(x.toPrecision(digits));
}
