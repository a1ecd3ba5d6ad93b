/** The contract between the CSV reader and the per-column builders that fill typed arrays. */
import type { Column } from '../table.js';
import type { CsvRecord } from './scanner.js';
import { fieldText, isMissingMarker } from './values.js';

export interface ParseSettings {
  /** `3,5` means 3.5 (continental European exports, usually with `;` between fields). */
  decimalComma: boolean;
  /** Accept day-first `DD/MM/YYYY` and `DD.MM.YYYY` dates besides ISO. */
  dayFirst: boolean;
}

export interface ColumnBuilder {
  /** Takes field `field` of `record` as the value of data row `row` (0-based). */
  push(record: CsvRecord, field: number, row: number): void;
  /** Makes room for `capacity` rows, once the reader has estimated the file's length. */
  reserve(capacity: number): void;
  finish(nRows: number): Column;
}

/** Empty, or an unquoted missing marker: a quoted `"NA"` is text, so any label can be written. */
export function isMissingField(record: CsvRecord, field: number): boolean {
  const start = record.starts[field];
  const end = record.ends[field];
  return start === end || (record.quoted[field] === 0 && isMissingMarker(record.bytes, start, end));
}

export function textOf(record: CsvRecord, field: number): string {
  return fieldText(record.bytes, record.starts[field], record.ends[field], record.ascii);
}
