import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';

describe('Rng', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = Rng.from(42);
    const b = Rng.from(42);
    const c = Rng.from(43);
    const xs = Array.from({ length: 100 }, () => a.uniform());
    expect(Array.from({ length: 100 }, () => b.uniform())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.uniform())).not.toEqual(xs);
  });

  it('split streams are reproducible, independent of each other and leave the parent untouched', () => {
    const parent = Rng.from(7);
    const before = Rng.from(7).uniform();
    const s1 = parent.split('age').uniform();
    const s2 = parent.split('age').uniform();
    const s3 = parent.split('sex').uniform();
    expect(s1).toBe(s2);
    expect(s3).not.toBe(s1);
    expect(parent.uniform()).toBe(before);
  });

  it('draws uniforms with the right moments', () => {
    const rng = Rng.from(1);
    const n = 200_000;
    let sum = 0;
    let sumSq = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
      sumSq += u * u;
    }
    expect(outside).toBe(0);
    // Mean 1/2, variance 1/12; 5 standard errors of the mean is about 0.0032.
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.0033);
    expect(Math.abs(sumSq / n - (sum / n) ** 2 - 1 / 12)).toBeLessThan(0.002);
  });

  it('draws normals, gammas and Poissons with the right mean and variance', () => {
    const rng = Rng.from(2);
    const n = 100_000;
    const moments = (draw: () => number) => {
      let s = 0;
      let ss = 0;
      for (let i = 0; i < n; i++) {
        const x = draw();
        s += x;
        ss += x * x;
      }
      return { mean: s / n, variance: ss / n - (s / n) ** 2 };
    };
    const normal = moments(() => rng.normal(3, 2));
    expect(normal.mean).toBeCloseTo(3, 1);
    expect(normal.variance).toBeCloseTo(4, 1);
    const gamma = moments(() => rng.gamma(0.5));
    expect(Math.abs(gamma.mean - 0.5)).toBeLessThan(0.015);
    const poisson = moments(() => rng.poisson(3.5));
    expect(Math.abs(poisson.mean - 3.5)).toBeLessThan(0.04);
    expect(Math.abs(poisson.variance - 3.5)).toBeLessThan(0.1);
  });

  it('int is unbiased and within range; categorical follows its weights', () => {
    const rng = Rng.from(3);
    const counts = new Array(3).fill(0);
    for (let i = 0; i < 30_000; i++) counts[rng.categorical([1, 2, 7])]++;
    expect(counts[0] / 30_000).toBeCloseTo(0.1, 1);
    expect(counts[2] / 30_000).toBeCloseTo(0.7, 1);
    for (let i = 0; i < 1000; i++) {
      const k = rng.int(7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
    }
    expect(() => rng.int(0)).toThrow(RangeError);
    expect(() => rng.categorical([0, 0])).toThrow(RangeError);
  });

  it('rejects a seed that is not finite', () => {
    expect(() => Rng.from(Number.NaN)).toThrow(/finite/);
  });
});
