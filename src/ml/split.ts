/** Seeded row splits: train/test and stratified k-fold, as row indices (Uint32Array). */
import type { Rng } from '../core/rng.js';
import { splitRows } from '../data/split.js';

/** A random `testShare` of the rows for testing, the rest for training (see `splitRows`). */
export function trainTestSplit(
  n: number,
  testShare: number,
  rng: Rng,
): { train: Uint32Array; test: Uint32Array } {
  const { training, holdout } = splitRows(n, testShare, rng);
  return { train: training, test: holdout };
}

/** k folds (test indices) with each class spread evenly across them, as scikit-learn's StratifiedKFold. */
export function stratifiedKFold(labels: ArrayLike<number>, k: number, rng: Rng): Uint32Array[] {
  if (!(Number.isInteger(k) && k >= 2)) throw new RangeError(`k must be an integer ≥ 2, got ${k}`);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const rows = byClass.get(labels[i]) ?? [];
    rows.push(i);
    byClass.set(labels[i], rows);
  }
  const folds: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const key of [...byClass.keys()].sort((a, b) => a - b)) {
    for (const row of rng.shuffle(byClass.get(key)!)) {
      folds[next].push(row);
      next = (next + 1) % k;
    }
  }
  return folds.map((rows) => Uint32Array.from(rows).sort());
}

/** A seeded subsample of at most `max` of the given rows, in ascending order. */
export function subsample(rows: Uint32Array, max: number, rng: Rng): Uint32Array {
  if (rows.length <= max) return rows;
  return rng.shuffle(Uint32Array.from(rows)).slice(0, max).sort();
}
