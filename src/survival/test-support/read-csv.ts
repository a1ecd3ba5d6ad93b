/** The R reference datasets, read by the project's own CSV reader (no schema: kinds inferred). */
import { readCsvRaw } from '../../data/csv/read.js';
import { codeColumn, codeColumnFromStrings, type Table } from '../../data/table.js';

export function readCsv(path: string): Table {
  return readCsvRaw(path).table;
}

/** A number column as categories (R's `factor()`: levels are the sorted distinct values). */
export function asFactor(table: Table, name: string, levels?: readonly string[]): Table {
  const column = table.column(name);
  if (column.type === 'number') {
    const labels = Array.from(column.values, (v) => (Number.isNaN(v) ? null : String(v)));
    const order =
      levels ?? [...new Set(column.values.filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b).map(String);
    return table.withColumn(name, codeColumnFromStrings(labels, order));
  }
  if (!levels) return table;
  const recode = column.levels.map((level) => levels.indexOf(level));
  return table.withColumn(
    name,
    codeColumn(
      Int32Array.from(column.codes, (c) => (c < 0 ? -1 : recode[c])),
      levels,
    ),
  );
}
