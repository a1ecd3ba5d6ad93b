import { describe, expect, it } from 'vitest';
import {
  countBins,
  innerRange,
  mergeSmallBins,
  niceCuts,
  openBin,
  poolRareLevels,
  suppressSmallCells,
} from './binning.js';

describe('shareable binning', () => {
  it('takes the range inside the k − 1 most extreme values on each side', () => {
    expect(innerRange([1, 2, 3, 4, 5, 6, 7, 8, 9, 1000], 3)).toEqual([3, 8]);
    expect(innerRange([5], 5)).toEqual([5, 5]);
  });

  it('cuts at round numbers, 1-2-5 per decade on a log scale', () => {
    expect(niceCuts(3, 97, 10)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(niceCuts(0.3, 4000, 10, 'log')).toEqual([0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000]);
    expect(niceCuts(2, 40, 10, 'log')).toEqual([2, 3, 5, 7, 10, 15, 20, 30]);
  });

  it('puts values beyond the cuts in open-ended outer bins', () => {
    expect(openBin([10, 20], -1e9)).toBe(0);
    expect(openBin([10, 20], 10)).toBe(1);
    expect(openBin([10, 20], 1e9)).toBe(2);
    expect(countBins([1, 10, 15, 25, 99], [10, 20])).toEqual([1, 2, 2]);
  });

  it('merges ordered bins until every non-empty one holds k', () => {
    expect(mergeSmallBins([1, 9, 0, 12, 2], 5)).toEqual([
      [0, 1],
      [2, 2],
      [3, 4],
    ]);
    expect(mergeSmallBins([2, 1], 5)).toEqual([[0, 1]]);
    expect(mergeSmallBins([6, 0, 7], 5)).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
  });

  it('pools rare levels, with the least frequent other level while the pool is below k', () => {
    expect(poolRareLevels([50, 3, 20, 4], 5)).toEqual([[0], [2], [1, 3]]);
    expect(poolRareLevels([50, 2, 20, 0], 5)).toEqual([[0], [3], [1, 2]]);
    expect(poolRareLevels([10, 20], 5)).toEqual([[0], [1]]);
  });

  it('suppresses small cells, and more until the hidden ones hold k together (their sum is known)', () => {
    expect(suppressSmallCells([10, 3, 0, 7, 20], 5)).toEqual([10, null, 0, null, 20]);
    expect(suppressSmallCells([10, 3, 2, 7], 5)).toEqual([10, null, null, 7]);
    // Two hidden cells summing to 2 would both be 1: a third cell is hidden with them.
    expect(suppressSmallCells([10, 1, 1, 7, 20], 5)).toEqual([10, null, null, null, 20]);
    expect(suppressSmallCells([10, 0, 20], 5)).toEqual([10, 0, 20]);
  });
});
