import type { Rng } from '../core/rng.js';
import type { Table } from './table.js';

/** A random split into a training part and a holdout part of about `holdoutShare` of the rows. */
export function splitTable(
  table: Table,
  holdoutShare: number,
  rng: Rng,
): { training: Table; holdout: Table } {
  if (!(holdoutShare > 0 && holdoutShare < 1))
    throw new RangeError(`holdoutShare must be in (0, 1), got ${holdoutShare}`);
  const order = rng.shuffle(Uint32Array.from({ length: table.nRows }, (_, i) => i));
  const cut = Math.round(table.nRows * (1 - holdoutShare));
  // Sorted back into file order, so each part reads like an extract of the original.
  return { training: table.take(order.slice(0, cut).sort()), holdout: table.take(order.slice(cut).sort()) };
}
