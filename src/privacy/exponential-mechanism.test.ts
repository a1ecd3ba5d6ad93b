import { describe, expect, it } from 'vitest';
import { chiSquareSf } from '../stats/distributions.js';
import { exponentialMechanism, exponentialMechanismProbabilities } from './exponential-mechanism.js';
import { seededRandomBits } from './random-bits.js';

/** Pearson's χ² of observed counts against expected probabilities, and its p-value. */
function goodnessOfFit(counts: readonly number[], probabilities: readonly number[]): number {
  const n = counts.reduce((s, c) => s + c, 0);
  const statistic = counts.reduce(
    (s, c, i) => s + (c - n * probabilities[i]) ** 2 / (n * probabilities[i]),
    0,
  );
  return chiSquareSf(statistic, counts.length - 1);
}

describe('exponentialMechanism', () => {
  it.each([
    ['spread scores, ε = 1', [0, 1, 2, 5, -3, 2.5], 1, 1],
    [
      'AIM-like scores (weights 128, negative bias), ε = 0.02',
      [-5000, 1200.5, 3400.25, 2900, -100, 3350],
      0.02,
      128,
    ],
    ['one dominant candidate among ties', [10, 0, 0, 0, 0, 0, 0, 0], 0.5, 1],
  ])('draws from the exact distribution: %s (χ², 40,000 draws)', (_, scores, epsilon, sensitivity) => {
    const bits = seededRandomBits(`em-${scores.length}-${epsilon}`);
    const counts = new Array<number>(scores.length).fill(0);
    for (let i = 0; i < 40_000; i++) counts[exponentialMechanism(scores, epsilon, sensitivity, bits)]++;
    const probabilities = exponentialMechanismProbabilities(scores, epsilon, sensitivity);
    expect(goodnessOfFit(counts, probabilities)).toBeGreaterThan(1e-3);
  });

  it('restricted to the admissible candidates, draws from the mechanism on that subset (χ²), asking each at most once', () => {
    const scores = [3, 0, 2, 5, -1, 4];
    const admissible = [true, true, false, true, true, false];
    const asked = new Array<number>(scores.length).fill(0);
    const bits = seededRandomBits('em-admissible');
    const counts = new Array<number>(scores.length).fill(0);
    for (let i = 0; i < 20_000; i++) {
      const seen = new Array<number>(scores.length).fill(0);
      const at = exponentialMechanism(scores, 1, 1, bits, (k) => {
        seen[k]++;
        asked[k]++;
        return admissible[k];
      });
      expect(seen.every((n) => n <= 1)).toBe(true);
      counts[at]++;
    }
    expect(counts[2] + counts[5]).toBe(0);
    const kept = scores.filter((_, k) => admissible[k]);
    const observed = counts.filter((_, k) => admissible[k]);
    expect(goodnessOfFit(observed, exponentialMechanismProbabilities(kept, 1, 1))).toBeGreaterThan(1e-3);
    expect(() => exponentialMechanism([1, 2], 1, 1, bits, () => false)).toThrow(/admissible/);
  });

  it('gives the hand-computed probabilities exp(ε q / 2Δ) / Σ', () => {
    const p = exponentialMechanismProbabilities([0, 2 * Math.log(3)], 1, 1);
    expect(p[0]).toBeCloseTo(1 / 4, 14);
    expect(p[1]).toBeCloseTo(3 / 4, 14);
  });

  it('is uniform at ε = 0 and deterministic for a seeded bit source', () => {
    const probabilities = exponentialMechanismProbabilities([1, 100, -7], 0, 1);
    expect(probabilities.every((p) => Math.abs(p - 1 / 3) < 1e-15)).toBe(true);
    const draw = (seed: number) => {
      const bits = seededRandomBits(seed);
      return Array.from({ length: 50 }, () => exponentialMechanism([1, 2, 3, 4], 2, 1, bits));
    };
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
  });

  it('refuses no candidates, non-finite scores and a non-positive sensitivity', () => {
    const bits = seededRandomBits(1);
    expect(() => exponentialMechanism([], 1, 1, bits)).toThrow(RangeError);
    expect(() => exponentialMechanism([1, Number.NaN], 1, 1, bits)).toThrow(RangeError);
    expect(() => exponentialMechanism([1, 2], 1, 0, bits)).toThrow(RangeError);
    expect(() => exponentialMechanism([1, 2], -1, 1, bits)).toThrow(RangeError);
  });
});

// MST's use: integer scores in a fine unit, ε split over the tree's edges.
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

  it('refuses no candidates and a sensitivity that is not positive', () => {
    const bits = seededRandomBits(1);
    expect(() => exponentialMechanism([], 1, 1, bits)).toThrow(/at least one candidate/);
    expect(() => exponentialMechanism([1, 2], 1, 0, bits)).toThrow(/sensitivity/);
  });
});
