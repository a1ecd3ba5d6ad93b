import { describe, expect, it } from 'vitest';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { exponentialMechanism } from './exponential-mechanism.js';

describe('exponentialMechanism', () => {
  it('draws each candidate with probability ∝ exp(ε (q − max q) / 2Δ): chi-square against the exact law', () => {
    const unit = 2 ** 20;
    // Scores 0, 1, 3 and 3.5 patients, ε = 1, Δ = 1 patient.
    const scores = [0, unit, 3 * unit, 3.5 * unit];
    const weights = scores.map((q) => Math.exp((1 * (q - 3.5 * unit)) / unit / 2));
    const total = weights.reduce((a, b) => a + b, 0);
    const bits = seededRandomBits('em-law');
    const draws = 40_000;
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < draws; i++) counts[exponentialMechanism(scores, 1, unit, bits)]++;
    const chi2 = counts.reduce((s, c, i) => {
      const expected = (draws * weights[i]) / total;
      return s + (c - expected) ** 2 / expected;
    }, 0);
    // 3 degrees of freedom: the 0.999 quantile is 16.27.
    expect(chi2).toBeLessThan(16.27);
  });

  it('is uniform when ε is 0 and always the best when the gaps are huge', () => {
    const bits = seededRandomBits('em-ends');
    const counts = [0, 0];
    for (let i = 0; i < 4000; i++) counts[exponentialMechanism([0, 1000], 0, 1, bits)]++;
    expect(Math.abs(counts[0] - 2000)).toBeLessThan(4 * Math.sqrt(1000)); // 4 SE of Binomial(4000, ½)
    for (let i = 0; i < 100; i++) expect(exponentialMechanism([0, 100_000, 3], 1, 1, bits)).toBe(1);
  });

  it('gives the same draws for the same seeded stream', () => {
    const draw = (label: string) => {
      const bits = seededRandomBits(label);
      return Array.from({ length: 50 }, () => exponentialMechanism([5, 3, 8, 8, 1], 0.7, 1, bits));
    };
    expect(draw('a')).toEqual(draw('a'));
    expect(draw('a')).not.toEqual(draw('b'));
  });

  it('refuses scores that are not whole numbers and no candidates', () => {
    const bits = seededRandomBits(1);
    expect(() => exponentialMechanism([0.5, 1], 1, 1, bits)).toThrow(/safe integers/);
    expect(() => exponentialMechanism([], 1, 1, bits)).toThrow(/at least one candidate/);
    expect(() => exponentialMechanism([1, 2], 1, 0.5, bits)).toThrow(/sensitivity/);
  });
});
