/**
 * Turns table columns into a numeric design matrix for the models in this folder. The encoding is
 * fitted on one table (the reference) and applied unchanged to any other with the same columns, so
 * that real and synthetic rows land in the same coordinates:
 * - number columns (numeric, integer, date) are standardised by the reference's mean and population
 *   standard deviation (scikit-learn's `StandardScaler`); a missing value becomes the mean (0 after
 *   standardising), plus a 0/1 `name:missing` column when the reference has missing values;
 * - code columns (categorical, boolean) are one-hot encoded by label over the reference's observed
 *   levels (`name=level`); a level the reference never saw encodes as all zeros, and a missing code
 *   gets a `name:missing` column when the reference has missing values.
 * Labels, not codes, are matched, because two tables may list the same levels in different orders.
 */
import { DataError } from '../core/errors.js';
import type { Table } from '../data/table.js';

export interface NumberEncoding {
  readonly name: string;
  readonly kind: 'number';
  readonly mean: number;
  /** Population standard deviation; 1 when the reference column is constant or empty. */
  readonly sd: number;
  readonly missingIndicator: boolean;
}

export interface CodeEncoding {
  readonly name: string;
  readonly kind: 'code';
  /**
   * The reference's observed levels, one output column each, in the reference's order (without the
   * first of two levels under `compactBinary`: a label not listed encodes as all zeros).
   */
  readonly levels: readonly string[];
  readonly missingIndicator: boolean;
}

export type ColumnEncoding = NumberEncoding | CodeEncoding;

/** A fitted encoding: plain JSON, reusable on any table with the same columns. */
export interface EncoderState {
  readonly columns: readonly ColumnEncoding[];
  /** Output column names, in matrix order. */
  readonly names: readonly string[];
}

export interface EncodedFeatures {
  /** Row-major n × p. */
  readonly matrix: Float64Array;
  readonly n: number;
  readonly p: number;
  readonly names: readonly string[];
  readonly state: EncoderState;
}

export interface EncodeOptions {
  /** An encoding fitted on another table; without it the encoding is fitted on `table` itself. */
  reference?: EncoderState;
  /**
   * When fitting: a code column with exactly two observed levels gets a single 0/1 column for its
   * second level instead of two (the other is redundant); fewer columns make linear models faster.
   */
  compactBinary?: boolean;
}

export function encodeFeatures(
  table: Table,
  columns: readonly string[],
  options: EncodeOptions = {},
): EncodedFeatures {
  const state = options.reference ?? fitEncoder(table, columns, options);
  if (options.reference) checkSameColumns(state, columns);
  const n = table.nRows;
  const p = state.names.length;
  const matrix = new Float64Array(n * p);
  let offset = 0;
  for (const encoding of state.columns) {
    offset =
      encoding.kind === 'number'
        ? writeNumber(table, encoding, matrix, n, p, offset)
        : writeCodes(table, encoding, matrix, n, p, offset);
  }
  return { matrix, n, p, names: state.names, state };
}

/** Fits the encoding of `columns` on `table` (see the module comment). */
export function fitEncoder(
  table: Table,
  columns: readonly string[],
  options: Pick<EncodeOptions, 'compactBinary'> = {},
): EncoderState {
  const encodings: ColumnEncoding[] = columns.map((name) => {
    const column = table.column(name);
    if (column.type === 'number') return fitNumber(name, column.values);
    const counts = new Float64Array(column.levels.length);
    let missing = 0;
    for (const code of column.codes) {
      if (code < 0) missing++;
      else counts[code]++;
    }
    const observed = column.levels.filter((_, i) => counts[i] > 0);
    const levels = options.compactBinary && observed.length === 2 ? observed.slice(1) : observed;
    return { name, kind: 'code', levels, missingIndicator: missing > 0 };
  });
  const names: string[] = [];
  for (const e of encodings) {
    if (e.kind === 'number') names.push(e.name);
    else for (const level of e.levels) names.push(`${e.name}=${level}`);
    if (e.missingIndicator) names.push(`${e.name}:missing`);
  }
  return { columns: encodings, names };
}

function fitNumber(name: string, values: Float64Array): NumberEncoding {
  let count = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    if (!Number.isFinite(v)) throw new DataError({ column: name, row: i + 1 }, `value ${v} is not finite`);
    count++;
    sum += v;
  }
  const mean = count > 0 ? sum / count : 0;
  let squares = 0;
  for (const v of values) if (!Number.isNaN(v)) squares += (v - mean) ** 2;
  const sd = count > 0 ? Math.sqrt(squares / count) : 0;
  return { name, kind: 'number', mean, sd: sd > 0 ? sd : 1, missingIndicator: count < values.length };
}

function writeNumber(
  table: Table,
  e: NumberEncoding,
  matrix: Float64Array,
  n: number,
  p: number,
  offset: number,
): number {
  const column = table.column(e.name);
  if (column.type !== 'number') throw new DataError({ column: e.name }, 'expected numbers, found categories');
  const values = column.values;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const missing = Number.isNaN(v);
    if (!missing && !Number.isFinite(v))
      throw new DataError({ column: e.name, row: i + 1 }, `value ${v} is not finite`);
    matrix[i * p + offset] = missing ? 0 : (v - e.mean) / e.sd;
    if (e.missingIndicator) matrix[i * p + offset + 1] = missing ? 1 : 0;
  }
  return offset + 1 + (e.missingIndicator ? 1 : 0);
}

function writeCodes(
  table: Table,
  e: CodeEncoding,
  matrix: Float64Array,
  n: number,
  p: number,
  offset: number,
): number {
  const column = table.column(e.name);
  if (column.type !== 'code') throw new DataError({ column: e.name }, 'expected categories, found numbers');
  const position = new Map(e.levels.map((level, i) => [level, i]));
  const slot = Int32Array.from(column.levels, (level) => position.get(level) ?? -1);
  const width = e.levels.length;
  for (let i = 0; i < n; i++) {
    const code = column.codes[i];
    if (code >= 0) {
      const s = slot[code];
      if (s >= 0) matrix[i * p + offset + s] = 1;
    } else if (e.missingIndicator) {
      matrix[i * p + offset + width] = 1;
    }
  }
  return offset + width + (e.missingIndicator ? 1 : 0);
}

function checkSameColumns(state: EncoderState, columns: readonly string[]): void {
  const fitted = state.columns.map((c) => c.name);
  if (fitted.length !== columns.length || fitted.some((name, i) => name !== columns[i]))
    throw new RangeError(
      `encodeFeatures: the reference encodes [${fitted.join(', ')}], not [${columns.join(', ')}]`,
    );
}
