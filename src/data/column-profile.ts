/**
 * What schema inference needs to know about one raw column, gathered in one pass over its array:
 * how many values are present, a few distinct values (capped), integrality and the minimum.
 */
import type { RawKind } from './raw-table.js';
import type { Column } from './table.js';

/** More distinct values than this and the exact set no longer matters to any inference rule. */
export const DISTINCT_CAP = 12;

export interface ColumnProfile {
  readonly name: string;
  readonly raw: RawKind;
  readonly nRows: number;
  readonly present: number;
  /** Up to DISTINCT_CAP + 1 distinct values (numbers, or text levels); more means "many". */
  readonly distinct: ReadonlyArray<number | string>;
  /** Exact count of distinct values for text; for numbers only when not above the cap. */
  readonly nDistinct: number;
  readonly integral: boolean;
  readonly min: number;
}

export function profileColumn(name: string, column: Column, raw: RawKind): ColumnProfile {
  return column.type === 'number'
    ? profileNumbers(name, column.values, raw)
    : profileCodes(name, column.codes, column.levels);
}

function profileNumbers(name: string, values: Float64Array, raw: RawKind): ColumnProfile {
  let present = 0;
  let integral = true;
  let min = Number.POSITIVE_INFINITY;
  const distinct = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    present++;
    if (integral && !Number.isInteger(v)) integral = false;
    if (v < min) min = v;
    if (distinct.size <= DISTINCT_CAP) distinct.add(v);
  }
  const sorted = [...distinct].sort((a, b) => a - b);
  return {
    name,
    raw,
    nRows: values.length,
    present,
    distinct: sorted,
    nDistinct: distinct.size,
    integral,
    min,
  };
}

function profileCodes(name: string, codes: Int32Array, levels: readonly string[]): ColumnProfile {
  const used = new Uint8Array(levels.length);
  let present = 0;
  for (let i = 0; i < codes.length; i++) {
    if (codes[i] < 0) continue;
    present++;
    used[codes[i]] = 1;
  }
  const distinct = levels.filter((_, k) => used[k] === 1);
  return {
    name,
    raw: 'text',
    nRows: codes.length,
    present,
    distinct,
    nDistinct: distinct.length,
    integral: false,
    min: Number.NaN,
  };
}

/** True when no value repeats and none is missing: what an identifier column looks like. */
export function isUniquePerRow(profile: ColumnProfile, column: Column): boolean {
  if (profile.present !== profile.nRows || profile.nRows < 2) return false;
  if (column.type === 'code' || profile.nDistinct <= DISTINCT_CAP) return profile.nDistinct === profile.nRows;
  const sorted = Float64Array.from(column.values).sort();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) return false;
  return true;
}

/**
 * Orders category labels as a reader expects: numeric labels by value first (`2` before `10`),
 * then the rest by code unit. Locale-free, so every machine writes the same schema.
 */
export function naturalOrder(a: string, b: string): number {
  const [x, y] = [asNumber(a), asNumber(b)];
  if (!Number.isNaN(x) && !Number.isNaN(y)) return x - y || (a < b ? -1 : a > b ? 1 : 0);
  if (!Number.isNaN(x)) return -1;
  if (!Number.isNaN(y)) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function asNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}
