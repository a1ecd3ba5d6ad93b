/**
 * A minimal CSV reader for the R reference datasets in the tests (quoted fields, empty = missing),
 * independent of src/data so the survival tests do not depend on the CSV module's options.
 */
import { readFileSync } from 'node:fs';
import { type Column, codeColumn, codeColumnFromStrings, numberColumn, Table } from '../../data/table.js';

function parseLine(line: string): Array<string | null> {
  const fields: Array<string | null> = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else value += line[i++];
      }
      fields.push(value);
      i++;
    } else {
      const end = line.indexOf(',', i) < 0 ? line.length : line.indexOf(',', i);
      const raw = line.slice(i, end);
      fields.push(raw === '' || raw === 'NA' ? null : raw);
      i = end + 1;
    }
  }
  return fields;
}

/** Number columns where every present value parses as a number; code columns otherwise. */
export function readCsv(path: string): Table {
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  const header = parseLine(lines[0]).map(String);
  const rows = lines.slice(1).map(parseLine);
  const columns = header.map((name, j): [string, Column] => {
    const cells = rows.map((r) => r[j]);
    const numeric = cells.every((c) => c === null || (c.trim() !== '' && Number.isFinite(Number(c))));
    if (numeric) return [name, numberColumn(cells.map((c) => (c === null ? Number.NaN : Number(c))))];
    return [name, codeColumnFromStrings(cells)];
  });
  return new Table(columns);
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
