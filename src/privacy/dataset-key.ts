/**
 * The key under which a dataset's privacy spends are recorded: SHA-256 of a canonical serialisation
 * of the table. The key is a one-way fingerprint, so the ledger holds no patient data.
 *
 * Canonical means that what does not change who is in the data does not change the key: columns are
 * taken in name order, categories by their label (not their code, which depends on the order levels
 * were met), and rows are sorted, so a shuffled or re-ordered copy of the file shares the budget.
 * Any change of content (one patient more, one value corrected) gives a new key, and with it a fresh
 * budget: the ledger cannot see that two tables overlap, which the guarantees page says.
 */
import { createHash } from 'node:crypto';
import type { Table } from '../data/table.js';

export function datasetKey(table: Table): string {
  const names = [...table.names].sort();
  const columns = names.map((name) => table.column(name));
  const rows: string[] = new Array(table.nRows);
  for (let r = 0; r < table.nRows; r++) {
    const cells = columns.map((column) => {
      if (column.type === 'number') {
        const v = column.values[r];
        return Number.isNaN(v) ? null : v;
      }
      const code = column.codes[r];
      return code < 0 ? null : column.levels[code];
    });
    rows[r] = JSON.stringify(cells);
  }
  rows.sort();
  const hash = createHash('sha256');
  // Column names and kinds first, so that a number 1 and a label "1" never collide.
  hash.update(JSON.stringify(names.map((name, i) => [name, columns[i].type])));
  for (const row of rows) hash.update('\n').update(row);
  return `sha256:${hash.digest('hex')}`;
}
