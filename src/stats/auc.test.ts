import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { rocAuc } from './auc.js';

/** The obvious O(n²) definition: P(score of a positive > score of a negative), ties ½. */
function bruteForceAuc(scores: number[], labels: number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++)
    for (let j = 0; j < scores.length; j++)
      if (labels[i] === 1 && labels[j] === 0) {
        pairs++;
        wins += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
      }
  return wins / pairs;
}

describe('rocAuc', () => {
  it('gives 1 for perfect ranking, 0 for reversed, 0.5 for all tied', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(rocAuc([1, 1, 1, 1], [0, 1, 0, 1])).toBe(0.5);
  });

  it("matches scikit-learn's roc_auc_score on a small case with ties", () => {
    // roc_auc_score([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.4, 0.4]) = 0.6666666666666667
    expect(rocAuc([0.1, 0.4, 0.35, 0.8, 0.4, 0.4], [0, 0, 1, 1, 0, 1])).toBeCloseTo(2 / 3, 12);
  });

  it('agrees with the brute-force definition on random tied data', () => {
    const rng = Rng.from(4);
    const scores = Array.from({ length: 300 }, () => rng.int(20));
    const labels = Array.from({ length: 300 }, () => (rng.bernoulli(0.4) ? 1 : 0));
    expect(rocAuc(scores, labels)).toBeCloseTo(bruteForceAuc(scores, labels), 12);
  });

  it('is undefined (NaN) with a single class', () => {
    expect(rocAuc([0.1, 0.2], [1, 1])).toBeNaN();
  });
});
