/**
 * One CART tree grown on histogram-binned features (Breiman et al. 1984; the binned split search of
 * LightGBM, Ke et al. 2017). Classification splits minimise the weighted Gini impurity, regression
 * splits the residual sum of squares; both reduce to maximising Σ_child score(child), with
 * score = Σ_k count_k² / n for classes and sum² / n for a numeric target. At every node a random
 * subset of `maxFeatures` features is searched, as in a random forest.
 */
import type { Rng } from '../core/rng.js';
import { type BinnedFeatures, MAX_BINS } from './binning.js';

export type TreeTask =
  | { readonly kind: 'classification'; readonly y: Int32Array; readonly classes: number }
  | { readonly kind: 'regression'; readonly y: Float64Array };

export interface TreeOptions {
  readonly maxFeatures: number;
  readonly minSamplesLeaf: number;
  readonly maxDepth: number;
}

/** Flat arrays, one entry per node; `feature` is −1 at a leaf. */
export interface Tree {
  readonly feature: Int32Array;
  /** Go left when x[feature] ≤ threshold. */
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Leaf values, `width` per node: class proportions, or the mean. */
  readonly value: Float64Array;
  readonly width: number;
}

export interface Split {
  readonly feature: number;
  /** The last bin that goes left. */
  readonly bin: number;
  /** Σ_child score − score(node); > 0. */
  readonly gain: number;
}

/** Bins per feature and the statistics kept per bin. */
function statWidth(task: TreeTask): number {
  return task.kind === 'classification' ? task.classes : 2;
}

/** Score of a child from its statistics (see the module comment). */
function score(task: TreeTask, stats: Float64Array, at: number): number {
  if (task.kind === 'regression') return stats[at] > 0 ? (stats[at + 1] * stats[at + 1]) / stats[at] : 0;
  let n = 0;
  let squares = 0;
  for (let k = 0; k < task.classes; k++) {
    const c = stats[at + k];
    n += c;
    squares += c * c;
  }
  return n > 0 ? squares / n : 0;
}

function addRow(task: TreeTask, stats: Float64Array, at: number, row: number): void {
  if (task.kind === 'regression') {
    stats[at]++;
    stats[at + 1] += task.y[row];
  } else {
    stats[at + task.y[row]]++;
  }
}

/**
 * The best split of rows[start, end) over `features`, or undefined when none leaves at least
 * `minSamplesLeaf` rows on each side with a positive gain. Ties keep the first found.
 */
export function bestSplit(
  binned: BinnedFeatures,
  task: TreeTask,
  rows: Uint32Array,
  start: number,
  end: number,
  features: ArrayLike<number>,
  minSamplesLeaf: number,
  scratch: Float64Array = new Float64Array(MAX_BINS * statWidth(task)),
): Split | undefined {
  const width = statWidth(task);
  const total = new Float64Array(width);
  for (let r = start; r < end; r++) addRow(task, total, 0, rows[r]);
  const parent = score(task, total, 0);
  const m = end - start;
  const left = new Float64Array(width);
  const right = new Float64Array(width);
  const { bins, n } = binned;
  const counts = new Float64Array(MAX_BINS);
  const classification = task.kind === 'classification';
  const classes = classification ? task.y : new Int32Array(0);
  const values = classification ? new Float64Array(0) : task.y;
  let best: Split | undefined;
  for (let s = 0; s < features.length; s++) {
    const f = features[s];
    const nBins = binned.thresholds[f].length + 1;
    if (nBins < 2) continue;
    const hist = scratch;
    hist.fill(0, 0, nBins * width);
    counts.fill(0, 0, nBins);
    const range = classification
      ? classHistogram(bins, f * n, rows, start, end, classes, width, hist, counts)
      : valueHistogram(bins, f * n, rows, start, end, values, hist, counts);
    const lo = range & 0xffff;
    const hi = range >>> 16;
    left.fill(0);
    let nLeft = 0;
    // Only non-empty bins move the split: small nodes scan a few bins, not all of them.
    for (let b = lo; b < hi; b++) {
      if (counts[b] === 0) continue;
      for (let k = 0; k < width; k++) left[k] += hist[b * width + k];
      nLeft += counts[b];
      if (nLeft < minSamplesLeaf) continue;
      if (m - nLeft < minSamplesLeaf) break;
      for (let k = 0; k < width; k++) right[k] = total[k] - left[k];
      const gain = score(task, left, 0) + score(task, right, 0) - parent;
      if (gain > 1e-12 * Math.max(1, Math.abs(parent)) && (!best || gain > best.gain))
        best = { feature: f, bin: b, gain };
    }
  }
  return best;
}

/** Fills per-bin class counts; returns the lowest and highest bin seen, packed as lo | hi << 16. */
function classHistogram(
  bins: Uint8Array,
  base: number,
  rows: Uint32Array,
  start: number,
  end: number,
  classes: Int32Array,
  width: number,
  hist: Float64Array,
  counts: Float64Array,
): number {
  let lo = 255;
  let hi = 0;
  for (let r = start; r < end; r++) {
    const row = rows[r];
    const b = bins[base + row];
    counts[b]++;
    hist[b * width + classes[row]]++;
    if (b < lo) lo = b;
    if (b > hi) hi = b;
  }
  return lo | (hi << 16);
}

/** Fills per-bin (count, sum); returns the lowest and highest bin seen, packed as lo | hi << 16. */
function valueHistogram(
  bins: Uint8Array,
  base: number,
  rows: Uint32Array,
  start: number,
  end: number,
  values: Float64Array,
  hist: Float64Array,
  counts: Float64Array,
): number {
  let lo = 255;
  let hi = 0;
  for (let r = start; r < end; r++) {
    const row = rows[r];
    const b = bins[base + row];
    counts[b]++;
    hist[b * 2 + 1] += values[row];
    if (b < lo) lo = b;
    if (b > hi) hi = b;
  }
  for (let b = lo; b <= hi; b++) hist[b * 2] = counts[b];
  return lo | (hi << 16);
}

/** Grows one tree on rows (indices into the binned features; repeats allowed, as a bootstrap gives). */
export function growTree(
  binned: BinnedFeatures,
  task: TreeTask,
  rowsIn: Uint32Array,
  options: TreeOptions,
  rng: Rng,
): Tree {
  const rows = Uint32Array.from(rowsIn);
  const width = task.kind === 'classification' ? task.classes : 1;
  const nodes = {
    feature: [] as number[],
    threshold: [] as number[],
    left: [] as number[],
    right: [] as number[],
  };
  const values: number[] = [];
  const order = Int32Array.from({ length: binned.p }, (_, f) => f);
  const mtry = Math.max(1, Math.min(binned.p, options.maxFeatures));
  const scratch = new Float64Array(MAX_BINS * statWidth(task));
  const stack: Array<{ start: number; end: number; depth: number; node: number }> = [];
  const newNode = (): number => {
    nodes.feature.push(-1);
    nodes.threshold.push(0);
    nodes.left.push(-1);
    nodes.right.push(-1);
    for (let k = 0; k < width; k++) values.push(0);
    return nodes.feature.length - 1;
  };
  stack.push({ start: 0, end: rows.length, depth: 0, node: newNode() });
  while (stack.length > 0) {
    const { start, end, depth, node } = stack.pop()!;
    setLeafValue(task, rows, start, end, values, node * width);
    if (
      depth >= options.maxDepth ||
      end - start < 2 * options.minSamplesLeaf ||
      isPure(task, rows, start, end)
    )
      continue;
    for (let s = 0; s < mtry; s++) {
      const j = s + rng.int(binned.p - s);
      const tmp = order[s];
      order[s] = order[j];
      order[j] = tmp;
    }
    const candidates = order.subarray(0, mtry);
    const split = bestSplit(binned, task, rows, start, end, candidates, options.minSamplesLeaf, scratch);
    if (!split) continue;
    const middle = partition(binned, rows, start, end, split);
    nodes.feature[node] = split.feature;
    nodes.threshold[node] = binned.thresholds[split.feature][split.bin];
    const left = newNode();
    const right = newNode();
    nodes.left[node] = left;
    nodes.right[node] = right;
    stack.push({ start: middle, end, depth: depth + 1, node: right });
    stack.push({ start, end: middle, depth: depth + 1, node: left });
  }
  return {
    feature: Int32Array.from(nodes.feature),
    threshold: Float64Array.from(nodes.threshold),
    left: Int32Array.from(nodes.left),
    right: Int32Array.from(nodes.right),
    value: Float64Array.from(values),
    width,
  };
}

/** The leaf's value offset for row i of the row-major matrix x. */
export function leafOffset(tree: Tree, x: Float64Array, p: number, i: number): number {
  let node = 0;
  while (tree.feature[node] >= 0)
    node = x[i * p + tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
  return node * tree.width;
}

function partition(
  binned: BinnedFeatures,
  rows: Uint32Array,
  start: number,
  end: number,
  split: Split,
): number {
  const { bins } = binned;
  const base = split.feature * binned.n;
  let i = start;
  let j = end - 1;
  while (i <= j) {
    if (bins[base + rows[i]] <= split.bin) i++;
    else {
      const tmp = rows[i];
      rows[i] = rows[j];
      rows[j] = tmp;
      j--;
    }
  }
  return i;
}

function isPure(task: TreeTask, rows: Uint32Array, start: number, end: number): boolean {
  const y = task.y;
  const first = y[rows[start]];
  for (let r = start + 1; r < end; r++) if (y[rows[r]] !== first) return false;
  return true;
}

function setLeafValue(
  task: TreeTask,
  rows: Uint32Array,
  start: number,
  end: number,
  values: number[],
  at: number,
): void {
  const m = end - start;
  if (task.kind === 'regression') {
    let sum = 0;
    for (let r = start; r < end; r++) sum += task.y[rows[r]];
    values[at] = sum / m;
    return;
  }
  for (let r = start; r < end; r++) values[at + task.y[rows[r]]]++;
  for (let k = 0; k < task.classes; k++) values[at + k] /= m;
}
