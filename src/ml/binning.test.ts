import { describe, expect, it } from 'vitest';
import { binFeatures, binOf } from './binning.js';

describe('binFeatures', () => {
  it('keeps every distinct value when there are few, cutting at midpoints', () => {
    const x = Float64Array.from([3, 1, 2, 1, 3]);
    const { bins, thresholds } = binFeatures(x, 5, 1, 8);
    expect(Array.from(thresholds[0])).toEqual([1.5, 2.5]);
    expect(Array.from(bins)).toEqual([2, 0, 1, 0, 2]);
  });

  it('cuts many values at quantiles, never above maxBins, and still cuts after a heavy tie', () => {
    const n = 1000;
    const x = Float64Array.from({ length: n }, (_, i) => (i < 800 ? 0 : i));
    const { bins, thresholds } = binFeatures(x, n, 1, 16);
    expect(thresholds[0].length).toBeLessThanOrEqual(15);
    expect(thresholds[0][0]).toBeGreaterThan(0);
    expect(thresholds[0][0]).toBeLessThan(800);
    expect(new Set(bins.subarray(0, 800)).size).toBe(1);
    for (let i = 0; i < n; i++) expect(bins[i]).toBe(binOf(thresholds[0], x[i]));
  });

  it('gives one bin to a constant feature', () => {
    const { bins, thresholds } = binFeatures(Float64Array.from([7, 7, 7]), 3, 1);
    expect(thresholds[0].length).toBe(0);
    expect(Array.from(bins)).toEqual([0, 0, 0]);
  });
});
