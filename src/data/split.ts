import type { Rng } from '../core/rng.js';
import type { Table } from './table.js';

/** A random split of row indices 0..n-1: about `holdoutShare` of them held out, each part sorted. */
export function splitRows(
  n: number,
  holdoutShare: number,
  rng: Rng,
): { training: Uint32Array; holdout: Uint32Array } {
  if (!(holdoutShare > 0 && holdoutShare < 1))
    throw new RangeError(`the held-out share must lie in (0, 1), got ${holdoutShare}`);
  const order = rng.shuffle(Uint32Array.from({ length: n }, (_, i) => i));
  const held = Math.round(n * holdoutShare);
  // Sorted back into file order, so each part reads like an extract of the original.
  return { holdout: order.slice(0, held).sort(), training: order.slice(held).sort() };
}

/** A random split of a table into a training part and a holdout of about `holdoutShare` of the rows. */
export function splitTable(
  table: Table,
  holdoutShare: number,
  rng: Rng,
): { training: Table; holdout: Table } {
  const rows = splitRows(table.nRows, holdoutShare, rng);
  return { training: table.take(rows.training), holdout: table.take(rows.holdout) };
}
