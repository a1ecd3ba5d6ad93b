import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { normalCdf, normalMass, normalQuantile, truncatedMean, truncatedStandardNormal } from './normal.js';

// Reference values from scipy 1.17: scipy.stats.norm.cdf / norm.ppf.
const CDF: Array<[number, number]> = [
  [-37, 5.7255712225239266e-300],
  [-20, 2.7536241186061556e-89],
  [-10, 7.61985302416047e-24],
  [-8, 6.22096057427174e-16],
  [-5, 2.866515718791933e-7],
  [-3, 0.0013498980316300933],
  [-1.96, 0.024997895148220435],
  [-1, 0.15865525393145707],
  [0, 0.5],
  [0.3, 0.6179114221889526],
  [2.5, 0.9937903346742238],
  [6, 0.9999999990134123],
];
const PPF: Array<[number, number]> = [
  [1e-300, -37.0470962993612],
  [1e-20, -9.262340089798409],
  [1e-10, -6.361340902404056],
  [0.001, -3.090232306167813],
  [0.02425, -1.972961051311885],
  [0.3, -0.5244005127080409],
  [0.5, 0],
  [0.8, 0.8416212335729143],
  [0.975, 1.959963984540054],
  [1 - 1e-10, 6.361340889697422],
];

describe('normal distribution', () => {
  it('Φ matches scipy: 1e-15 absolute error, 1e-10 relative in the tails to |x| = 5, 1e-8 beyond', () => {
    for (const [x, p] of CDF) {
      expect(Math.abs(normalCdf(x) - p)).toBeLessThan(1e-15);
      expect(Math.abs(normalCdf(x) - p) / p).toBeLessThan(Math.abs(x) <= 5 ? 1e-10 : 1e-8);
    }
  });

  it('Φ⁻¹ matches scipy and inverts Φ', () => {
    for (const [p, x] of PPF) expect(normalQuantile(p)).toBeCloseTo(x, p < 1e-100 ? 6 : 9);
    for (const x of [-30, -7.5, -2, -0.1, 0.7, 4]) expect(normalQuantile(normalCdf(x))).toBeCloseTo(x, 9);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
  });

  it('interval masses and truncated means keep their digits in the tails', () => {
    expect(normalMass(8, Number.POSITIVE_INFINITY) / 6.22096057427174e-16).toBeCloseTo(1, 8);
    expect(normalMass(-1, 1)).toBeCloseTo(0.6826894921370859, 14);
    // E[Z | Z > t] = φ(t) / (1 − Φ(t)): the inverse Mills ratio, 2.3732155328228 at t = 2 (scipy).
    expect(truncatedMean(2, Number.POSITIVE_INFINITY)).toBeCloseTo(2.3732155328228, 10);
    expect(truncatedMean(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)).toBeCloseTo(0, 15);
  });

  it('truncated draws stay in their interval and have the truncated mean', () => {
    const rng = Rng.from(3);
    for (const [a, b] of [
      [2, Number.POSITIVE_INFINITY],
      [-1, 0.5],
      [-9, -8.5],
      [12, 12.1],
    ]) {
      let sum = 0;
      let outside = 0;
      const n = 20_000;
      for (let i = 0; i < n; i++) {
        const z = truncatedStandardNormal(a, b, rng);
        if (!(z >= a && z < b)) outside++;
        sum += z;
      }
      expect(outside).toBe(0);
      expect(sum / n).toBeCloseTo(truncatedMean(a, b), 2);
    }
  });
});
