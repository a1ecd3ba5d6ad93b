/**
 * A table of the cells' text, before any typing: harmonisation must see `3,5`, `31/01/2024` and
 * `Male ` as the centre wrote them, which a typed read has already parsed or refused. Every column
 * is a code column whose levels are the distinct texts (missing markers — empty, NA, NaN, null —
 * are code -1, as the CSV reader has them), read with the CSV reader's own scanner and text
 * builder, so delimiter detection, quoting and byte order marks work as everywhere else.
 */
import { DataError } from '../../core/errors.js';
import { TextBuilder } from '../../data/csv/adaptive-builder.js';
import { type CsvReadOptions, openPass } from '../../data/csv/read.js';
import { isoFromDays } from '../../data/dates.js';
import type { Schema } from '../../data/schema.js';
import { type CodeColumn, codeColumn, Table } from '../../data/table.js';

/** A Table whose every column is a code column of cell texts. */
export type TextTable = Table;

/** Reads a CSV file's cells as text, one code column per file column, in file order. */
export function readTextTable(
  path: string,
  options: Pick<CsvReadOptions, 'delimiter' | 'file'> = {},
): TextTable {
  const pass = openPass(path, options);
  try {
    const builders = pass.names.map(() => new TextBuilder());
    let rows = 0;
    for (let record = pass.scanner.next(); record; record = pass.scanner.next()) {
      if (record.count !== pass.names.length)
        throw new DataError(
          { file: pass.file, row: pass.scanner.row },
          `has ${record.count} fields, expected ${pass.names.length} as in the header`,
        );
      for (let c = 0; c < builders.length; c++) builders[c].push(record, c, rows);
      rows++;
    }
    if (rows === 0) throw new DataError({ file: pass.file }, 'the file has a header but no data rows');
    return new Table(pass.names.map((name, c) => [name, builders[c].finish(rows)] as const));
  } finally {
    pass.scanner.close();
  }
}

/**
 * A typed table as text (numbers as `String(x)`, dates ISO), for a node whose table is already
 * read: its numbers are checked for units and its labels for spelling; formats are then the
 * writer's, so no format finding can arise.
 */
export function textTableOf(table: Table, schema?: Schema): TextTable {
  const dates = new Set(schema?.columns.filter((c) => c.kind === 'date').map((c) => c.name));
  return new Table(
    table.columns().map(([name, column]) => {
      if (column.type === 'code') return [name, column] as const;
      const format = dates.has(name) ? isoFromDays : String;
      const texts = Array.from(column.values, (v) => (Number.isNaN(v) ? null : format(v)));
      return [name, codeColumnOfTexts(texts)] as const;
    }),
  );
}

/** A code column from texts (null for missing), levels in order of first appearance. */
export function codeColumnOfTexts(texts: ReadonlyArray<string | null>): CodeColumn {
  const index = new Map<string, number>();
  const levels: string[] = [];
  const codes = new Int32Array(texts.length);
  texts.forEach((t, i) => {
    if (t === null) {
      codes[i] = -1;
      return;
    }
    let code = index.get(t);
    if (code === undefined) {
      code = levels.push(t) - 1;
      index.set(t, code);
    }
    codes[i] = code;
  });
  return codeColumn(codes, levels);
}

/** The text column `name` of a text table. */
export function textColumn(table: TextTable, name: string): CodeColumn {
  return table.codes(name);
}

/** The distinct texts of `rows` in a column, each with its row count (missing left out). */
export function textCounts(column: CodeColumn, rows: ArrayLike<number>): Array<[string, number]> {
  const counts = new Float64Array(column.levels.length);
  for (let i = 0; i < rows.length; i++) {
    const code = column.codes[rows[i]];
    if (code >= 0) counts[code]++;
  }
  const out: Array<[string, number]> = [];
  counts.forEach((n, code) => {
    if (n > 0) out.push([column.levels[code], n]);
  });
  return out;
}
