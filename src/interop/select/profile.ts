/**
 * One column on its own: how much is missing and whether it varies enough to carry information.
 * Categories and booleans are near-constant when the most frequent value covers all but
 * `minVariation` of the present rows; numbers too, and also by caret's `nearZeroVar` rule (Kuhn,
 * "Building predictive models in R using the caret package", JSS 2008): a dominant value AND few
 * distinct values, which catches a lab stuck at its detection limit with a few real readings.
 */
import type { ColumnSpec } from '../../data/schema.js';
import type { Column } from '../../data/table.js';
import type { SelectOptions } from './options.js';

export interface ColumnProfile {
  readonly missing: number;
  readonly present: number;
  /** Share of present values equal to the most frequent one; null when none is present. */
  readonly topShare: number | null;
  readonly distinct: number;
  readonly nearConstant: boolean;
  /** Why it is near-constant, in words (empty when it is not). */
  readonly nearConstantReason: string;
  /** Mutation columns: the share of present rows carrying it. */
  readonly carriers?: number;
  readonly rare?: boolean;
}

interface Frequencies {
  present: number;
  distinct: number;
  top: number;
  second: number;
  /** The most frequent value, for messages. */
  mode: string;
}

function codeFrequencies(codes: Int32Array, levels: readonly string[]): Frequencies {
  const counts = new Float64Array(levels.length);
  let present = 0;
  for (const c of codes)
    if (c >= 0) {
      counts[c]++;
      present++;
    }
  let top = 0;
  let second = 0;
  let mode = '';
  let distinct = 0;
  counts.forEach((count, level) => {
    if (count > 0) distinct++;
    if (count > top) {
      second = top;
      top = count;
      mode = levels[level];
    } else if (count > second) second = count;
  });
  return { present, distinct, top, second, mode };
}

function numberFrequencies(values: Float64Array): Frequencies {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort();
  let top = 0;
  let second = 0;
  let mode = Number.NaN;
  let distinct = 0;
  for (let start = 0; start < sorted.length; ) {
    let end = start + 1;
    while (end < sorted.length && sorted[end] === sorted[start]) end++;
    const count = end - start;
    distinct++;
    if (count > top) {
      second = top;
      top = count;
      mode = sorted[start];
    } else if (count > second) second = count;
    start = end;
  }
  return { present: sorted.length, distinct, top, second, mode: String(mode) };
}

const percent = (share: number) => `${(100 * share).toFixed(1)}%`;

/**
 * A value is named in a reason (written to selection.json, printed) only when this many rows hold
 * it: a column filled in for one patient would otherwise put that patient's value — a free-text
 * note, a rare lab — in the report.
 */
const NAMED_FROM_ROWS = 5;

function nearConstantReason(f: Frequencies, isNumber: boolean, options: SelectOptions): string {
  if (f.present === 0) return '';
  const mode =
    f.top >= NAMED_FROM_ROWS
      ? `'${f.mode}'`
      : `one value (held by fewer than ${NAMED_FROM_ROWS} rows, not named)`;
  if (f.distinct === 1) return `constant: every present value is ${mode}`;
  const topShare = f.top / f.present;
  if (1 - topShare < options.minVariation)
    return `near-constant: ${percent(topShare)} of present values are ${mode}`;
  if (isNumber && f.top > options.freqRatio * f.second && f.distinct < options.uniqueShare * f.present)
    return `near-constant: ${mode} is ${(f.top / f.second).toFixed(0)} times as frequent as the next value, and only ${f.distinct} distinct values`;
  return '';
}

/** Carriers of a mutation: code 1 of a boolean; otherwise everything but the most frequent state. */
function carrierShare(column: Column, f: Frequencies): number {
  if (f.present === 0) return 0;
  if (column.type === 'code' && column.levels.length === 2) {
    let carriers = 0;
    for (const c of column.codes) if (c === 1) carriers++;
    return carriers / f.present;
  }
  return 1 - f.top / f.present;
}

export function profileColumn(spec: ColumnSpec, column: Column, options: SelectOptions): ColumnProfile {
  const f =
    column.type === 'number'
      ? numberFrequencies(column.values)
      : codeFrequencies(column.codes, column.levels);
  const nRows = column.type === 'number' ? column.values.length : column.codes.length;
  const reason = nearConstantReason(f, column.type === 'number', options);
  const profile: ColumnProfile = {
    missing: nRows === 0 ? 0 : (nRows - f.present) / nRows,
    present: f.present,
    topShare: f.present === 0 ? null : f.top / f.present,
    distinct: f.distinct,
    nearConstant: reason !== '',
    nearConstantReason: reason,
  };
  if (spec.role !== 'mutation') return profile;
  const carriers = carrierShare(column, f);
  return { ...profile, carriers, rare: carriers < options.rareMutation };
}
