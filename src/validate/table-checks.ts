/**
 * What the tables given to `validate` must be before anything is compared: the same columns with
 * the same kind of values, and numbers small enough to compute with.
 */
import { DataError } from '../core/errors.js';
import type { Table } from '../data/table.js';

/**
 * Beyond this a value's square overflows once summed over the rows (1e150² = 1e300), so
 * variances, distances and model fits would turn it into Infinity or NaN. No measurement comes
 * near it; a synthetic value this large is a generator's fault, not an out-of-range patient.
 */
export const LARGEST_COMPARABLE = 1e150;

/** Both tables must have the same columns, in any order, with the same kind of values. */
export function checkSameColumns(real: Table, other: Table, file?: string): void {
  for (const name of real.names) {
    if (!other.has(name))
      throw new DataError({ file, column: name }, 'the real table has this column but this table does not');
    if (other.column(name).type !== real.column(name).type)
      throw new DataError(
        { file, column: name },
        `holds ${describe(other, name)}, but the real table holds ${describe(real, name)}`,
      );
  }
  for (const name of other.names)
    if (!real.has(name))
      throw new DataError({ file, column: name }, 'this table has a column the real table does not');
}

/** The first value too large to compare, by column then row, named with both. */
export function checkComparableNumbers(table: Table, file?: string): void {
  for (const name of table.names) {
    const column = table.column(name);
    if (column.type !== 'number') continue;
    const row = column.values.findIndex((v) => Math.abs(v) > LARGEST_COMPARABLE);
    if (row >= 0)
      throw new DataError(
        { file, column: name, row: row + 1 },
        `the value ${column.values[row]} is too large to compare (beyond ±${LARGEST_COMPARABLE}, where sums of squares overflow)`,
      );
  }
}

function describe(table: Table, name: string): string {
  return table.column(name).type === 'number' ? 'numbers' : 'categories';
}
