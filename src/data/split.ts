import { UsageError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { isMissing, type Table } from './table.js';

/** Row indices of a split, each part sorted back into file order. */
export interface RowSplit {
  training: Uint32Array;
  holdout: Uint32Array;
}

/**
 * A random split of row indices 0..n-1: about `holdoutShare` of them held out, each part sorted.
 * With `strata` (a stratum index 0..k-1 per row), every stratum keeps the share (see
 * `holdoutQuotas`); with a single stratum the same seed holds out the same rows as without strata.
 */
export function splitRows(n: number, holdoutShare: number, rng: Rng, strata?: Int32Array): RowSplit {
  checkShare(holdoutShare);
  if (strata && strata.length !== n) throw new RangeError(`${strata.length} strata codes for ${n} rows`);
  const order = rng.shuffle(Uint32Array.from({ length: n }, (_, i) => i));
  if (!strata) {
    const held = Math.round(n * holdoutShare);
    // Sorted back into file order, so each part reads like an extract of the original.
    return { holdout: order.slice(0, held).sort(), training: order.slice(held).sort() };
  }
  const quotas = holdoutQuotas(stratumSizes(strata), holdoutShare);
  const taken = new Int32Array(quotas.length);
  const inHoldout = new Uint8Array(n);
  for (const row of order) {
    const s = strata[row];
    if (taken[s] < quotas[s]) {
      taken[s]++;
      inHoldout[row] = 1;
    }
  }
  const holdout: number[] = [];
  const training: number[] = [];
  for (let row = 0; row < n; row++) (inHoldout[row] ? holdout : training).push(row);
  return { holdout: Uint32Array.from(holdout), training: Uint32Array.from(training) };
}

/**
 * How many rows of each stratum to hold out: ⌊size × share⌋ or ⌈size × share⌉, the extra rows
 * going to the largest remainders (Hamilton's method, ties to the earlier stratum) until the total
 * is round(n × share), the unstratified split's. Each stratum thus holds out its share to within
 * one row. A stratum always keeps at least one row for training: one too small to split (a single
 * row, or a share that rounds to nothing) stays whole in training, and the total is then smaller.
 */
export function holdoutQuotas(sizes: ArrayLike<number>, holdoutShare: number): Int32Array {
  checkShare(holdoutShare);
  const k = sizes.length;
  const quotas = new Int32Array(k);
  let total = 0;
  let n = 0;
  for (let s = 0; s < k; s++) {
    quotas[s] = Math.min(Math.floor(sizes[s] * holdoutShare), Math.max(sizes[s] - 1, 0));
    total += quotas[s];
    n += sizes[s];
  }
  const byRemainder = Array.from({ length: k }, (_, s) => s)
    .filter((s) => remainder(sizes[s], holdoutShare) > 1e-9 && quotas[s] + 1 <= sizes[s] - 1)
    .sort((a, b) => remainder(sizes[b], holdoutShare) - remainder(sizes[a], holdoutShare) || a - b);
  for (const s of byRemainder) {
    if (total >= Math.round(n * holdoutShare)) break;
    quotas[s]++;
    total++;
  }
  return quotas;
}

const remainder = (size: number, share: number) => size * share - Math.floor(size * share);

function stratumSizes(strata: Int32Array): Int32Array {
  let k = 0;
  for (const s of strata) {
    if (!(s >= 0)) throw new RangeError(`stratum codes must be 0 or more, got ${s}`);
    k = Math.max(k, s + 1);
  }
  const sizes = new Int32Array(k);
  for (const s of strata) sizes[s]++;
  return sizes;
}

function checkShare(share: number): void {
  if (!(share > 0 && share < 1))
    throw new UsageError(`the held-out share must lie strictly between 0 and 1, got ${share}`);
}

/** The strata of a column: one per value (levels in their order, numbers ascending), missing last. */
export function strataOf(table: Table, name: string): { codes: Int32Array; labels: Array<string | null> } {
  const column = table.column(name);
  const present: number[] = [];
  for (let row = 0; row < table.nRows; row++)
    if (!isMissing(column, row))
      present.push(column.type === 'number' ? column.values[row] : column.codes[row]);
  const distinct = [...new Set(present)].sort((a, b) => a - b);
  const index = new Map(distinct.map((key, i) => [key, i]));
  const codes = new Int32Array(table.nRows).fill(distinct.length);
  for (let row = 0; row < table.nRows; row++)
    if (!isMissing(column, row))
      codes[row] = index.get(column.type === 'number' ? column.values[row] : column.codes[row])!;
  const labels: Array<string | null> = distinct.map((key) =>
    column.type === 'number' ? String(key) : column.levels[key],
  );
  if (present.length < table.nRows) labels.push(null);
  return { codes, labels };
}

/**
 * A random split of a table into a training part and a holdout of about `holdoutShare` of the rows,
 * each part in the table's row order; stratified by the column `stratify` when given.
 */
export function splitTable(
  table: Table,
  holdoutShare: number,
  rng: Rng,
  options: { stratify?: string } = {},
): { training: Table; holdout: Table } {
  const strata = options.stratify ? strataOf(table, options.stratify).codes : undefined;
  const rows = splitRows(table.nRows, holdoutShare, rng, strata);
  return { training: table.take(rows.training), holdout: table.take(rows.holdout) };
}
