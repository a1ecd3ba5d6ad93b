/**
 * Parquet files through hyparquet (read) and hyparquet-writer (write), both MIT and pure JS.
 * Kinds map to Parquet types: numeric → DOUBLE; integer → INT32 when every value fits, else
 * DOUBLE (exact either way); date → INT32 with the DATE annotation (days since 1970-01-01, the
 * Table's own unit); categorical → UTF8 strings (the writer dictionary-encodes them when that
 * pays); boolean → BOOLEAN. Missing values are Parquet nulls. The schema travels in the file's
 * key-value metadata, so a table read back without a schema gets its labels and roles back.
 */
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, type SchemaElement } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { writeFileAtomic } from '../core/atomic-write.js';
import { DataError, SchemaError } from '../core/errors.js';
import { TextCodes } from './csv/growable.js';
import type { RawKind, RawTable } from './raw-table.js';
import { parseSchema, type Schema } from './schema.js';
import { type Column, codeColumn, numberColumn, Table } from './table.js';

const SCHEMA_METADATA_KEY = 'synthcohort.schema';

export interface ParquetContents {
  raw: RawTable;
  /** The schema stored in the file's metadata by `writeParquet`, if any. */
  schema?: Schema;
}

type Sink = { kind: RawKind; values?: Float64Array; text?: TextCodes };

export async function readParquetRaw(path: string, file = path): Promise<ParquetContents> {
  const buffer = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(buffer).catch((error: Error) => {
    throw new DataError({ file }, `not a readable Parquet file (${error.message})`);
  });
  const nRows = Number(metadata.num_rows);
  const elements = metadata.schema.slice(1);
  const sinks = new Map(elements.map((element) => [element.name, sinkFor(element, nRows, file)] as const));
  await parquetRead({
    file: buffer,
    metadata,
    utf8: true,
    parsers: { dateFromDays: (days: number) => days },
    onChunk: ({ columnName, columnData, rowStart }) =>
      fillSink(sinks.get(columnName)!, columnData, rowStart, nRows),
  });
  const columns = elements.map(({ name }) => [name, finishSink(sinks.get(name)!, nRows)] as const);
  const kinds = new Map(elements.map(({ name }) => [name, sinks.get(name)!.kind] as const));
  const stored = metadata.key_value_metadata?.find((kv) => kv.key === SCHEMA_METADATA_KEY)?.value;
  return { raw: { table: new Table(columns), kinds, file }, schema: storedSchema(stored, file) };
}

function storedSchema(stored: string | undefined, file: string): Schema | undefined {
  if (stored === undefined) return undefined;
  try {
    return parseSchema(JSON.parse(stored), file);
  } catch (error) {
    if (error instanceof SchemaError) throw error;
    throw new SchemaError(
      { file },
      `the schema in the file's metadata is not valid JSON (${(error as Error).message})`,
    );
  }
}

/** Where a column's values go, by its Parquet type; nested and exotic types are refused. */
function sinkFor(element: SchemaElement, nRows: number, file: string): Sink {
  const { type, converted_type: converted, logical_type: logical } = element;
  const unsupported = () =>
    new DataError(
      { file, column: element.name },
      `unsupported Parquet type ${logical?.type ?? converted ?? type ?? 'group'}; expected numbers, dates, text or booleans`,
    );
  if (element.num_children) throw unsupported();
  if (type === 'BOOLEAN' || type === 'BYTE_ARRAY') {
    if (type === 'BYTE_ARRAY' && converted && converted !== 'UTF8' && converted !== 'ENUM')
      throw unsupported();
    return { kind: 'text', text: new TextCodes(nRows) };
  }
  const isDate = converted === 'DATE' || logical?.type === 'DATE';
  const numeric = type === 'INT32' || type === 'INT64' || type === 'FLOAT' || type === 'DOUBLE';
  const plain =
    !converted || converted === 'DECIMAL' || converted.startsWith('INT_') || converted.startsWith('UINT_');
  if (!numeric || (!isDate && !plain)) throw unsupported();
  return { kind: isDate ? 'date' : 'number', values: new Float64Array(nRows).fill(Number.NaN) };
}

function fillSink(sink: Sink, data: ArrayLike<unknown>, rowStart: number, nRows: number): void {
  const end = Math.min(data.length, nRows - rowStart);
  for (let i = 0; i < end; i++) {
    const v = data[i];
    if (sink.text) sink.text.set(rowStart + i, v === null || v === undefined ? undefined : String(v));
    else if (v !== null && v !== undefined) sink.values![rowStart + i] = Number(v);
  }
}

function finishSink(sink: Sink, nRows: number): Column {
  if (sink.text) {
    const present = sink.text.codes.subarray(0, nRows).some((code) => code >= 0);
    if (!present) sink.kind = 'empty';
    return codeColumn(sink.text.codes.subarray(0, nRows), sink.text.levels);
  }
  if (sink.values!.every(Number.isNaN)) sink.kind = 'empty';
  return numberColumn(sink.values!);
}

interface ParquetColumn {
  element: SchemaElement;
  data: unknown[];
}

/** The Parquet bytes of a table; the same table and schema always give the same bytes. */
export function parquetBytes(table: Table, schema: Schema): Uint8Array {
  const kinds = new Map(schema.columns.map((c) => [c.name, c.kind]));
  const columns = table.columns().map(([name, column]) => parquetColumn(name, column, kinds.get(name)));
  const buffer = parquetWriteBuffer({
    columnData: columns.map(({ element, data }) => ({ name: element.name, data })),
    schema: [{ name: 'root', num_children: columns.length }, ...columns.map((c) => c.element)],
    kvMetadata: [{ key: SCHEMA_METADATA_KEY, value: JSON.stringify(schema) }],
    createdBy: 'synthcohort',
  });
  return new Uint8Array(buffer);
}

function parquetColumn(name: string, column: Column, kind: string | undefined): ParquetColumn {
  const optional = { name, repetition_type: 'OPTIONAL' } as const;
  if (column.type === 'code') {
    const { codes, levels } = column;
    if (kind === 'boolean')
      return {
        element: { ...optional, type: 'BOOLEAN' },
        data: Array.from(codes, (c) => (c < 0 ? null : c === 1)),
      };
    return {
      element: { ...optional, type: 'BYTE_ARRAY', converted_type: 'UTF8' },
      data: Array.from(codes, (c) => (c < 0 ? null : levels[c])),
    };
  }
  const { values } = column;
  const data = Array.from(values, (v) => (Number.isNaN(v) ? null : v));
  const whole = values.every(
    (v) => Number.isNaN(v) || (Number.isInteger(v) && !Object.is(v, -0) && Math.abs(v) <= 2147483647),
  );
  if (kind === 'date' && whole)
    return { element: { ...optional, type: 'INT32', converted_type: 'DATE' }, data };
  if (kind === 'integer' && whole) return { element: { ...optional, type: 'INT32' }, data };
  return { element: { ...optional, type: 'DOUBLE' }, data };
}

export function writeParquet(path: string, table: Table, schema: Schema): void {
  writeFileAtomic(path, parquetBytes(table, schema));
}
