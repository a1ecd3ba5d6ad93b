/**
 * One entry point for tables on disk: the format follows the file's extension (`.csv`, `.tsv`,
 * `.txt` → CSV; `.parquet` → Parquet). With a schema, values are read and checked as it declares;
 * without one, the schema is inferred (or, for Parquet written by synthcohort, read from the file).
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { SchemaError, UsageError } from '../core/errors.js';
import { conformTable } from './conform.js';
import { readCsvRaw, readCsvWithSchema } from './csv/read.js';
import { writeCsv } from './csv/write.js';
import { inferSchema } from './infer-schema.js';
import { readParquetRaw, writeParquet } from './parquet.js';
import { parseSchema, type Schema } from './schema.js';
import type { Table } from './table.js';

export interface ReadOptions {
  /** Read and check the data as this schema declares; without it the schema is inferred. */
  schema?: Schema;
  /** CSV only: `,` `;` or tab; detected when not given. */
  delimiter?: string;
  /** CSV only: `3,5` is 3.5. */
  decimalComma?: boolean;
  /** CSV only: accept `DD/MM/YYYY` and `DD.MM.YYYY` dates. */
  dayFirst?: boolean;
  /** Without a schema: infer rules every row obeys (default true). */
  rules?: boolean;
}

export interface ReadResult {
  table: Table;
  schema: Schema;
  /** What inference guessed, one line per column (empty when a schema was given). */
  notes: string[];
  /** Inference's warnings: constant columns, text with very many levels. */
  warnings: string[];
}

type Format = 'csv' | 'parquet';

const FORMATS: Record<string, Format> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.txt': 'csv',
  '.parquet': 'parquet',
};

export function formatOf(path: string): Format {
  const format = FORMATS[extname(path).toLowerCase()];
  if (!format)
    throw new UsageError(
      `${path}: unknown file type '${extname(path)}'; expected .csv, .tsv, .txt or .parquet`,
    );
  return format;
}

export async function readTable(path: string, options: ReadOptions = {}): Promise<ReadResult> {
  if (formatOf(path) === 'parquet') return readParquetTable(path, options);
  const csv = {
    delimiter: options.delimiter ?? (extname(path).toLowerCase() === '.tsv' ? '\t' : undefined),
    decimalComma: options.decimalComma,
    dayFirst: options.dayFirst,
  };
  if (options.schema)
    return {
      table: readCsvWithSchema(path, options.schema, csv),
      schema: options.schema,
      notes: [],
      warnings: [],
    };
  const raw = readCsvRaw(path, csv);
  const { schema, notes, warnings } = inferSchema(raw, { rules: options.rules });
  return { table: conformTable(raw, schema), schema, notes, warnings };
}

async function readParquetTable(path: string, options: ReadOptions): Promise<ReadResult> {
  const given = options.schema;
  const { raw, schema: stored } = await readParquetRaw(path);
  if (given) return { table: conformTable(raw, given), schema: given, notes: [], warnings: [] };
  if (stored)
    return {
      table: conformTable(raw, stored),
      schema: stored,
      notes: [`${path}: schema read from the file's metadata`],
      warnings: [],
    };
  const { schema, notes, warnings } = inferSchema(raw, { rules: options.rules });
  return { table: conformTable(raw, schema), schema, notes, warnings };
}

/** Writes a table in the format its path names, atomically (temporary file, then rename). */
export async function writeTable(path: string, table: Table, schema: Schema): Promise<void> {
  if (formatOf(path) === 'parquet') writeParquet(path, table, schema);
  else writeCsv(path, table, schema, { delimiter: extname(path).toLowerCase() === '.tsv' ? '\t' : ',' });
}

/** A schema JSON file, parsed and checked; every problem names the file (and the column). */
export function readSchemaFile(path: string): Schema {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SchemaError(
      { file: path },
      `cannot read the schema file (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(withoutByteOrderMark(text));
  } catch (error) {
    // JSON.parse quotes the text around the mistake, raw: keep the message on one line.
    const reason = Array.from((error as Error).message, (c) => (c < ' ' || c === '\u007f' ? ' ' : c)).join(
      '',
    );
    throw new SchemaError({ file: path }, `not valid JSON: ${reason}`);
  }
  return parseSchema(json, path);
}

/** Editors on Windows save JSON with a UTF-8 byte order mark, which JSON.parse refuses. */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
