import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { binFeatures } from './binning.js';
import { bestSplit, growTree, leafOffset, type TreeTask } from './tree.js';

/** The obvious search: every feature, every threshold between distinct values, impurity by definition. */
function bruteForce(x: Float64Array, n: number, p: number, task: TreeTask, minLeaf: number): number {
  const impurity = (rows: number[]): number => {
    if (task.kind === 'regression') {
      const mean = rows.reduce((s, i) => s + task.y[i], 0) / rows.length;
      return rows.reduce((s, i) => s + (task.y[i] - mean) ** 2, 0);
    }
    const counts = new Array(task.classes).fill(0);
    for (const i of rows) counts[task.y[i]]++;
    return rows.length * (1 - counts.reduce((s, c) => s + (c / rows.length) ** 2, 0));
  };
  const all = Array.from({ length: n }, (_, i) => i);
  const parent = impurity(all);
  let best = 0;
  for (let f = 0; f < p; f++) {
    const values = [...new Set(all.map((i) => x[i * p + f]))].sort((a, b) => a - b);
    for (let v = 0; v + 1 < values.length; v++) {
      const left = all.filter((i) => x[i * p + f] <= values[v]);
      const right = all.filter((i) => x[i * p + f] > values[v]);
      if (left.length < minLeaf || right.length < minLeaf) continue;
      best = Math.max(best, parent - impurity(left) - impurity(right));
    }
  }
  return best;
}

describe('bestSplit', () => {
  const rng = Rng.from(7);
  for (let trial = 0; trial < 12; trial++) {
    const n = 20 + trial * 3;
    const p = 3;
    const x = Float64Array.from({ length: n * p }, () => Math.round(rng.normal() * 4) / 2);
    const classification = trial % 2 === 0;
    const task: TreeTask = classification
      ? { kind: 'classification', classes: 3, y: Int32Array.from({ length: n }, () => rng.int(3)) }
      : { kind: 'regression', y: Float64Array.from({ length: n }, (_, i) => x[i * p] + rng.normal()) };
    const minLeaf = 1 + (trial % 3);
    it(`finds the brute-force best ${task.kind} split (trial ${trial})`, () => {
      const binned = binFeatures(x, n, p, 256);
      const rows = Uint32Array.from({ length: n }, (_, i) => i);
      const split = bestSplit(binned, task, rows, 0, n, [0, 1, 2], minLeaf);
      // The search maximises Σ score, which equals the impurity decrease (Gini × n, or RSS).
      expect(split?.gain ?? 0).toBeCloseTo(bruteForce(x, n, p, task, minLeaf), 9);
    });
  }

  it('returns undefined when no split leaves minSamplesLeaf rows on each side', () => {
    const x = Float64Array.from([1, 2, 3]);
    const binned = binFeatures(x, 3, 1);
    const task: TreeTask = { kind: 'classification', classes: 2, y: Int32Array.from([0, 1, 0]) };
    expect(bestSplit(binned, task, Uint32Array.from([0, 1, 2]), 0, 3, [0], 2)).toBeUndefined();
  });
});

describe('growTree', () => {
  it('fits a step function exactly when grown to purity', () => {
    const n = 50;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const y = Int32Array.from({ length: n }, (_, i) => (i < 20 || i >= 35 ? 0 : 1));
    const tree = growTree(
      binFeatures(x, n, 1),
      { kind: 'classification', classes: 2, y },
      Uint32Array.from({ length: n }, (_, i) => i),
      { maxFeatures: 1, minSamplesLeaf: 1, maxDepth: 10 },
      Rng.from(1),
    );
    for (let i = 0; i < n; i++) expect(tree.value[leafOffset(tree, x, 1, i) + 1]).toBe(y[i]);
  });
});
