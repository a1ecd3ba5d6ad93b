/**
 * Reading a CSV file into a Table: with a schema (each column parsed as its declared kind and
 * checked), or without one (a raw table whose kinds schema inference then decides).
 *
 * Why a hand-written byte scanner and not a CSV library: a library hands out a JS string per cell
 * (50 million strings for a 1M × 50 file), which is where the time and the garbage go; scanning
 * bytes lets numbers and dates be parsed in place and only text cells become strings.
 */
import { statSync } from 'node:fs';
import { DataError, SchemaError, UsageError } from '../../core/errors.js';
import type { RawKind, RawTable } from '../raw-table.js';
import type { ColumnSpec, Schema } from '../schema.js';
import { type Column, Table } from '../table.js';
import { AdaptiveBuilder, TextBuilder } from './adaptive-builder.js';
import type { ColumnBuilder, ParseSettings } from './builder.js';
import { textOf } from './builder.js';
import { consistentDelimiter, DELIMITERS, type Delimiter, detectDelimiter, readHead } from './delimiter.js';
import { refuseNearlyNumeric } from './nearly-numeric.js';
import { ProblemLog } from './problems.js';
import { CsvScanner } from './scanner.js';
import { typedBuilder } from './typed-builders.js';

export interface CsvReadOptions {
  /** `,` `;` or tab (or any other single ASCII character); detected from the first lines when not given. */
  delimiter?: string;
  decimalComma?: boolean;
  dayFirst?: boolean;
  /** The name messages show for the file (default: the path). */
  file?: string;
  /** Bytes read at a time (tests use tiny chunks to reach the chunk-boundary code). */
  chunkBytes?: number;
}

/** Rows read before the file's row count is estimated from its size. */
const SAMPLE_ROWS = 1000;

/** A scan of a file whose header has been read. */
export interface Pass {
  scanner: CsvScanner;
  names: string[];
  file: string;
  /** A hint for messages when the caller chose a delimiter the file does not seem to use. */
  delimiterDoubt?: (header?: string) => string | undefined;
}

/** Opens `path` and reads its header (the delimiter detected unless given); close the scanner after. */
export function openPass(path: string, options: CsvReadOptions): Pass {
  const file = options.file ?? path;
  const delimiter = delimiterByte(options.delimiter ?? detectDelimiter(readHead(path)));
  const given = options.delimiter;
  const delimiterDoubt =
    given === undefined ? undefined : (header?: string) => doubtAbout(given, readHead(path), header);
  let names: string[] = [];
  const scanner = new CsvScanner(path, {
    file,
    delimiter,
    chunkBytes: options.chunkBytes,
    columnName: (i) => names[i] ?? `#${i + 1}`,
  });
  try {
    const header = scanner.next();
    if (!header)
      throw new DataError({ file }, 'the file is empty; expected a header line naming the columns');
    names = headerNames(header, file);
    // One-column files exist: only an unquoted header that another delimiter splits is doubted.
    const doubt = names.length === 1 && header.quoted[0] === 0 ? delimiterDoubt?.(names[0]) : undefined;
    if (doubt) throw new DataError({ file }, `the header is a single column, '${names[0]}'; ${doubt}`);
  } catch (error) {
    scanner.close();
    throw error;
  }
  return { scanner, names, file, delimiterDoubt };
}

function delimiterName(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : `'${delimiter}'`;
}

/**
 * Says the given delimiter seems wrong when another one splits the header (which must hold it,
 * when given) and every line after it into the same number of fields.
 */
function doubtAbout(given: string, head: Uint8Array, header?: string): string | undefined {
  const detected = consistentDelimiter(head);
  if (detected === undefined || detected === given || (header !== undefined && !header.includes(detected)))
    return undefined;
  return `the delimiter ${delimiterName(given)} seems wrong: the file seems to use ${delimiterName(detected)}`;
}

function delimiterByte(delimiter: string): number {
  if (delimiter in DELIMITERS) return DELIMITERS[delimiter as Delimiter];
  const byte = delimiter.charCodeAt(0);
  if (delimiter.length !== 1 || byte >= 0x80 || byte === 0x22 || byte === 0x0a || byte === 0x0d)
    throw new UsageError(
      `the delimiter must be one ASCII character such as ',' ';' or tab, not ${JSON.stringify(delimiter)}`,
    );
  return byte;
}

function headerNames(header: NonNullable<ReturnType<CsvScanner['next']>>, file: string): string[] {
  const names: string[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < header.count; i++) {
    const name = textOf(header, i);
    if (name === '')
      throw new DataError({ file, row: 0, column: `#${i + 1}` }, 'the header has an empty column name');
    const before = seen.get(name);
    if (before !== undefined)
      throw new DataError(
        { file, row: 0, column: name },
        `the header names this column twice (columns ${before + 1} and ${i + 1})`,
      );
    seen.set(name, i);
    names.push(name);
  }
  return names;
}

/**
 * Feeds every data row to the builders (null entries skip a column); returns the row count.
 * After SAMPLE_ROWS rows the builders reserve room for the whole file, estimated from its size.
 */
function fillBuilders(pass: Pass, builders: Array<ColumnBuilder | null>, fileBytes: number): number {
  const { scanner, names, file } = pass;
  let rows = 0;
  for (let record = scanner.next(); record; record = scanner.next()) {
    if (record.count !== names.length) {
      const doubt = pass.delimiterDoubt?.();
      throw new DataError(
        { file, row: scanner.row },
        `has ${record.count} field${record.count === 1 ? '' : 's'}, expected ${names.length} as in the header${doubt ? `; ${doubt}` : ''}`,
      );
    }
    for (let c = 0; c < builders.length; c++) builders[c]?.push(record, c, rows);
    rows++;
    if (rows === SAMPLE_ROWS) {
      const estimate = Math.ceil((fileBytes / scanner.offset) * SAMPLE_ROWS * 1.02) + 16;
      for (const builder of builders) builder?.reserve(estimate);
    }
  }
  if (rows === 0) throw new DataError({ file }, 'the file has a header but no data rows');
  return rows;
}

function settingsOf(options: CsvReadOptions): ParseSettings {
  return { decimalComma: options.decimalComma ?? false, dayFirst: options.dayFirst ?? false };
}

/** Reads a CSV file as its schema declares it; the Table's columns are in schema order. */
export function readCsvWithSchema(path: string, schema: Schema, options: CsvReadOptions = {}): Table {
  const pass = openPass(path, options);
  try {
    const specs = matchColumns(pass.names, schema, pass.file);
    const log = new ProblemLog(pass.file);
    const builders = specs.map((spec) => typedBuilder(spec, log, settingsOf(options)));
    const rows = fillBuilders(pass, builders, statSync(path).size);
    log.throwIfAny();
    const byName = new Map(specs.map((spec, c) => [spec.name, builders[c].finish(rows)]));
    return new Table(schema.columns.map((spec) => [spec.name, byName.get(spec.name)!] as const));
  } finally {
    pass.scanner.close();
  }
}

/** The schema's column for each file column; the two must name the same set of columns. */
function matchColumns(names: readonly string[], schema: Schema, file: string): ColumnSpec[] {
  const byName = new Map(schema.columns.map((spec) => [spec.name, spec]));
  const specs = names.map((name) => {
    const spec = byName.get(name);
    if (!spec)
      throw new SchemaError(
        { file, column: name },
        'the file has a column the schema does not declare; add it to the schema or drop it from the file',
      );
    return spec;
  });
  const inFile = new Set(names);
  const absent = schema.columns.find((spec) => !inFile.has(spec.name));
  if (absent)
    throw new SchemaError(
      { file, column: absent.name },
      'the schema declares this column but the file has no such column',
    );
  return specs;
}

/** Reads a CSV file without a schema: numbers, dates and text as found, for inference. */
export function readCsvRaw(path: string, options: CsvReadOptions = {}): RawTable {
  const settings = settingsOf(options);
  const fileBytes = statSync(path).size;
  const pass = openPass(path, options);
  let builders: AdaptiveBuilder[];
  let rows: number;
  try {
    builders = pass.names.map(() => new AdaptiveBuilder(settings));
    rows = fillBuilders(pass, builders, fileBytes);
  } finally {
    pass.scanner.close();
  }
  const columns: Array<Column | undefined> = builders.map((b) =>
    b.state === 'deferred' ? undefined : b.finish(rows),
  );
  const kinds = new Map<string, RawKind>(pass.names.map((name, c) => [name, rawKind(builders[c].state)]));
  if (columns.includes(undefined)) readDeferred(path, options, columns, fileBytes);
  columns.forEach((column, c) => {
    if (column?.type === 'code')
      refuseNearlyNumeric(column, { file: pass.file, column: pass.names[c] }, settings);
  });
  const table = new Table(pass.names.map((name, c) => [name, columns[c]!] as const));
  return { table, kinds, file: pass.file };
}

function rawKind(state: AdaptiveBuilder['state']): RawKind {
  return state === 'deferred' ? 'text' : state;
}

/** The second pass: the columns that mixed numbers or dates with text, read again as text. */
function readDeferred(
  path: string,
  options: CsvReadOptions,
  columns: Array<Column | undefined>,
  fileBytes: number,
): void {
  const pass = openPass(path, options);
  try {
    const builders = columns.map((column) => (column ? null : new TextBuilder()));
    const rows = fillBuilders(pass, builders, fileBytes);
    builders.forEach((builder, c) => {
      if (builder) columns[c] = builder.finish(rows);
    });
  } finally {
    pass.scanner.close();
  }
}
