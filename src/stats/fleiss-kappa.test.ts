import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import reference from './fixtures/fleiss-kappa.json' with { type: 'json' };
import { fleissKappa, landisKoch } from './fleiss-kappa.js';

// Fleiss (1971), Table 1 as reproduced on Wikipedia ("Fleiss' kappa", worked example).
const FLEISS_1971 = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
];

/** The slow, obvious form: every ordered pair of distinct ratings of a subject, agreeing or not. */
function bruteForce(counts: number[][]): { kappa: number | null; observed: number; chance: number } {
  const subjects = counts
    .map((row) => row.flatMap((c, j) => new Array<number>(c).fill(j)))
    .filter((labels) => labels.length >= 2);
  let observed = 0;
  for (const labels of subjects) {
    let agree = 0;
    let pairs = 0;
    for (let a = 0; a < labels.length; a++)
      for (let b = 0; b < labels.length; b++) {
        if (a === b) continue;
        pairs++;
        if (labels[a] === labels[b]) agree++;
      }
    observed += agree / pairs;
  }
  observed /= subjects.length;
  const all = subjects.flat();
  let chance = 0;
  for (let j = 0; j < counts[0].length; j++) chance += (all.filter((l) => l === j).length / all.length) ** 2;
  return { kappa: chance === 1 ? null : (observed - chance) / (1 - chance), observed, chance };
}

describe('fleissKappa', () => {
  it('reproduces Fleiss (1971): P̄ = 0.378, P̄e = 0.213, κ = 0.210', () => {
    const result = fleissKappa(FLEISS_1971);
    expect(result.observed).toBeCloseTo(0.378, 3);
    expect(result.chance).toBeCloseTo(0.213, 3);
    expect(result.kappa).toBeCloseTo(0.21, 3);
    expect(result.subjects).toBe(10);
    expect(result.meanRaters).toBe(14);
  });

  it('is 1 under perfect agreement spread over categories', () => {
    const result = fleissKappa([
      [3, 0],
      [0, 2],
      [4, 0],
      [0, 3],
    ]);
    expect(result.kappa).toBe(1);
    expect(result.observed).toBe(1);
  });

  it.each(reference.cases)('matches statsmodels $name', ({ counts, kappa }) => {
    const result = fleissKappa(counts);
    expect(result.kappa).not.toBeNull();
    expect(Math.abs((result.kappa as number) - kappa)).toBeLessThan(1e-12);
  });

  it('agrees with brute force on random tables with unequal raters', () => {
    const rng = Rng.from(12);
    for (let trial = 0; trial < 200; trial++) {
      const k = 2 + rng.int(3);
      const counts = Array.from({ length: 2 + rng.int(12) }, () =>
        Array.from({ length: k }, () => rng.int(4)),
      );
      const fast = fleissKappa(counts);
      const slow = bruteForce(counts);
      if (fast.subjects < 2) continue;
      expect(fast.observed).toBeCloseTo(slow.observed, 12);
      expect(fast.chance).toBeCloseTo(slow.chance, 12);
      if (slow.kappa === null) expect(fast.kappa).toBeNull();
      else expect(fast.kappa).toBeCloseTo(slow.kappa, 12);
    }
  });

  it('skips subjects rated once and counts the mean raters of the rest', () => {
    const result = fleissKappa([
      [1, 0],
      [2, 0],
      [0, 3],
      [0, 1],
    ]);
    expect(result.subjects).toBe(2);
    expect(result.meanRaters).toBe(2.5);
    expect(result.kappa).toBe(1);
  });

  it('is null with fewer than two subjects, or when every rating is in one category', () => {
    expect(fleissKappa([]).kappa).toBeNull();
    expect(fleissKappa([[2, 1]])).toMatchObject({ kappa: null, subjects: 1 });
    expect(
      fleissKappa([
        [1, 0],
        [1, 0],
      ]),
    ).toMatchObject({ kappa: null, observed: null, subjects: 0 });
    expect(
      fleissKappa([
        [3, 0],
        [2, 0],
      ]),
    ).toMatchObject({ kappa: null, observed: 1, chance: 1 });
  });

  it('refuses ragged tables and negative or fractional counts', () => {
    expect(() => fleissKappa([[1, 1], [1]])).toThrow(/categories/);
    expect(() => fleissKappa([[1, -1]])).toThrow(/whole numbers/);
    expect(() => fleissKappa([[1.5, 1]])).toThrow(/whole numbers/);
  });
});

describe('landisKoch', () => {
  it('names the bands at their edges', () => {
    expect([-0.01, 0, 0.2, 0.21, 0.4, 0.6, 0.8, 0.81, 1].map(landisKoch)).toEqual([
      'poor',
      'slight',
      'slight',
      'fair',
      'fair',
      'moderate',
      'substantial',
      'almost perfect',
      'almost perfect',
    ]);
  });
});
