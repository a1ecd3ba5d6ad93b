/**
 * Turns a raw table (numbers, dates, text as a file held them) into the Table a schema describes,
 * checking every value against it: kind, categories, bounds and missingness. Used after schema
 * inference and when reading Parquet, whose typed columns need the same checks as CSV cells.
 */
import { DataError, SchemaError } from '../core/errors.js';
import { booleanWord, defaultBooleanLevels } from './boolean-words.js';
import { daysFromIso, isoFromDays } from './dates.js';
import type { RawKind, RawTable } from './raw-table.js';
import type { ColumnSpec, Schema } from './schema.js';
import { type CodeColumn, type Column, codeColumn, numberColumn, Table } from './table.js';

export function conformTable(raw: RawTable, schema: Schema): Table {
  const { table, file } = raw;
  const declared = new Set(schema.columns.map((spec) => spec.name));
  const extra = table.names.find((name) => !declared.has(name));
  if (extra !== undefined)
    throw new SchemaError(
      { file, column: extra },
      'the file has a column the schema does not declare; add it to the schema or drop it from the file',
    );
  const columns = schema.columns.map((spec) => {
    if (!table.has(spec.name))
      throw new SchemaError(
        { file, column: spec.name },
        'the schema declares this column but the file has no such column',
      );
    const column = conformColumn(spec, table.column(spec.name), raw.kinds.get(spec.name) ?? 'empty', file);
    checkMissing(spec, column, file);
    return [spec.name, column] as const;
  });
  return new Table(columns);
}

function conformColumn(spec: ColumnSpec, column: Column, raw: RawKind, file: string | undefined): Column {
  const fail = (row: number, message: string) =>
    new DataError({ file, row: row + 1, column: spec.name }, message);
  if (spec.kind === 'categorical') return toCategories(spec, asCodes(column, raw), fail);
  if (spec.kind === 'boolean') return toBoolean(spec, asCodes(column, raw), fail);
  const values = asNumbers(spec, column, raw, fail);
  checkBounds(spec, values, fail);
  return numberColumn(values);
}

type Fail = (row: number, message: string) => DataError;

/** Text of every value: numbers as `String(x)` (exact for integers), dates as ISO. */
function asCodes(column: Column, raw: RawKind): CodeColumn {
  if (column.type === 'code') return column;
  const index = new Map<number, number>();
  const levels: string[] = [];
  const codes = new Int32Array(column.values.length);
  column.values.forEach((v, i) => {
    let code = Number.isNaN(v) ? -1 : index.get(v);
    if (code === undefined) {
      code = levels.push(raw === 'date' ? isoFromDays(v) : String(v)) - 1;
      index.set(v, code);
    }
    codes[i] = code;
  });
  return codeColumn(codes, levels);
}

/** Codes mapped level by level; a level the mapping rejects fails at the first row using it. */
function remap(
  column: CodeColumn,
  mapping: (level: string) => number,
  fail: Fail,
  why: (level: string) => string,
): Int32Array {
  const table = column.levels.map(mapping);
  const codes = new Int32Array(column.codes.length);
  column.codes.forEach((code, i) => {
    if (code >= 0 && table[code] < 0) throw fail(i, why(column.levels[code]));
    codes[i] = code < 0 ? -1 : table[code];
  });
  return codes;
}

function toCategories(spec: ColumnSpec, column: CodeColumn, fail: Fail): Column {
  if (!spec.categories) return column;
  const index = new Map(spec.categories.map((c, i) => [c, i]));
  const codes = remap(
    column,
    (level) => index.get(level) ?? -1,
    fail,
    (level) => `'${level}' is not one of the categories ${spec.categories!.join(', ')}`,
  );
  return codeColumn(codes, spec.categories);
}

function toBoolean(spec: ColumnSpec, column: CodeColumn, fail: Fail): Column {
  const expected = spec.categories
    ? `${spec.categories[0]} or ${spec.categories[1]}`
    : '0/1, no/yes or false/true';
  const codes = remap(
    column,
    (level) => booleanWord(level, spec.categories),
    fail,
    (level) => `'${level}' is not a boolean; expected ${expected}`,
  );
  const seen: [string | undefined, string | undefined] = [undefined, undefined];
  column.levels.forEach((level) => {
    const truth = booleanWord(level, spec.categories);
    if (truth >= 0) seen[truth] ??= level;
  });
  return codeColumn(codes, spec.categories ?? defaultBooleanLevels(seen));
}

/** numeric, integer and date values as a Float64Array; text is parsed (as a CSV cell would be). */
function asNumbers(spec: ColumnSpec, column: Column, raw: RawKind, fail: Fail): Float64Array {
  const isDate = spec.kind === 'date';
  if (column.type === 'number') {
    const fits = raw === 'empty' || (raw === 'date') === isDate;
    if (!fits)
      throw fail(
        firstPresent(column.values),
        `holds ${raw === 'date' ? 'dates' : 'numbers'}, but the schema says ${spec.kind}`,
      );
    if (spec.kind === 'integer') {
      const row = column.values.findIndex((v) => !Number.isNaN(v) && !Number.isInteger(v));
      if (row >= 0) throw fail(row, `${column.values[row]} is not a whole number; expected an integer`);
    }
    return column.values;
  }
  const parse = (level: string) =>
    isDate ? daysFromIso(level.trim()) : level.trim() === '' ? Number.NaN : Number(level);
  const parsed = column.levels.map(parse);
  return Float64Array.from(column.codes, (code, i) => {
    if (code < 0) return Number.NaN;
    const value = parsed[code];
    if (Number.isNaN(value))
      throw fail(
        i,
        `'${column.levels[code]}' is not ${isDate ? 'a date; expected YYYY-MM-DD' : `a number; expected ${spec.kind === 'integer' ? 'an integer' : 'a number'}`}`,
      );
    if (spec.kind === 'integer' && !Number.isInteger(value))
      throw fail(i, `'${column.levels[code]}' is not a whole number; expected an integer`);
    return value;
  });
}

function firstPresent(values: Float64Array): number {
  return Math.max(
    0,
    values.findIndex((v) => !Number.isNaN(v)),
  );
}

function checkBounds(spec: ColumnSpec, values: Float64Array, fail: Fail): void {
  const toNumber = (b: number | string | undefined, none: number) =>
    b === undefined ? none : typeof b === 'number' ? b : daysFromIso(b);
  const min = toNumber(spec.min, Number.NEGATIVE_INFINITY);
  const max = toNumber(spec.max, Number.POSITIVE_INFINITY);
  if (min === Number.NEGATIVE_INFINITY && max === Number.POSITIVE_INFINITY) return;
  const row = values.findIndex((v) => v < min || v > max);
  if (row < 0) return;
  const show = (v: number) => (spec.kind === 'date' ? isoFromDays(v) : String(v));
  throw fail(
    row,
    `${show(values[row])} is outside the schema's bounds [${spec.min ?? ''}, ${spec.max ?? ''}]`,
  );
}

function checkMissing(spec: ColumnSpec, column: Column, file: string | undefined): void {
  if (spec.nullable) return;
  const row = column.type === 'number' ? column.values.findIndex(Number.isNaN) : column.codes.indexOf(-1);
  if (row >= 0)
    throw new DataError(
      { file, row: row + 1, column: spec.name },
      'the value is missing, but the schema says nullable: false',
    );
}
