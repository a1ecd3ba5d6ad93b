import { describe, expect, it } from 'vitest';
import { bernoulliExp, bernoulliRational } from './bernoulli-exp.js';
import { addDiscreteGaussianNoise, DiscreteGaussian, discreteGaussianPmf } from './discrete-gaussian.js';
import { discreteLaplace, discreteLaplacePmf } from './discrete-laplace.js';
import { seededRandomBits } from './random-bits.js';
import { exactRational, type Rational, rational, rationalAtLeast, toNumber } from './rational.js';
import { exactVariance, sampleMoments, symmetricChiSquare } from './test-support/goodness-of-fit.js';

// Fixed seeds keep these statistical tests deterministic; the thresholds (p > 0.001, 5 standard
// errors) are loose enough that a correct sampler passes them on almost every seed.
const P_MIN = 0.001;

describe('Bernoulli(exp(−γ)), CKS20 Algorithm 1', () => {
  it.each([
    [0n, 1n],
    [1n, 3n],
    [1n, 1n],
    [5n, 2n],
    [7n, 1n],
  ])('γ = %i/%i: success frequency within 5 standard errors of exp(−γ)', (num, den) => {
    const bits = seededRandomBits(`bernoulli-exp ${num}/${den}`);
    const n = 200_000;
    let successes = 0;
    for (let i = 0; i < n; i++) if (bernoulliExp(bits, num, den)) successes++;
    const p = Math.exp(-Number(num) / Number(den));
    if (p === 1) expect(successes).toBe(n);
    else expect(Math.abs(successes / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
  });

  it('Bernoulli(num/den) is exact at its ends', () => {
    const bits = seededRandomBits('ends');
    for (let i = 0; i < 1000; i++) {
      expect(bernoulliRational(bits, 0n, 7n)).toBe(false);
      expect(bernoulliRational(bits, 7n, 7n)).toBe(true);
    }
  });
});

describe('discrete Laplace, CKS20 Algorithm 2', () => {
  it.each([
    [2n, 1n],
    [1n, 1n],
    [1n, 3n],
    [3n, 10n],
    [1n, 25n],
  ])('s = %i, t = %i: χ² against the exact pmf with scale t/s', (s, t) => {
    const bits = seededRandomBits(`laplace ${s} ${t}`);
    const draws = Array.from({ length: 100_000 }, () => Number(discreteLaplace(bits, s, t)));
    const scale = Number(t) / Number(s);
    const fit = symmetricChiSquare(draws, (y) => discreteLaplacePmf(y, scale));
    expect(fit.df).toBeGreaterThan(0);
    expect(fit.p).toBeGreaterThan(P_MIN);
    const { mean, variance } = sampleMoments(draws);
    const exact = exactVariance((y) => discreteLaplacePmf(y, scale));
    expect(Math.abs(mean)).toBeLessThan(5 * Math.sqrt(exact / draws.length));
    expect(Math.abs(variance / exact - 1)).toBeLessThan(0.05);
  });
});

describe('discrete Gaussian, CKS20 Algorithm 3', () => {
  const cases: Array<[string, Rational, number]> = [
    ['σ = 0.5', rational(1n, 4n), 200_000],
    ['σ = 1', rational(1n), 200_000],
    ['σ = 3', rational(9n), 200_000],
    ['σ = 10', rational(100n), 200_000],
    ['σ = 100', rational(10_000n), 200_000],
    ['σ² = 2/3', rational(2n, 3n), 100_000],
    // The exact value of the double 1.7: a 52-bit denominator, so the BigInt paths run.
    ['σ² = 1.7 (exact double)', exactRational(1.7), 50_000],
  ];

  it.each(cases)('%s: χ² against the exact pmf, mean and variance', (_label, sigma2, n) => {
    const bits = seededRandomBits(`gaussian ${sigma2.num}/${sigma2.den}`);
    const draws = new DiscreteGaussian(sigma2).sampleVector(bits, n);
    const pmf = discreteGaussianPmf(toNumber(sigma2));
    const fit = symmetricChiSquare(draws, pmf);
    expect(fit.df).toBeGreaterThan(0);
    expect(fit.p).toBeGreaterThan(P_MIN);
    const exact = exactVariance(pmf);
    const { mean, variance } = sampleMoments(draws);
    expect(Math.abs(mean)).toBeLessThan(5 * Math.sqrt(exact / n));
    // The sample variance of n draws has standard error ≈ variance · √(2/n) (light tails).
    expect(Math.abs(variance / exact - 1)).toBeLessThan(5 * Math.sqrt(2 / n) + 0.002);
  });

  it('the variance is below σ², and within a hair of it for large σ (CKS20 bound it by σ²)', () => {
    expect(exactVariance(discreteGaussianPmf(100))).toBeLessThan(100);
    expect(exactVariance(discreteGaussianPmf(100))).toBeGreaterThan(99.99);
    expect(exactVariance(discreteGaussianPmf(0.25))).toBeLessThan(0.25);
  });

  it('the pmf sums to 1', () => {
    for (const s2 of [0.25, 1, 100, 1e4]) {
      const pmf = discreteGaussianPmf(s2);
      let total = pmf(0);
      for (let y = 1; y < 2000; y++) total += 2 * pmf(y);
      expect(total).toBeCloseTo(1, 12);
    }
  });

  it('is reproducible from a seed and different across seeds', () => {
    const g = new DiscreteGaussian(rational(100n));
    const a = g.sampleVector(seededRandomBits(7), 50);
    expect(g.sampleVector(seededRandomBits(7), 50)).toEqual(a);
    expect(g.sampleVector(seededRandomBits(8), 50)).not.toEqual(a);
  });

  it('refuses σ² = 0', () => {
    expect(() => new DiscreteGaussian(rational(0n))).toThrow(RangeError);
  });
});

describe('noisy marginal counts', () => {
  it('adds integer noise to every cell, with the sampler’s spread', () => {
    const counts = new Float64Array(20_000).fill(40);
    const noisy = addDiscreteGaussianNoise(counts, rationalAtLeast(9), seededRandomBits('marginal'));
    expect(noisy.every(Number.isInteger)).toBe(true);
    const { mean, variance } = sampleMoments(noisy);
    expect(Math.abs(mean - 40)).toBeLessThan(5 * Math.sqrt(9 / counts.length));
    expect(Math.abs(variance / 9 - 1)).toBeLessThan(0.07);
  });

  it('refuses counts that are not integers', () => {
    expect(() => addDiscreteGaussianNoise([1, 2.5], rational(1n), seededRandomBits(1))).toThrow(/cell 1/);
  });
});
