/**
 * Random forests (Breiman 2001, Machine Learning 45:5–32): trees grown on bootstrap samples, each
 * split searched over a random subset of features — √p for classification, p/3 for regression, as
 * in R's randomForest — on histogram-binned features (see binning.ts). Class probabilities are the
 * trees' leaf proportions averaged, as scikit-learn does; a regression prediction is the mean of
 * the trees' leaf means. Every tree draws from its own `rng.split(t)` stream, so a seed gives the
 * same forest whatever else is run.
 */
import type { Rng } from '../core/rng.js';
import { binFeatures } from './binning.js';
import { growTree, leafOffset, type Tree, type TreeTask } from './tree.js';

export interface RandomForestOptions {
  readonly rng: Rng;
  /** Default 100. */
  readonly trees?: number;
  /** Features searched per split; default ⌊√p⌋ (classification) or ⌊p/3⌋ (regression), at least 1. */
  readonly maxFeatures?: number;
  /** Default 1 (classification) or 5 (regression), R's randomForest `nodesize`. */
  readonly minSamplesLeaf?: number;
  /** Default unlimited. */
  readonly maxDepth?: number;
  /** Histogram bins per feature, 2..256; default 64. */
  readonly maxBins?: number;
  /** Rows drawn (with replacement) per tree; default n. Smaller samples make big tables fast. */
  readonly sampleSize?: number;
}

export interface RandomForest {
  readonly kind: 'classification' | 'regression';
  readonly p: number;
  /** Classes (classification) or 1 (regression). */
  readonly width: number;
  readonly trees: readonly Tree[];
}

/** A classifier for y in 0..classes−1. */
export function fitRandomForestClassifier(
  x: Float64Array,
  n: number,
  p: number,
  y: ArrayLike<number>,
  classes: number,
  options: RandomForestOptions,
): RandomForest {
  const codes = Int32Array.from(y);
  for (let i = 0; i < n; i++)
    if (!(codes[i] >= 0 && codes[i] < classes && codes[i] === y[i]))
      throw new RangeError(
        `fitRandomForestClassifier: y[${i}] = ${y[i]} is not a class in 0..${classes - 1}`,
      );
  const task: TreeTask = { kind: 'classification', y: codes, classes };
  return fitForest(x, n, p, task, Math.floor(Math.sqrt(p)), 1, options);
}

export function fitRandomForestRegressor(
  x: Float64Array,
  n: number,
  p: number,
  y: ArrayLike<number>,
  options: RandomForestOptions,
): RandomForest {
  const values = Float64Array.from(y);
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(values[i])) throw new RangeError(`fitRandomForestRegressor: y[${i}] is not finite`);
  return fitForest(x, n, p, { kind: 'regression', y: values }, Math.floor(p / 3), 5, options);
}

function fitForest(
  x: Float64Array,
  n: number,
  p: number,
  task: TreeTask,
  defaultFeatures: number,
  defaultLeaf: number,
  options: RandomForestOptions,
): RandomForest {
  if (x.length !== n * p) throw new RangeError(`random forest: x has ${x.length} values, not ${n} × ${p}`);
  if (n < 1) throw new RangeError('random forest: no rows to fit');
  for (let i = 0; i < x.length; i++)
    if (!Number.isFinite(x[i])) throw new RangeError(`random forest: x[${i}] = ${x[i]} is not finite`);
  const binned = binFeatures(x, n, p, options.maxBins ?? 64);
  const treeOptions = {
    maxFeatures: Math.max(1, options.maxFeatures ?? defaultFeatures),
    minSamplesLeaf: Math.max(1, options.minSamplesLeaf ?? defaultLeaf),
    maxDepth: options.maxDepth ?? Number.POSITIVE_INFINITY,
  };
  const sampleSize = Math.max(1, Math.min(options.sampleSize ?? n, n * 10));
  const trees: Tree[] = [];
  const count = options.trees ?? 100;
  for (let t = 0; t < count; t++) {
    const rng = options.rng.split(`tree:${t}`);
    const rows = new Uint32Array(sampleSize);
    for (let i = 0; i < sampleSize; i++) rows[i] = rng.int(n);
    trees.push(growTree(binned, task, rows, treeOptions, rng));
  }
  return { kind: task.kind, p, width: task.kind === 'classification' ? task.classes : 1, trees };
}

/** Class probabilities, row-major n × classes. */
export function predictForestProba(
  forest: RandomForest,
  x: Float64Array,
  n: number,
  p: number,
): Float64Array {
  if (forest.kind !== 'classification')
    throw new TypeError('predictForestProba needs a classification forest');
  return average(forest, x, n, p);
}

/** Regression predictions, one per row. */
export function predictForest(forest: RandomForest, x: Float64Array, n: number, p: number): Float64Array {
  if (forest.kind !== 'regression') throw new TypeError('predictForest needs a regression forest');
  return average(forest, x, n, p);
}

function average(forest: RandomForest, x: Float64Array, n: number, p: number): Float64Array {
  if (p !== forest.p) throw new RangeError(`random forest: fitted on ${forest.p} features, not ${p}`);
  const width = forest.width;
  const out = new Float64Array(n * width);
  for (const tree of forest.trees) {
    for (let i = 0; i < n; i++) {
      const at = leafOffset(tree, x, p, i);
      for (let k = 0; k < width; k++) out[i * width + k] += tree.value[at + k];
    }
  }
  const scale = 1 / Math.max(forest.trees.length, 1);
  for (let i = 0; i < out.length; i++) out[i] *= scale;
  return out;
}
