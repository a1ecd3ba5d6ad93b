import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { stratifiedKFold, subsample, trainTestSplit } from './split.js';

describe('splits', () => {
  it('partitions the rows into train and test', () => {
    const { train, test } = trainTestSplit(100, 0.25, Rng.from(1));
    expect(test.length).toBe(25);
    expect(new Set([...train, ...test]).size).toBe(100);
  });

  it('spreads each class evenly over the folds', () => {
    const labels = Array.from({ length: 30 }, (_, i) => (i < 10 ? 1 : 0));
    const folds = stratifiedKFold(labels, 5, Rng.from(2));
    for (const fold of folds) {
      expect(fold.length).toBe(6);
      expect([...fold].filter((i) => labels[i] === 1).length).toBe(2);
    }
    expect(new Set(folds.flatMap((f) => [...f])).size).toBe(30);
  });

  it('subsamples without repeats and is seeded', () => {
    const rows = Uint32Array.from({ length: 50 }, (_, i) => i * 2);
    const a = subsample(rows, 10, Rng.from(3));
    expect(a).toEqual(subsample(rows, 10, Rng.from(3)));
    expect(new Set(a).size).toBe(10);
    expect(subsample(rows, 100, Rng.from(3))).toBe(rows);
  });
});
