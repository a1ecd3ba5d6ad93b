/**
 * A box tree for exact nearest-neighbour search under the Gower distance: a k-d tree whose boxes
 * are Gower's own coordinates. Each node keeps, over its rows, the [min, max] and missingness of
 * every number column, the OR and AND of the packed flag bits and the set of codes present in every
 * categorical column. The sum over columns of the query's distance to that box is a lower bound on
 * its distance to every row inside (the Gower distance is a sum of per-column terms), computed in
 * the same order and with the same floating-point operations as the distance itself, so pruning is
 * exact, not approximate. Rows are split on the column whose expected squared per-pair term is
 * largest (numbers at the median, categories into two balanced groups of levels), which keeps
 * boxes tight on the columns that dominate the distance.
 */
import { type EncodedRows, type GowerSpace, takeRows } from './encoding.js';

export interface NeighbourIndex {
  readonly space: GowerSpace;
  /** The reference rows, reordered so that every node's rows are contiguous. */
  readonly rows: EncodedRows;
  /** Tree position → the reference row's index in the table it came from. */
  readonly order: Int32Array;
  readonly nodes: number;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Child nodes, −1 for a leaf. */
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** nodes × numeric: box bounds of present values. */
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  /** nodes × numeric: bit 1 = some value present, bit 2 = some value missing. */
  readonly state: Uint8Array;
  /** nodes × words: OR and AND of the flag words. */
  readonly any: Int32Array;
  readonly all: Int32Array;
  /** nodes × categorical: codes present, bit min(code + 1, 31); bit 0 = missing. */
  readonly mask: Int32Array;
}

export interface TreeOptions {
  /** Rows at most in a leaf (default 24). */
  leafSize?: number;
}

/** Builds the index over `rows`; O(n log n · columns). */
export function buildNeighbourIndex(
  space: GowerSpace,
  rows: EncodedRows,
  options: TreeOptions = {},
): NeighbourIndex {
  const leafSize = Math.max(1, options.leafSize ?? 24);
  const builder = new Builder(space, rows, leafSize);
  builder.split(0, rows.n);
  return builder.finish();
}

export function codeBit(code: number): number {
  return 1 << (code < 0 ? 0 : code >= 30 ? 31 : code + 1);
}

class Builder {
  private readonly perm: Int32Array;
  private readonly side: Uint8Array;
  private readonly levels: number[];
  private readonly counts: Int32Array[];
  private readonly bitOnes: Int32Array;
  private readonly scratch: Float64Array;
  private readonly nodeStart: number[] = [];
  private readonly nodeEnd: number[] = [];
  private readonly nodeLeft: number[] = [];
  private readonly nodeRight: number[] = [];
  private readonly lo: number[] = [];
  private readonly hi: number[] = [];
  private readonly state: number[] = [];
  private readonly any: number[] = [];
  private readonly all: number[] = [];
  private readonly mask: number[] = [];

  constructor(
    private readonly space: GowerSpace,
    private readonly rows: EncodedRows,
    private readonly leafSize: number,
  ) {
    const n = rows.n;
    this.perm = Int32Array.from({ length: n }, (_, i) => i);
    this.side = new Uint8Array(n);
    this.scratch = new Float64Array(n);
    const nCat = space.categorical.length;
    this.levels = Array.from({ length: nCat }, () => 0);
    for (let r = 0; r < n; r++)
      for (let c = 0; c < nCat; c++) {
        const code = rows.codes[r * nCat + c];
        if (code + 2 > this.levels[c]) this.levels[c] = code + 2;
      }
    // counts[c][code + 1]: slot 0 counts missing.
    this.counts = this.levels.map((l) => new Int32Array(Math.max(l, 1)));
    this.bitOnes = new Int32Array(space.words * 32);
  }

  /** Builds the node for perm[s, e) and returns its id. */
  split(s: number, e: number): number {
    const id = this.box(s, e);
    if (e - s > this.leafSize && this.partition(s, e)) {
      const mid = this.mid;
      this.nodeLeft[id] = this.split(s, mid);
      this.nodeRight[id] = this.split(mid, e);
    }
    return id;
  }

  private mid = 0;

  /** Records the node's box; returns its id. */
  private box(s: number, e: number): number {
    const { space, rows, perm } = this;
    const id = this.nodeStart.length;
    this.nodeStart.push(s);
    this.nodeEnd.push(e);
    this.nodeLeft.push(-1);
    this.nodeRight.push(-1);
    const nNum = space.numeric.length;
    for (let c = 0; c < nNum; c++) {
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      let state = 0;
      for (let k = s; k < e; k++) {
        const v = rows.numeric[perm[k] * nNum + c];
        if (!Number.isNaN(v)) {
          state |= 1;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        } else state |= 2;
      }
      this.lo.push(lo);
      this.hi.push(hi);
      this.state.push(state);
    }
    const words = space.words;
    for (let w = 0; w < words; w++) {
      let any = 0;
      let all = -1;
      for (let k = s; k < e; k++) {
        const f = rows.flags[perm[k] * words + w];
        any |= f;
        all &= f;
      }
      this.any.push(any);
      this.all.push(all);
    }
    const nCat = space.categorical.length;
    for (let c = 0; c < nCat; c++) {
      let mask = 0;
      for (let k = s; k < e; k++) mask |= codeBit(rows.codes[perm[k] * nCat + c]);
      this.mask.push(mask);
    }
    return id;
  }

  /** Splits perm[s, e) in two on its most spread column; false when all rows are alike. */
  private partition(s: number, e: number): boolean {
    const best = this.mostSpread(s, e);
    if (best.spread <= 0) return false;
    const { rows, perm, side, space } = this;
    if (best.kind === 0) this.numericSides(s, e, best.column);
    else if (best.kind === 1) {
      const words = space.words;
      const w = best.column >>> 5;
      const bit = 1 << (best.column & 31);
      for (let k = s; k < e; k++) side[k] = rows.flags[perm[k] * words + w] & bit ? 1 : 0;
    } else this.categoricalSides(s, e, best.column);
    let i = s;
    let j = e - 1;
    while (i <= j) {
      if (side[i] === 0) i++;
      else {
        const p = perm[i];
        perm[i] = perm[j];
        perm[j] = p;
        side[i] = side[j];
        side[j] = 1;
        j--;
      }
    }
    if (i === s || i === e) return false;
    this.mid = i;
    return true;
  }

  /** The column with the largest expected squared per-pair term among the node's rows. */
  private mostSpread(s: number, e: number): { kind: number; column: number; spread: number } {
    const { space, rows, perm } = this;
    const n = e - s;
    let best = { kind: 0, column: -1, spread: 0 };
    const nNum = space.numeric.length;
    for (let c = 0; c < nNum; c++) {
      let present = 0;
      let sum = 0;
      let sum2 = 0;
      for (let k = s; k < e; k++) {
        const v = rows.numeric[perm[k] * nNum + c];
        if (!Number.isNaN(v)) {
          present++;
          sum += v;
          sum2 += v * v;
        }
      }
      const p = present / n;
      const variance = present > 0 ? Math.max(0, sum2 / present - (sum / present) ** 2) : 0;
      const spread = p * p * 2 * variance + 2 * p * (1 - p);
      if (spread > best.spread) best = { kind: 0, column: c, spread };
    }
    const words = space.words;
    const ones = this.bitOnes;
    ones.fill(0);
    for (let k = s; k < e; k++) {
      const base = perm[k] * words;
      for (let w = 0; w < words; w++) {
        let f = rows.flags[base + w];
        while (f !== 0) {
          const low = f & -f;
          ones[w * 32 + (31 - Math.clz32(low))]++;
          f ^= low;
        }
      }
    }
    for (let b = 0; b < space.flags.length; b++) {
      const p = ones[b] / n;
      const spread = 2 * p * (1 - p);
      if (spread > best.spread) best = { kind: 1, column: b, spread };
    }
    const nCat = space.categorical.length;
    for (let c = 0; c < nCat; c++) {
      const counts = this.counts[c];
      counts.fill(0);
      for (let k = s; k < e; k++) counts[rows.codes[perm[k] * nCat + c] + 1]++;
      let same = 0;
      for (const count of counts) same += (count / n) ** 2;
      const spread = 1 - same;
      if (spread > best.spread) best = { kind: 2, column: c, spread };
    }
    return best;
  }

  private numericSides(s: number, e: number, c: number): void {
    const { rows, perm, side, scratch } = this;
    const nNum = this.space.numeric.length;
    let present = 0;
    for (let k = s; k < e; k++) {
      const v = rows.numeric[perm[k] * nNum + c];
      if (!Number.isNaN(v)) scratch[present++] = v;
    }
    const n = e - s;
    const p = present / n;
    const values = scratch.subarray(0, present).sort();
    const variance = values.length > 1 ? spreadOf(values) : 0;
    // Missing against present dominates: separate the missing rows.
    if (p * p * 2 * variance < 2 * p * (1 - p) || values[0] === values[present - 1]) {
      for (let k = s; k < e; k++) side[k] = !Number.isNaN(rows.numeric[perm[k] * nNum + c]) ? 1 : 0;
      return;
    }
    let median = values[present >>> 1];
    // Ties at the minimum: split above the median instead of leaving the left side empty.
    const strict = median > values[0];
    if (!strict) median = values[0];
    for (let k = s; k < e; k++) {
      const v = rows.numeric[perm[k] * nNum + c];
      side[k] = !Number.isNaN(v) && (strict ? v >= median : v > median) ? 1 : 0;
    }
  }

  /** Levels (missing included) into two groups of about equal row counts, largest first. */
  private categoricalSides(s: number, e: number, c: number): void {
    const { rows, perm, side } = this;
    const nCat = this.space.categorical.length;
    const counts = this.counts[c];
    const byCount = Array.from(counts.keys())
      .filter((slot) => counts[slot] > 0)
      .sort((a, b) => counts[b] - counts[a] || a - b);
    const goesRight = new Uint8Array(counts.length);
    let left = 0;
    let right = 0;
    for (const slot of byCount) {
      if (left <= right) left += counts[slot];
      else {
        right += counts[slot];
        goesRight[slot] = 1;
      }
    }
    for (let k = s; k < e; k++) side[k] = goesRight[rows.codes[perm[k] * nCat + c] + 1];
  }

  finish(): NeighbourIndex {
    const { space, rows, perm } = this;
    return {
      space,
      rows: takeRows(space, rows, perm),
      order: perm,
      nodes: this.nodeStart.length,
      start: Int32Array.from(this.nodeStart),
      end: Int32Array.from(this.nodeEnd),
      left: Int32Array.from(this.nodeLeft),
      right: Int32Array.from(this.nodeRight),
      lo: Float64Array.from(this.lo),
      hi: Float64Array.from(this.hi),
      state: Uint8Array.from(this.state),
      any: Int32Array.from(this.any),
      all: Int32Array.from(this.all),
      mask: Int32Array.from(this.mask),
    };
  }
}

function spreadOf(sorted: Float64Array): number {
  let sum = 0;
  let sum2 = 0;
  for (const v of sorted) {
    sum += v;
    sum2 += v * v;
  }
  const n = sorted.length;
  return Math.max(0, sum2 / n - (sum / n) ** 2);
}
