import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { NumberCdf, sketchMarginal } from './marginal.js';

const SETTINGS = { knots: 200, minAtomCount: 5 };

function cdfOf(values: number[], decimals: number | null = null, settings = SETTINGS): NumberCdf {
  const knots = sketchMarginal(Float64Array.from(values).sort(), settings);
  return new NumberCdf({ type: 'number', knots, decimals });
}

describe('marginal sketch', () => {
  it('hand case: a zero-inflated count keeps its zeros as a point mass of exact weight', () => {
    // 6 zeros of 10 (an atom), then 1, 2, 3, 5 once each (too rare to be atoms).
    const cdf = cdfOf([0, 0, 0, 0, 0, 0, 1, 2, 3, 5], 0);
    expect([...cdf.value]).toEqual([0, 0, 1, 2, 3, 5]);
    expect([...cdf.cdf]).toEqual([0, 0.6, 0.65, 0.75, 0.85, 1]);
    expect(cdf.atomAt(0)).toBe(0);
    expect(cdf.atomAt(2)).toBe(-1);
    expect(cdf.below(0)).toBe(0);
    expect(cdf.below(2.5)).toBeCloseTo(0.8, 12);
    expect(cdf.quantile(0.3)).toBe(0);
    expect(cdf.quantile(0.8)).toBeCloseTo(2.5, 12);
    expect(cdf.output(0.8)).toBe(3);
    expect(cdf.output(1)).toBe(5);
  });

  it('stays a few hundred knots for 100,000 distinct values and reproduces their quantiles', () => {
    const rng = Rng.from(4);
    const values = Array.from({ length: 100_000 }, () => Math.exp(rng.normal()));
    const cdf = cdfOf(values);
    expect(cdf.value.length).toBeLessThanOrEqual(SETTINGS.knots + 2);
    const sorted = Float64Array.from(values).sort();
    for (const p of [0.01, 0.1, 0.5, 0.9, 0.99]) {
      const exact = sorted[Math.floor(p * sorted.length)];
      expect(Math.abs(cdf.below(exact) - p)).toBeLessThan(1 / SETTINGS.knots);
    }
    expect(cdf.min).toBe(sorted[0]);
    expect(cdf.max).toBe(sorted[sorted.length - 1]);
  });

  it('keeps every frequent value of a small-range integer as an atom, and no more atoms than knots', () => {
    const rng = Rng.from(5);
    const values = Array.from({ length: 5000 }, () => rng.poisson(3));
    const cdf = cdfOf(values, 0);
    for (let k = 0; k <= 6; k++) {
      const at = cdf.atomAt(k);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(cdf.cdf[at + 1] - cdf.cdf[at]).toBeCloseTo(values.filter((v) => v === k).length / 5000, 12);
    }
    const many = cdfOf(
      Array.from({ length: 20_000 }, (_, i) => i % 1000),
      0,
      { knots: 50, minAtomCount: 5 },
    );
    expect(many.value.length).toBeLessThanOrEqual(2 * 50 + 2);
  });

  it('a constant column is a single atom', () => {
    const cdf = cdfOf([7, 7, 7]);
    expect([...cdf.value]).toEqual([7, 7]);
    expect(cdf.output(0.2)).toBe(7);
  });

  it('rounds outputs to the data precision, never outside [min, max]', () => {
    const cdf = cdfOf([0.1, 0.2, 0.4, 0.8, 1.6], 1);
    for (let u = 0; u <= 1; u += 0.01) {
      const x = cdf.output(u);
      expect(x).toBeGreaterThanOrEqual(0.1);
      expect(x).toBeLessThanOrEqual(1.6);
      expect(Math.round(x * 10) / 10).toBe(x);
    }
  });
});
