/** How one table fares against one check: the rows it applies to, and which of them break it. */
import type { Table } from '../../data/table.js';
import type { Check } from './check.js';

export interface Tally {
  /** Rows the rule applies to. */
  applies: number;
  /** The rows that break it, in row order. */
  broken: Uint32Array;
}

export function tally(check: Check, table: Table): Tally {
  const test = check.compile(table);
  const broken: number[] = [];
  let applies = 0;
  for (let row = 0; row < table.nRows; row++) {
    if (!test.applies(row)) continue;
    applies++;
    if (test.breaks(row)) broken.push(row);
  }
  return { applies, broken: Uint32Array.from(broken) };
}

/** Share of `n` rows marked by at least one of the row lists. */
export function shareOfRows(lists: readonly Uint32Array[], n: number): { count: number; share: number } {
  const marked = new Uint8Array(n);
  let count = 0;
  for (const rows of lists)
    for (const row of rows)
      if (!marked[row]) {
        marked[row] = 1;
        count++;
      }
  return { count, share: n > 0 ? count / n : 0 };
}
