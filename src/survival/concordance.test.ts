import { describe, expect, it } from 'vitest';
import { StatisticsError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { concordance } from './concordance.js';
import { expectClose } from './test-support/expect-close.js';

/** Every pair, looked at once: the O(n²) definition the Fenwick sweeps must reproduce. */
function naive(time: Float64Array, status: Uint8Array, score: Float64Array) {
  const n = time.length;
  const c = new Float64Array(n);
  const d = new Float64Array(n);
  const tx = new Float64Array(n);
  const total = { concordant: 0, discordant: 0, tiedX: 0, tiedY: 0, tiedXY: 0 };
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j || status[i] !== 1) continue;
      if (time[j] === time[i] && status[j] === 1) {
        if (j > i) score[i] === score[j] ? total.tiedXY++ : total.tiedY++;
        continue;
      }
      if (!(time[j] > time[i] || (time[j] === time[i] && status[j] === 0))) continue;
      const kind = score[i] > score[j] ? c : score[i] < score[j] ? d : tx;
      kind[i]++;
      kind[j]++;
      if (kind === c) total.concordant++;
      else if (kind === d) total.discordant++;
      else total.tiedX++;
    }
  }
  const pairs = total.concordant + total.discordant + total.tiedX;
  const somers = (total.concordant - total.discordant) / pairs;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += ((c[i] - d[i] - somers * (c[i] + d[i] + tx[i])) / pairs) ** 2;
  return {
    ...total,
    concordance: (total.concordant + total.tiedX / 2) / pairs,
    std: Math.sqrt(variance) / 2,
  };
}

describe('concordance, by hand', () => {
  it('counts comparable pairs, ties in score as one half', () => {
    // times 1 2 3+ 4, scores 3 2 2 1: pairs (1,2) (1,3) (1,4) concordant, (2,3) tied on score,
    // (2,4) concordant; 3 is censored so (3,4) is not comparable → C = (4 + 1/2) / 5
    const result = concordance(
      Float64Array.of(1, 2, 3, 4),
      Uint8Array.of(1, 1, 0, 1),
      Float64Array.of(3, 2, 2, 1),
    );
    expect([result.concordant, result.discordant, result.tiedX]).toEqual([4, 0, 1]);
    expect(result.concordance).toBe(0.9);
  });
  it('compares an event with a censoring at the same time, but not two events at the same time', () => {
    const result = concordance(Float64Array.of(1, 1, 1), Uint8Array.of(1, 1, 0), Float64Array.of(2, 1, 0));
    expect([result.concordant, result.discordant, result.tiedX, result.tiedY, result.tiedXY]).toEqual([
      2, 0, 0, 1, 0,
    ]);
  });
  it('refuses when no pair is comparable', () => {
    expect(() => concordance(Float64Array.of(1, 1), Uint8Array.of(1, 1), Float64Array.of(1, 2))).toThrow(
      StatisticsError,
    );
  });
});

describe('concordance: Fenwick sweeps against all pairs', () => {
  for (const [label, n, timeGrid, scoreGrid] of [
    ['continuous', 300, 0, 0],
    ['tied times and scores', 400, 0.2, 0.5],
    ['heavily tied', 200, 1, 1],
  ] as const) {
    it(`agrees on ${label}`, () => {
      const rng = Rng.from(`concordance-${label}`);
      const round = (v: number, grid: number) => (grid > 0 ? Math.round(v / grid) * grid : v);
      const time = Float64Array.from({ length: n }, () => round(rng.exponential(0.5), timeGrid));
      const status = Uint8Array.from({ length: n }, () => (rng.bernoulli(0.6) ? 1 : 0));
      const score = Float64Array.from({ length: n }, () => round(rng.normal(), scoreGrid));
      const fast = concordance(time, status, score, { timefix: false });
      const slow = naive(time, status, score);
      expect([fast.concordant, fast.discordant, fast.tiedX, fast.tiedY, fast.tiedXY]).toEqual([
        slow.concordant,
        slow.discordant,
        slow.tiedX,
        slow.tiedY,
        slow.tiedXY,
      ]);
      expectClose(fast.concordance, slow.concordance, 1e-14);
      expectClose(fast.std, slow.std, 1e-12);
    });
  }
});
