/**
 * A table as a file holds it, before a schema gives it meaning: numbers, dates (as day numbers),
 * text (as codes) or nothing at all. Schema inference reads it; `conformTable` turns it into the
 * Table a schema describes. The CSV reader without a schema and the Parquet reader produce it.
 */
import type { Table } from './table.js';

/** What the reader could tell about a column: `empty` means every value was missing. */
export type RawKind = 'number' | 'date' | 'text' | 'empty';

export interface RawTable {
  readonly table: Table;
  readonly kinds: ReadonlyMap<string, RawKind>;
  /** The file name shown in messages. */
  readonly file?: string;
}
