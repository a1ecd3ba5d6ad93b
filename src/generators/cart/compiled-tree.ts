/**
 * A stored tree turned into typed arrays for sampling: routing a synthetic row is a loop over
 * integer arrays, and leaves are numbered 0..nLeaves−1 in node order so that per-leaf tables
 * (class counts, condition weights) are plain arrays.
 */
import { ModelError } from '../../core/errors.js';
import type { SplitNode } from './params.js';

/** The synthetic columns filled so far, by visit position: numbers or codes (-1 = missing). */
export interface Frame {
  readonly numbers: Array<Float64Array | undefined>;
  readonly codes: Array<Int32Array | undefined>;
}

const LEAF = -1;
const TEST_LE = 0;
const TEST_IN = 1;
const TEST_MISSING = 2;

export class CompiledTree<L> {
  readonly leaves: L[] = [];
  private readonly predictor: Int32Array;
  private readonly test: Uint8Array;
  private readonly threshold: Float64Array;
  private readonly missingLeft: Uint8Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  /** Leaf number of a leaf node, or the index into `levelSets` of an `in` split. */
  private readonly payload: Int32Array;
  private readonly levelSets: Uint8Array[] = [];

  /** `before[p]` is the type of the column at visit position p; a tree may only split on those. */
  constructor(
    nodes: ReadonlyArray<SplitNode | L>,
    before: ReadonlyArray<'code' | 'number'>,
    isLeaf: (node: SplitNode | L) => node is L,
  ) {
    const n = nodes.length;
    this.predictor = new Int32Array(n);
    this.test = new Uint8Array(n);
    this.threshold = new Float64Array(n);
    this.missingLeft = new Uint8Array(n);
    this.left = new Int32Array(n);
    this.right = new Int32Array(n);
    this.payload = new Int32Array(n);
    nodes.forEach((node, i) => {
      if (isLeaf(node)) {
        this.predictor[i] = LEAF;
        this.payload[i] = this.leaves.push(node) - 1;
      } else this.compileSplit(node, i, n, before);
    });
  }

  private compileSplit(
    node: SplitNode,
    i: number,
    n: number,
    before: ReadonlyArray<'code' | 'number'>,
  ): void {
    const type = before[node.predictor];
    if (type === undefined || (type === 'code') !== (node.test === 'in'))
      throw new ModelError(
        {},
        `tree node ${i} splits on column #${node.predictor}, which is not an earlier column of that type`,
      );
    if (node.left <= i || node.right <= i || node.left >= n || node.right >= n)
      throw new ModelError({}, `tree node ${i} has children out of order`);
    this.predictor[i] = node.predictor;
    this.left[i] = node.left;
    this.right[i] = node.right;
    if (node.test === 'missing') this.test[i] = TEST_MISSING;
    else if (node.test === 'le') {
      this.test[i] = TEST_LE;
      this.threshold[i] = node.threshold;
      this.missingLeft[i] = node.missingLeft ? 1 : 0;
    } else {
      this.test[i] = TEST_IN;
      this.missingLeft[i] = node.missingLeft ? 1 : 0;
      const set = new Uint8Array(node.levels.length ? Math.max(...node.levels) + 1 : 0);
      for (const level of node.levels) set[level] = 1;
      this.payload[i] = this.levelSets.push(set) - 1;
    }
  }

  /** The leaf number row `row` of `frame` falls into. */
  route(frame: Frame, row: number): number {
    let node = 0;
    for (;;) {
      const p = this.predictor[node];
      if (p === LEAF) return this.payload[node];
      let goLeft: boolean;
      const test = this.test[node];
      if (test === TEST_IN) {
        const code = frame.codes[p]![row];
        goLeft = code < 0 ? this.missingLeft[node] === 1 : this.levelSets[this.payload[node]][code] === 1;
      } else {
        const x = frame.numbers[p]![row];
        if (test === TEST_MISSING) goLeft = Number.isNaN(x);
        else goLeft = Number.isNaN(x) ? this.missingLeft[node] === 1 : x <= this.threshold[node];
      }
      node = goLeft ? this.left[node] : this.right[node];
    }
  }
}
