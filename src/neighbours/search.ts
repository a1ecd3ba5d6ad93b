/**
 * Exact k nearest neighbours under the Gower distance: depth-first through the box tree, nearer
 * child first, pruning every node whose lower bound reaches the current k-th distance. Within a
 * leaf, the integer mismatch count is compared before the numeric terms are summed (it is a lower
 * bound on its own). Distances equal brute force's bit for bit; among rows tied at the k-th
 * distance, which index is returned follows the tree's order.
 */
import { popcount } from './distance.js';
import type { EncodedRows } from './encoding.js';
import { codeBit, type NeighbourIndex } from './tree.js';

export interface Neighbours {
  readonly k: number;
  /** queries × k Gower distances (0..1), nearest first; Infinity where the reference ran out. */
  readonly distances: Float64Array;
  /** queries × k row indices into the reference table, −1 where it ran out. */
  readonly indices: Int32Array;
}

/**
 * The k nearest reference rows of each query row (or of the query rows listed in `rows`).
 * `exclude[q]`, when given, is a reference row query q may not match (itself, in a self-join).
 */
export function kNearest(
  index: NeighbourIndex,
  queries: EncodedRows,
  k: number,
  options: { rows?: ArrayLike<number>; exclude?: ArrayLike<number> } = {},
): Neighbours {
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`k must be a positive integer, got ${k}`);
  const rows = options.rows;
  const nq = rows ? rows.length : queries.n;
  const distances = new Float64Array(nq * k);
  const indices = new Int32Array(nq * k);
  const searcher = new Searcher(index, queries, k);
  const scale = index.space.columns;
  for (let q = 0; q < nq; q++) {
    const row = rows ? rows[q] : q;
    const excluded = options.exclude ? options.exclude[q] : -1;
    searcher.run(row, excluded);
    for (let j = 0; j < k; j++) {
      distances[q * k + j] = searcher.best[j] / scale;
      const at = searcher.at[j];
      indices[q * k + j] = at < 0 ? -1 : index.order[at];
    }
  }
  return { k, distances, indices };
}

class Searcher {
  readonly best: Float64Array;
  readonly at: Int32Array;
  private worst = Number.POSITIVE_INFINITY;
  private excluded = -1;
  private readonly nNum: number;
  private readonly words: number;
  private readonly nCat: number;
  /** The current query row, copied out; categories as their box-mask bits. */
  private readonly qNum: Float64Array;
  private readonly qFlags: Int32Array;
  private readonly qCodes: Int32Array;
  private readonly qBits: Int32Array;

  constructor(
    private readonly index: NeighbourIndex,
    private readonly queries: EncodedRows,
    private readonly k: number,
  ) {
    this.best = new Float64Array(k);
    this.at = new Int32Array(k);
    const space = index.space;
    this.nNum = space.numeric.length;
    this.words = space.words;
    this.nCat = space.categorical.length;
    this.qNum = new Float64Array(this.nNum);
    this.qFlags = new Int32Array(this.words);
    this.qCodes = new Int32Array(this.nCat);
    this.qBits = new Int32Array(this.nCat);
  }

  run(row: number, excluded: number): void {
    const { nNum, words, nCat, queries } = this;
    this.qNum.set(queries.numeric.subarray(row * nNum, (row + 1) * nNum));
    this.qFlags.set(queries.flags.subarray(row * words, (row + 1) * words));
    this.qCodes.set(queries.codes.subarray(row * nCat, (row + 1) * nCat));
    for (let c = 0; c < nCat; c++) this.qBits[c] = codeBit(this.qCodes[c]);
    this.excluded = excluded;
    this.best.fill(Number.POSITIVE_INFINITY);
    this.at.fill(-1);
    this.worst = Number.POSITIVE_INFINITY;
    if (this.index.nodes > 0) this.visit(0);
  }

  private visit(node: number): void {
    const index = this.index;
    const left = index.left[node];
    if (left < 0) {
      this.scan(index.start[node], index.end[node]);
      return;
    }
    const right = index.right[node];
    const bl = this.bound(left);
    const br = this.bound(right);
    if (bl <= br) {
      if (bl < this.worst) this.visit(left);
      if (br < this.worst) this.visit(right);
    } else {
      if (br < this.worst) this.visit(right);
      if (bl < this.worst) this.visit(left);
    }
  }

  /**
   * The same arithmetic as `rawGower` (numeric terms summed in column order, then the mismatch
   * count added), inlined, with the mismatch count checked first.
   */
  private scan(from: number, to: number): void {
    const { nNum, words, nCat, qNum, qFlags, qCodes, excluded } = this;
    const { numeric, flags, codes } = this.index.rows;
    const order = this.index.order;
    for (let r = from; r < to; r++) {
      let m = 0;
      for (let w = 0, ib = r * words; w < words; w++) m += popcount(qFlags[w] ^ flags[ib + w]);
      for (let c = 0, ib = r * nCat; c < nCat; c++) if (qCodes[c] !== codes[ib + c]) m++;
      if (m >= this.worst) continue;
      let s = 0;
      for (let c = 0, ib = r * nNum; c < nNum; c++) {
        const u = qNum[c];
        const v = numeric[ib + c];
        if (!Number.isNaN(u)) {
          if (!Number.isNaN(v)) {
            let d = u - v;
            if (d < 0) d = -d;
            s += d > 1 ? 1 : d;
          } else s += 1;
        } else if (!Number.isNaN(v)) s += 1;
      }
      const d = s + m;
      if (d < this.worst && (excluded < 0 || order[r] !== excluded)) this.insert(d, r);
    }
  }

  private insert(d: number, r: number): void {
    const { best, at } = this;
    let j = this.k - 1;
    while (j > 0 && best[j - 1] > d) {
      best[j] = best[j - 1];
      at[j] = at[j - 1];
      j--;
    }
    best[j] = d;
    at[j] = r;
    this.worst = best[this.k - 1];
  }

  /** The query's Gower distance (times the column count) to the node's box. */
  private bound(node: number): number {
    const { index, nNum, words, nCat, qNum, qFlags, qBits } = this;
    const { lo, hi, state, any, all, mask } = index;
    let s = 0;
    for (let c = 0, ib = node * nNum; c < nNum; c++) {
      const v = qNum[c];
      const st = state[ib + c];
      if (!Number.isNaN(v)) {
        if (st & 1) {
          const a = lo[ib + c];
          const b = hi[ib + c];
          if (v < a) {
            const d = a - v;
            s += d > 1 ? 1 : d;
          } else if (v > b) {
            const d = v - b;
            s += d > 1 ? 1 : d;
          } else s += 0;
        } else s += 1;
      } else if (!(st & 2)) s += 1;
    }
    let m = 0;
    for (let w = 0, ib = node * words; w < words; w++) {
      const f = qFlags[w];
      m += popcount((f & ~any[ib + w]) | (~f & all[ib + w]));
    }
    for (let c = 0, ib = node * nCat; c < nCat; c++) if (!(mask[ib + c] & qBits[c])) m++;
    return s + m;
  }
}
