import type { Table } from '../data/table.js';

/**
 * One string per row that is equal exactly when the rows are equal on `columns` (missing equals
 * missing). Codes are mapped through their labels, so tables with different level orders compare.
 */
export function rowKeys(table: Table, columns: readonly string[]): string[] {
  const keys = new Array<string>(table.nRows).fill('');
  for (const name of columns) {
    const column = table.column(name);
    for (let row = 0; row < table.nRows; row++) {
      let cell: string;
      if (column.type === 'number') cell = Number.isNaN(column.values[row]) ? '' : String(column.values[row]);
      else cell = column.codes[row] < 0 ? '' : `"${column.levels[column.codes[row]]}`;
      keys[row] += `${cell}\u0001`;
    }
  }
  return keys;
}
