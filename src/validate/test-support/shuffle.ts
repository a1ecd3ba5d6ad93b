import type { Rng } from '../../core/rng.js';
import { codeColumn, numberColumn, type Table } from '../../data/table.js';

/**
 * Every column permuted on its own: the marginals stay, every association is destroyed. The
 * deliberately bad synthetic table that fidelity and utility must fail.
 */
export function shuffleColumns(table: Table, rng: Rng): Table {
  let out = table;
  for (const [name, column] of table.columns()) {
    const order = rng.split(name).shuffle(Uint32Array.from({ length: table.nRows }, (_, i) => i));
    out = out.withColumn(
      name,
      column.type === 'number'
        ? numberColumn(Float64Array.from(order, (i) => column.values[i]))
        : codeColumn(
            Int32Array.from(order, (i) => column.codes[i]),
            column.levels,
          ),
    );
  }
  return out;
}
