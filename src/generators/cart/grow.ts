/**
 * Growing one CART tree (Breiman et al., 1984) depth first on the binned predictors: at each node
 * every predictor's best split is searched by `criterion` on the node's histograms, the best one
 * over all predictors is kept if it lowers the impurity by at least `cp` × the root's impurity
 * (rpart's complexity parameter; Therneau & Atkinson, "An introduction to recursive partitioning
 * using the RPART routines"), and the rows are partitioned. No pruning: synthpop grows its trees
 * with cp = 1e-8 and uses them unpruned, `minLeaf` being what stops them.
 */
import { BestSplit } from './best-split.js';
import type { Predictor } from './bins.js';
import { type Histogram, HistogramStack } from './histograms.js';
import type { SplitNode } from './params.js';
import { splitNode } from './split-node.js';

export interface Criterion {
  /** Numbers per histogram bin: the row count, then the criterion's statistics. */
  readonly stride: number;
  /** Caches the node's target totals for `search`; returns the node's impurity. */
  node(rows: Uint32Array): number;
  /** Adds the rows to predictor `index`'s histogram in `h`. */
  fill(h: Histogram, p: Predictor, index: number, rows: Uint32Array): void;
  /** Offers predictor `index`'s best split of the node last passed to `node` to `best`. */
  search(h: Histogram, p: Predictor, index: number, minLeaf: number, best: BestSplit): void;
}

export interface GrowControl {
  readonly minLeaf: number;
  readonly maxDepth: number;
  readonly cp: number;
}

/** Relative gains below this are rounding noise, even with cp = 0. */
const MIN_RELATIVE_GAIN = 1e-12;

/**
 * The tree's nodes, root first. `leaf(rows)` is called right after `criterion.node(rows)` for the
 * same rows, so it may read the criterion's cached totals.
 */
export function growTree<L>(
  criterion: Criterion,
  leaf: (rows: Uint32Array) => L,
  predictors: readonly Predictor[],
  rows: Uint32Array,
  control: GrowControl,
): Array<SplitNode | L> {
  const nodes: Array<SplitNode | L> = [];
  const best = new BestSplit();
  const stack = new HistogramStack(predictors, criterion.stride);
  const scratch = new Uint32Array(rows.length);
  // rpart sets minsplit to 3 × minbucket when only minbucket is given, as synthpop does.
  const minSplit = Math.max(3 * control.minLeaf, 2);
  const splittable = (n: number, depth: number) => n >= minSplit && depth < control.maxDepth;
  let minGain = 0;

  const fillAll = (h: Histogram, part: Uint32Array) => {
    for (let i = 0; i < predictors.length; i++) criterion.fill(h, predictors[i], i, part);
  };
  const clearAll = (h: Histogram) => {
    for (let i = 0; i < predictors.length; i++) h.clear(i);
  };

  /** Grows the node on `part`, whose histograms are in `stack.at(level)`, and leaves them cleared. */
  const grow = (part: Uint32Array, depth: number, level: number): number => {
    const id = nodes.length;
    nodes.push(undefined as unknown as L);
    const h = stack.at(level);
    const impurity = criterion.node(part);
    if (depth === 0) minGain = Math.max(control.cp, MIN_RELATIVE_GAIN) * impurity;
    if (splittable(part.length, depth) && impurity > minGain) {
      best.reset(minGain);
      for (let i = 0; i < predictors.length; i++)
        criterion.search(h, predictors[i], i, control.minLeaf, best);
      if (best.predictor >= 0) {
        const p = predictors[best.predictor];
        const goesLeft = leftBins(best, p);
        const nLeft = partition(part, p.bins, goesLeft, scratch);
        const split = splitNode(best, p, part, goesLeft, nLeft);
        const leftIsSmall = nLeft <= part.length - nLeft;
        const [small, large] = children(part, nLeft);
        if (splittable(small.length, depth + 1) || splittable(large.length, depth + 1)) {
          // The larger child's histograms become the parent's minus the smaller child's.
          fillAll(stack.at(level + 1), small);
          for (let i = 0; i < predictors.length; i++) h.subtract(stack.at(level + 1), i);
        } else clearAll(h);
        const smallId = grow(small, depth + 1, level + 1);
        const largeId = grow(large, depth + 1, level);
        split.left = leftIsSmall ? smallId : largeId;
        split.right = leftIsSmall ? largeId : smallId;
        nodes[id] = split;
        return id;
      }
    }
    clearAll(h);
    nodes[id] = leaf(part);
    return id;
  };
  if (splittable(rows.length, 0)) fillAll(stack.at(0), rows);
  grow(rows, 0, 0);
  return nodes;
}

/** [smaller, larger] of the two sides of a partitioned node (left first on a tie). */
function children(part: Uint32Array, nLeft: number): [Uint32Array, Uint32Array] {
  const left = part.subarray(0, nLeft);
  const right = part.subarray(nLeft);
  return left.length <= right.length ? [left, right] : [right, left];
}

/** 1 for the bins the best split sends left (missing is bin `nBins`). */
function leftBins(best: BestSplit, p: Predictor): Uint8Array {
  const mask = new Uint8Array(p.nBins + 1);
  if (p.kind === 'numeric') {
    for (let b = 0; b <= best.bin; b++) mask[b] = 1;
    mask[p.nBins] = best.missingLeft ? 1 : 0;
  } else {
    for (const b of best.leftBins) mask[b] = 1;
  }
  return mask;
}

/**
 * Moves the rows going left to the front of `rows`, keeping both sides in ascending row order so
 * that later histogram passes read the bins nearly sequentially; returns how many go left.
 */
function partition(rows: Uint32Array, bins: Uint16Array, goesLeft: Uint8Array, scratch: Uint32Array): number {
  let nLeft = 0;
  let nRight = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (goesLeft[bins[r]]) rows[nLeft++] = r;
    else scratch[nRight++] = r;
  }
  rows.set(scratch.subarray(0, nRight), nLeft);
  return nLeft;
}
