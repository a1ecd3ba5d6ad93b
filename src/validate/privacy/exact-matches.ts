/**
 * Exact copies: rows identical to some training row on every non-id column, counted over every
 * row (no sampling) by hashing. Numbers compare by their raw value (missing equals missing),
 * categories by label through the shared codes of the Gower encoding.
 */
import type { Table } from '../../data/table.js';
import type { EncodedRows, GowerSpace } from '../../neighbours/index.js';

/** The rows of a table as the hashing step sees them. */
export interface RowKeys {
  readonly rows: EncodedRows;
  /** n × numeric raw values (not range-scaled, so that equal means equal). */
  readonly raw: Float64Array;
}

export function rowKeys(space: GowerSpace, table: Table, rows: EncodedRows): RowKeys {
  const nNum = space.numeric.length;
  const raw = new Float64Array(rows.n * nNum);
  space.numeric.forEach((name, c) => {
    const values = table.numbers(name);
    for (let r = 0; r < rows.n; r++) raw[r * nNum + c] = values[r] + 0;
  });
  return { rows, raw };
}

const bits = new Float64Array(1);
const words = new Int32Array(bits.buffer);

function hashRow(space: GowerSpace, keys: RowKeys, r: number): number {
  const nNum = space.numeric.length;
  const nCat = space.categorical.length;
  let h = 0x811c9dc5;
  const mix = (x: number): void => {
    h = Math.imul(h ^ x, 0x01000193);
  };
  for (let c = 0; c < nNum; c++) {
    const v = keys.raw[r * nNum + c];
    bits[0] = Number.isNaN(v) ? Number.NaN : v;
    mix(words[0]);
    mix(words[1]);
  }
  for (let w = 0; w < space.words; w++) mix(keys.rows.flags[r * space.words + w]);
  for (let c = 0; c < nCat; c++) mix(keys.rows.codes[r * nCat + c]);
  return h >>> 0;
}

function sameRow(space: GowerSpace, a: RowKeys, i: number, b: RowKeys, j: number): boolean {
  const nNum = space.numeric.length;
  for (let c = 0; c < nNum; c++) {
    const u = a.raw[i * nNum + c];
    const v = b.raw[j * nNum + c];
    if (u !== v && !(Number.isNaN(u) && Number.isNaN(v))) return false;
  }
  const words = space.words;
  for (let w = 0; w < words; w++)
    if (a.rows.flags[i * words + w] !== b.rows.flags[j * words + w]) return false;
  const nCat = space.categorical.length;
  for (let c = 0; c < nCat; c++) if (a.rows.codes[i * nCat + c] !== b.rows.codes[j * nCat + c]) return false;
  return true;
}

/** A hash index over the training rows. */
export class ExactRowIndex {
  private readonly heads = new Map<number, number>();
  private readonly next: Int32Array;

  constructor(
    private readonly space: GowerSpace,
    private readonly training: RowKeys,
  ) {
    const n = training.rows.n;
    this.next = new Int32Array(n).fill(-1);
    for (let r = n - 1; r >= 0; r--) {
      const h = hashRow(space, training, r);
      const head = this.heads.get(h);
      if (head !== undefined) this.next[r] = head;
      this.heads.set(h, r);
    }
  }

  /** A training row identical to row q of `query` (other than `exclude`), or −1. */
  find(query: RowKeys, q: number, exclude = -1): number {
    let r = this.heads.get(hashRow(this.space, query, q)) ?? -1;
    for (; r >= 0; r = this.next[r])
      if (r !== exclude && sameRow(this.space, query, q, this.training, r)) return r;
    return -1;
  }

  /** How many rows of `query` have an identical training row. */
  countMatches(query: RowKeys): number {
    let count = 0;
    for (let q = 0; q < query.rows.n; q++) if (this.find(query, q) >= 0) count++;
    return count;
  }

  /** How many training rows have an identical twin elsewhere in the training data. */
  countTwins(): number {
    let count = 0;
    for (let r = 0; r < this.training.rows.n; r++) if (this.find(this.training, r, r) >= 0) count++;
    return count;
  }
}
