/**
 * Where import reads CDM rows from: a database (SQL that selects only the mapping's concepts) or a
 * CSV folder (the same filter in memory). Import's logic is written once against this.
 */
import type { CdmDatabase } from './database.js';
import type { CdmTableName } from './ddl.js';
import { readCdmTable } from './folder.js';
import { type CdmRow, EVENT_TABLES } from './rows.js';
import { selectRows } from './store.js';

const EVENT_COLUMNS = [
  'person_id',
  ...new Set(Object.values(EVENT_TABLES).flatMap((shape) => Object.values(shape) as string[])),
  'value_as_number',
  'value_as_concept_id',
  'unit_concept_id',
];

export interface CdmSource {
  /** Rows of `table`; with `filter`, only those whose `column` is one of `values`. */
  read(table: CdmTableName, filter?: { column: string; values: readonly number[] }): Promise<CdmRow[]>;
}

export function databaseSource(db: CdmDatabase): CdmSource {
  return {
    async read(table, filter) {
      if (!filter) return selectRows(db, db.schema, table);
      // Filtered reads are import's event rows: the columns it reads, not the other twenty.
      return selectRows(
        db,
        db.schema,
        table,
        `${filter.column} = ANY($1::int[])`,
        [[...filter.values]],
        EVENT_COLUMNS,
      );
    },
  };
}

export function folderSource(dir: string): CdmSource {
  return {
    async read(table, filter) {
      const rows = readCdmTable(dir, table);
      if (!filter) return rows;
      const keep = new Set(filter.values);
      return rows.filter((row) => keep.has(row[filter.column] as number));
    },
  };
}

/** In-memory rows as a source (tests, and checking an export before it is written). */
export function rowsSource(rows: Partial<Record<CdmTableName, CdmRow[]>>): CdmSource {
  return {
    async read(table, filter) {
      const list = rows[table] ?? [];
      if (!filter) return list;
      const keep = new Set(filter.values);
      return list.filter((row) => keep.has(row[filter.column] as number));
    },
  };
}
