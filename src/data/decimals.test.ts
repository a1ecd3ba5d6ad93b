import { describe, expect, it } from 'vitest';
import { detectDecimals } from './decimals.js';

describe('detectDecimals', () => {
  it('finds the fewest decimals that write every value, ignoring missing values', () => {
    expect(detectDecimals(Float64Array.of(1, 2, 30))).toBe(0);
    expect(detectDecimals(Float64Array.of(1.5, 2.25, 0.1))).toBe(2);
    expect(detectDecimals(Float64Array.of(143.5, Number.NaN, 7))).toBe(1);
    expect(detectDecimals(Float64Array.of(Math.PI))).toBeNull();
  });
});
