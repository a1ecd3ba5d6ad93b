import { describe, expect, it } from 'vitest';
import { fitModel, sampleModel } from '../generators/pipeline.js';
import { simulateAml } from '../simulate/index.js';
import { binomialTestHalf } from './binomial.js';
import { dealBlindedDeck, scoreBlinded } from './blinded.js';
import { recordsOf } from './records.js';
import { BlindedScore } from './types.js';

/** The slow obvious binomial test: exact integer binomial coefficients, every outcome as unlikely or less. */
function bruteForce(k: number, n: number): number {
  const choose = (m: number) => {
    let c = 1n;
    for (let i = 0; i < m; i++) c = (c * BigInt(n - i)) / BigInt(i + 1);
    return c;
  };
  const seen = choose(k);
  let sum = 0n;
  for (let i = 0; i <= n; i++) if (choose(i) <= seen) sum += choose(i);
  return Math.min(1, Number(sum) / 2 ** n);
}

describe('binomialTestHalf', () => {
  it('matches scipy.stats.binomtest on textbook cases', () => {
    expect(binomialTestHalf(7, 10)).toBeCloseTo(0.34375, 12);
    expect(binomialTestHalf(0, 5)).toBeCloseTo(0.0625, 12);
    expect(binomialTestHalf(5, 10)).toBe(1);
    expect(binomialTestHalf(0, 0)).toBe(1);
  });

  it('agrees with brute force for every outcome up to 40 trials', () => {
    for (let n = 1; n <= 40; n++)
      for (let k = 0; k <= n; k++) expect(binomialTestHalf(k, n)).toBeCloseTo(bruteForce(k, n), 10);
  });
});

describe('dealBlindedDeck', () => {
  const { table: real, schema } = simulateAml({ patients: 200, centres: 3, seed: 11 });
  const synthetic = sampleModel(fitModel(real, schema, 'copula', { seed: 1 }), { rows: 300, seed: 2 }).table;

  it('deals equal halves, shuffled, without id or centre columns, seeded', () => {
    const deck = dealBlindedDeck({ real, synthetic, schema, size: 41, seed: 5 });
    expect(deck.items).toHaveLength(40);
    expect(deck.items.filter((i) => i.real)).toHaveLength(20);
    expect(deck.columns.map((c) => c.name)).not.toContain('patient_id');
    expect(deck.columns.map((c) => c.name)).not.toContain('centre');
    expect(deck.columns.length).toBe(schema.columns.length - 2);
    const order = deck.items.map((i) => (i.real ? 'R' : 'S')).join('');
    expect(order).not.toBe(`${'R'.repeat(20)}${'S'.repeat(20)}`);
    expect(dealBlindedDeck({ real, synthetic, schema, size: 41, seed: 5 })).toEqual(deck);
    expect(dealBlindedDeck({ real, synthetic, schema, size: 41, seed: 6 })).not.toEqual(deck);
  });

  it('shows real rows exactly as the review table shows records, each at most once', () => {
    const deck = dealBlindedDeck({ real, synthetic, schema, size: 400, seed: 1 });
    expect(deck.items).toHaveLength(400);
    const shown = recordsOf(real, schema);
    const keep = shown.columns
      .map((c, i) => (c.role === 'id' || c.role === 'centre' ? -1 : i))
      .filter((i) => i >= 0);
    const realRows = new Set(shown.rows.map((row) => JSON.stringify(keep.map((i) => row[i]))));
    const dealt = deck.items.filter((i) => i.real).map((i) => JSON.stringify(i.values));
    for (const values of dealt) expect(realRows.has(values)).toBe(true);
    expect(new Set(dealt).size).toBe(realRows.size);
  });
});

describe('scoreBlinded', () => {
  it('counts right and wrong guesses and tests them against a coin', () => {
    const guesses = [
      { real: true, guess: 'real' as const },
      { real: true, guess: 'synthetic' as const },
      { real: false, guess: 'synthetic' as const },
      { real: false, guess: 'synthetic' as const },
      { real: false, guess: 'real' as const },
      { real: true, guess: 'real' as const },
      { real: true, guess: 'real' as const },
      { real: false, guess: 'synthetic' as const },
      { real: true, guess: 'real' as const },
      { real: false, guess: 'synthetic' as const },
    ];
    const score = scoreBlinded(guesses);
    expect(BlindedScore.parse(score)).toEqual(score);
    expect(score).toEqual({
      guesses: 10,
      correct: 8,
      accuracy: 0.8,
      p: binomialTestHalf(8, 10),
      realCalledSynthetic: 1,
      syntheticCalledReal: 1,
    });
    expect(score.p).toBeCloseTo(0.109375, 12);
    expect(scoreBlinded([])).toMatchObject({ guesses: 0, accuracy: null, p: null });
  });
});
