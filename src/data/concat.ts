import { type Column, codeColumn, numberColumn, Table } from './table.js';

/** Stacks tables with the same columns; code columns are re-coded onto the union of their levels. */
export function concatTables(tables: readonly Table[]): Table {
  if (tables.length === 0) throw new RangeError('concatTables needs at least one table');
  const first = tables[0];
  return new Table(
    first.names.map((name): [string, Column] => [name, concatColumns(tables.map((t) => t.column(name)))]),
  );
}

function concatColumns(columns: readonly Column[]): Column {
  const total = columns.reduce((n, c) => n + (c.type === 'number' ? c.values.length : c.codes.length), 0);
  if (columns[0].type === 'number') {
    const out = new Float64Array(total);
    let at = 0;
    for (const c of columns) {
      if (c.type !== 'number') throw new TypeError('cannot stack a number column on a code column');
      out.set(c.values, at);
      at += c.values.length;
    }
    return numberColumn(out);
  }
  const levels: string[] = [];
  const index = new Map<string, number>();
  const out = new Int32Array(total);
  let at = 0;
  for (const c of columns) {
    if (c.type !== 'code') throw new TypeError('cannot stack a code column on a number column');
    const map = c.levels.map((level) => {
      if (!index.has(level)) index.set(level, levels.push(level) - 1);
      return index.get(level)!;
    });
    for (let i = 0; i < c.codes.length; i++) out[at + i] = c.codes[i] < 0 ? -1 : map[c.codes[i]];
    at += c.codes.length;
  }
  return codeColumn(out, levels);
}
