import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { calibrateIntercept, cholesky, PiecewiseHazard, pearsonForSpearman, sigmoid } from './math.js';

describe('simulator math', () => {
  it('PiecewiseHazard.invert is the inverse of cumulativeAt', () => {
    const h = new PiecewiseHazard([0, 1, 3], [0.5, 0.2, 0.1]);
    expect(h.cumulativeAt(1)).toBeCloseTo(0.5, 12);
    expect(h.cumulativeAt(4)).toBeCloseTo(0.5 + 0.4 + 0.1, 12);
    for (const t of [0.3, 1, 2.2, 3, 10]) expect(h.invert(h.cumulativeAt(t))).toBeCloseTo(t, 10);
  });

  it('PiecewiseHazard.sample with a constant rate is exponential (mean 1/rate)', () => {
    const h = new PiecewiseHazard([0], [2]);
    const rng = Rng.from(1);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) sum += h.sample(rng, Math.log(0.5));
    // Mean 1/(2·0.5) = 1; SE 1/√20000 ≈ 0.007.
    expect(sum / 20_000).toBeCloseTo(1, 1);
  });

  it('cholesky reproduces the matrix and refuses an indefinite one', () => {
    const m = [
      [1, 0.5, 0.2],
      [0.5, 1, 0.3],
      [0.2, 0.3, 1],
    ];
    const l = cholesky(m);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += l[i * 3 + k] * l[j * 3 + k];
        expect(s).toBeCloseTo(m[i][j], 12);
      }
    expect(() =>
      cholesky([
        [1, 2],
        [2, 1],
      ]),
    ).toThrow(/positive definite/);
  });

  it('calibrateIntercept hits the target mean probability', () => {
    const offsets = Float64Array.from({ length: 1000 }, (_, i) => (i % 7) - 3);
    const a = calibrateIntercept(offsets, 0.05);
    const mean = offsets.reduce((s, o) => s + sigmoid(a + o), 0) / offsets.length;
    expect(mean).toBeCloseTo(0.05, 9);
  });

  it('pearsonForSpearman inverts (6/π)·asin(r/2)', () => {
    for (const rho of [-0.15, 0.19, 0.62])
      expect((6 / Math.PI) * Math.asin(pearsonForSpearman(rho) / 2)).toBeCloseTo(rho, 12);
  });
});
