/**
 * Writing a Table as CSV: `\n` line ends, `,` between fields, missing values as empty fields,
 * numbers as the shortest text that reads back to the same double (`String(x)`), integers without
 * decimals, dates as ISO `YYYY-MM-DD`, categories and booleans as their labels (with a `'` before
 * text a spreadsheet would run as a formula, see formula.ts). The same table
 * always gives the same bytes. Files are written in chunks to a temporary file renamed on success,
 * so a big table never sits in memory as one string and a failed write leaves no partial file.
 */
import { AtomicFileWriter } from '../../core/atomic-write.js';
import { isoFromDays } from '../dates.js';
import type { Schema } from '../schema.js';
import type { Column, Table } from '../table.js';
import { spreadsheetSafe } from './formula.js';

export interface CsvWriteOptions {
  /** Default `,`. */
  delimiter?: string;
  /** Rows per chunk of output text. */
  chunkRows?: number;
}

const MISSING_WORD = /^(?:na|nan|null)$/i;

/**
 * Quotes a field when reading it back would otherwise change it, and when it holds any of the
 * delimiters a reader might detect (`,` `;` tab), so that detection never sees one outside quotes.
 */
export function quoteField(text: string, delimiter: string): string {
  const risky =
    text.includes(delimiter) || /[,;\t"\r\n]/.test(text) || /^ | $/.test(text) || MISSING_WORD.test(text);
  return risky ? `"${text.replaceAll('"', '""')}"` : text;
}

/** `String(x)` is the shortest round-trip form; only -0 needs help to survive. */
export function numberText(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

type CellFormatter = (row: number) => string;

function formatterFor(column: Column, isDate: boolean, delimiter: string, lone: boolean): CellFormatter {
  // In a one-column file an empty field would be a blank line, which readers skip; `""` is not.
  const missing = lone ? '""' : '';
  if (column.type === 'code') {
    const labels = column.levels.map((level) => quoteField(spreadsheetSafe(level), delimiter));
    return (row) => {
      const code = column.codes[row];
      return code < 0 ? missing : labels[code];
    };
  }
  const { values } = column;
  const text = isDate ? isoFromDays : numberText;
  return (row) => (Number.isNaN(values[row]) ? missing : text(values[row]));
}

/** The CSV text of a table, header first, in chunks of whole lines. */
export function* csvChunks(table: Table, schema?: Schema, options: CsvWriteOptions = {}): Generator<string> {
  const delimiter = options.delimiter ?? ',';
  const chunkRows = options.chunkRows ?? 8192;
  const dates = new Set(schema?.columns.filter((c) => c.kind === 'date').map((c) => c.name));
  const formatters = table
    .columns()
    .map(([name, column]) => formatterFor(column, dates.has(name), delimiter, table.nColumns === 1));
  yield `${table.names.map((name) => quoteField(name, delimiter)).join(delimiter)}\n`;
  for (let start = 0; start < table.nRows; start += chunkRows) {
    const lines: string[] = [];
    const end = Math.min(start + chunkRows, table.nRows);
    for (let row = start; row < end; row++) {
      let line = formatters[0](row);
      for (let c = 1; c < formatters.length; c++) line += delimiter + formatters[c](row);
      lines.push(line);
    }
    yield `${lines.join('\n')}\n`;
  }
}

export function formatCsv(table: Table, schema?: Schema, options?: CsvWriteOptions): string {
  return [...csvChunks(table, schema, options)].join('');
}

export function writeCsv(path: string, table: Table, schema?: Schema, options?: CsvWriteOptions): void {
  writeChunksAtomic(path, csvChunks(table, schema, options));
}

/** Like `writeFileAtomic`, but for output produced piece by piece. */
function writeChunksAtomic(path: string, chunks: Iterable<string | Uint8Array>): void {
  const writer = new AtomicFileWriter(path);
  try {
    for (const chunk of chunks) writer.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    writer.commit();
  } catch (error) {
    writer.abort();
    throw error;
  }
}
