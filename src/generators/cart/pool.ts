/**
 * Partly drawn synthetic rows: one array per column, by visit position, filled column by column.
 * Conditional sampling takes, concatenates and resamples pools; nothing here is random.
 */
import type { Frame } from './compiled-tree.js';

export class Pool implements Frame {
  readonly numbers: Array<Float64Array | undefined>;
  readonly codes: Array<Int32Array | undefined>;

  constructor(
    readonly size: number,
    nColumns: number,
  ) {
    this.numbers = new Array(nColumns).fill(undefined);
    this.codes = new Array(nColumns).fill(undefined);
  }

  /** The rows at `indices` (which may repeat), every filled column copied. */
  take(indices: Uint32Array): Pool {
    const out = new Pool(indices.length, this.numbers.length);
    this.numbers.forEach((values, p) => {
      if (values) out.numbers[p] = Float64Array.from(indices, (i) => values[i]);
    });
    this.codes.forEach((codes, p) => {
      if (codes) out.codes[p] = Int32Array.from(indices, (i) => codes[i]);
    });
    return out;
  }

  /** The pools' rows one after the other; they must have the same columns filled. */
  static concat(pools: readonly Pool[]): Pool {
    if (pools.length === 1) return pools[0];
    const size = pools.reduce((total, pool) => total + pool.size, 0);
    const first = pools[0];
    const out = new Pool(size, first.numbers.length);
    for (let p = 0; p < first.numbers.length; p++) {
      if (first.numbers[p])
        out.numbers[p] = joined(
          pools.map((pool) => pool.numbers[p]!),
          new Float64Array(size),
        );
      if (first.codes[p])
        out.codes[p] = joined(
          pools.map((pool) => pool.codes[p]!),
          new Int32Array(size),
        );
    }
    return out;
  }
}

function joined<T extends Float64Array | Int32Array>(parts: readonly T[], out: T): T {
  let at = 0;
  for (const part of parts) {
    out.set(part as ArrayLike<number>, at);
    at += part.length;
  }
  return out;
}
