import { describe, expect, it } from 'vitest';
import { lastAtOrBelow, mergeNearTies } from './ties.js';

describe('mergeNearTies (R aeqSurv)', () => {
  it('merges times equal up to rounding into the first of their run', () => {
    const merged = mergeNearTies(Float64Array.of(2, 1 + 1e-12, 1, 3));
    expect(Array.from(merged)).toEqual([2, 1, 1, 3]);
  });
  it('treats 0.1 * 3 and 0.3 as one time', () => {
    const merged = mergeNearTies(Float64Array.of(0.1 * 3, 0.3, 0.5));
    expect(merged[0]).toBe(merged[1]);
  });
  it('uses a tolerance relative to the mean absolute time for large times', () => {
    const merged = mergeNearTies(Float64Array.of(1e9, 1e9 + 1, 2e9));
    expect(merged[1]).toBe(1e9);
  });
  it('returns the input itself when nothing is tied, and keeps distinct close times apart', () => {
    const times = Float64Array.of(1, 1.001, 2);
    expect(mergeNearTies(times)).toBe(times);
  });
  it('leaves non-finite values alone', () => {
    const merged = mergeNearTies(Float64Array.of(1, 1 + 1e-13, Number.NaN));
    expect(merged[1]).toBe(1);
    expect(merged[2]).toBeNaN();
  });
  it('finds the last element at or below a value', () => {
    const sorted = [1, 2, 2, 5];
    expect([0, 1, 2, 3, 5, 9].map((t) => lastAtOrBelow(sorted, t))).toEqual([-1, 0, 2, 2, 3, 3]);
  });
});
