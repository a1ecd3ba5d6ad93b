/**
 * Levels 1 and 3 of the reference tests for src/stats: hand-derived cases, and every fast routine
 * against the slow obvious definition (enumeration of all arrangements, all pairs, all tables).
 */
import { describe, expect, it } from 'vitest';
import { StatisticsError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { symmetricEigen } from '../linalg/symmetric-eigen.js';
import { correlationRatioFromCodes, cramersV, cramersVFromCodes } from './association.js';
import { chiSquareContingency } from './chi2-contingency.js';
import { pearson, spearman } from './correlation.js';
import { logGamma } from './distributions.js';
import { fisherExact, fisherExactGreater } from './fisher-exact.js';
import { ksTwoSample } from './ks-2samp.js';
import { mannWhitneyU } from './mann-whitney.js';

/** sup |F₁ − F₂| over every pooled value, straight from the definition. */
function bruteKs(x: number[], y: number[]): number {
  let d = 0;
  for (const v of [...x, ...y]) {
    const f1 = x.filter((a) => a <= v).length / x.length;
    const f2 = y.filter((b) => b <= v).length / y.length;
    d = Math.max(d, Math.abs(f1 - f2));
  }
  return d;
}

/** Every way to choose which n₁ of the pooled values form the first sample. */
function* subsets(n: number, k: number, start = 0, chosen: number[] = []): Generator<number[]> {
  if (chosen.length === k) {
    yield chosen;
    return;
  }
  for (let i = start; i <= n - (k - chosen.length); i++) yield* subsets(n, k, i + 1, [...chosen, i]);
}

describe('ksTwoSample', () => {
  it('agrees with the definition of D on tied random data', () => {
    const rng = Rng.from(1);
    for (let rep = 0; rep < 20; rep++) {
      const x = Array.from({ length: 5 + rng.int(30) }, () => rng.int(8));
      const y = Array.from({ length: 5 + rng.int(30) }, () => rng.int(8) + 1);
      expect(ksTwoSample(x, y).statistic).toBeCloseTo(bruteKs(x, y), 12);
    }
  });

  it('gives the exact permutation p-value (enumerating all arrangements) without ties', () => {
    const pooled = [0.3, 1.2, 2.5, 3.1, 4.8, 5.0, 6.6, 7.2, 8.9, 9.4, 10.1];
    for (const [n1, take] of [
      [4, [0, 2, 3, 5]],
      [5, [0, 1, 2, 3, 6]],
    ] as const) {
      const x = take.map((i) => pooled[i]);
      const y = pooled.filter((_, i) => !take.includes(i as never));
      const observed = bruteKs(x, y);
      let extreme = 0;
      let total = 0;
      for (const s of subsets(pooled.length, n1)) {
        const a = s.map((i) => pooled[i]);
        const b = pooled.filter((_, i) => !s.includes(i));
        total++;
        if (bruteKs(a, b) >= observed - 1e-12) extreme++;
      }
      const result = ksTwoSample(x, y);
      expect(result.method).toBe('exact');
      expect(result.p).toBeCloseTo(extreme / total, 12);
    }
  });

  it('drops NaN and rejects an empty sample', () => {
    expect(ksTwoSample([1, Number.NaN, 2], [1, 2]).statistic).toBe(0);
    expect(() => ksTwoSample([Number.NaN], [1])).toThrow(StatisticsError);
  });
});

describe('mannWhitneyU', () => {
  it('U counts the pairs where x beats y, ties one half', () => {
    const rng = Rng.from(2);
    const x = Array.from({ length: 40 }, () => rng.int(10));
    const y = Array.from({ length: 33 }, () => rng.int(10));
    let u = 0;
    for (const a of x) for (const b of y) u += a > b ? 1 : a === b ? 0.5 : 0;
    expect(mannWhitneyU(x, y).statistic).toBe(u);
  });
  it('gives p = 1 when every value is tied', () => {
    expect(mannWhitneyU([2, 2, 2], [2, 2]).p).toBe(1);
  });
});

describe('fisherExact', () => {
  /** Σ of hypergeometric probabilities no larger than the observed one, by log-factorials. */
  function bruteFisher(a: number, b: number, c: number, d: number): number {
    const logChoose = (n: number, k: number) => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
    const [r1, r2, k] = [a + b, c + d, a + c];
    const pmf = (x: number) => Math.exp(logChoose(r1, x) + logChoose(r2, k - x) - logChoose(r1 + r2, k));
    const observed = pmf(a);
    let p = 0;
    for (let x = Math.max(0, k - r2); x <= Math.min(r1, k); x++)
      if (pmf(x) <= observed * (1 + 1e-7)) p += pmf(x);
    return Math.min(1, p);
  }
  it('agrees with enumeration of all tables with the same margins', () => {
    const rng = Rng.from(3);
    for (let rep = 0; rep < 50; rep++) {
      const [a, b, c, d] = [rng.int(15), rng.int(15), rng.int(15), rng.int(15)];
      if (a + b === 0 || c + d === 0 || a + c === 0 || b + d === 0) continue;
      expect(
        fisherExact([
          [a, b],
          [c, d],
        ]).p,
      ).toBeCloseTo(bruteFisher(a, b, c, d), 10);
    }
  });
  it('returns NaN odds and p = 1 for an empty margin, and Infinity when bc = 0', () => {
    const empty = fisherExact([
      [0, 0],
      [3, 4],
    ]);
    expect(empty.statistic).toBeNaN();
    expect(empty.p).toBe(1);
    expect(
      fisherExact([
        [5, 0],
        [3, 4],
      ]).statistic,
    ).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('chiSquareContingency', () => {
  it('computes a 2 × 2 by hand: Yates moves each cell ½ towards its expectation', () => {
    // expected 10 everywhere; |o − e| = 5 → 4.5 after Yates; χ² = 4 · 4.5² / 10 = 8.1
    const result = chiSquareContingency([
      [15, 5],
      [5, 15],
    ]);
    expect(result.statistic).toBeCloseTo(8.1, 12);
    expect(result.method).toBe('pearson-yates');
    expect(
      chiSquareContingency(
        [
          [15, 5],
          [5, 15],
        ],
        { correction: false },
      ).statistic,
    ).toBeCloseTo(10, 12);
  });
  it('refuses an empty row with an actionable message', () => {
    expect(() =>
      chiSquareContingency([
        [0, 0],
        [1, 2],
      ]),
    ).toThrow(/drop empty levels/);
  });
});

describe('association measures', () => {
  it('cramersVFromCodes agrees with cramersV of the cross table, skipping missing codes', () => {
    const rng = Rng.from(4);
    const a = Int32Array.from({ length: 500 }, () => rng.int(4) - (rng.bernoulli(0.05) ? 5 : 0));
    const b = Int32Array.from(a, (x) => (rng.bernoulli(0.6) ? Math.max(x, 0) % 3 : rng.int(3)));
    const table = Array.from({ length: 4 }, () => [0, 0, 0]);
    for (let i = 0; i < a.length; i++) if (a[i] >= 0 && b[i] >= 0) table[a[i]][b[i]]++;
    expect(cramersVFromCodes(a, 4, b, 3)).toBeCloseTo(cramersV(table), 12);
    expect(
      cramersV([
        [5, 0],
        [0, 5],
      ]),
    ).toBeCloseTo(1, 12);
    expect(cramersV([[5, 5]])).toBe(0);
  });
  it('the correlation ratio is √(1 − SS_within / SS_total), 1 when groups are constant', () => {
    const values = Float64Array.from([1, 2, 3, 10, 11, 12, Number.NaN, 5]);
    const codes = Int32Array.from([0, 0, 0, 1, 1, 1, 1, -1]);
    const within = 2 + 2;
    const mean = (1 + 2 + 3 + 10 + 11 + 12) / 6;
    const total = [1, 2, 3, 10, 11, 12].reduce((s, v) => s + (v - mean) ** 2, 0);
    expect(correlationRatioFromCodes(values, codes, 2)).toBeCloseTo(Math.sqrt(1 - within / total), 12);
    expect(correlationRatioFromCodes(Float64Array.from([1, 1, 5, 5]), Int32Array.from([0, 0, 1, 1]), 2)).toBe(
      1,
    );
  });
  it('spearman is pearson on ranks; both reject a constant column', () => {
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 16]).statistic).toBeCloseTo(1, 12);
    expect(() => pearson([1, 1, 1], [1, 2, 3])).toThrow(StatisticsError);
  });
});

describe('symmetricEigen', () => {
  it('gives orthonormal vectors with A·v = λ·v, largest first', () => {
    const rng = Rng.from(5);
    const p = 12;
    const b = Float64Array.from({ length: p * p }, () => rng.normal());
    const a = new Float64Array(p * p);
    for (let i = 0; i < p; i++)
      for (let j = 0; j < p; j++) for (let k = 0; k < p; k++) a[i * p + j] += b[i * p + k] * b[j * p + k];
    const { values, vectors } = symmetricEigen(a, p);
    for (let k = 0; k < p; k++) {
      if (k > 0) expect(values[k]).toBeLessThanOrEqual(values[k - 1]);
      for (let i = 0; i < p; i++) {
        let av = 0;
        for (let j = 0; j < p; j++) av += a[i * p + j] * vectors[k][j];
        expect(av).toBeCloseTo(values[k] * vectors[k][i], 9);
      }
      for (let l = 0; l < p; l++) {
        const dot = vectors[k].reduce((s, v, j) => s + v * vectors[l][j], 0);
        expect(dot).toBeCloseTo(k === l ? 1 : 0, 10);
      }
    }
  });
});

describe('fisherExactGreater', () => {
  it('matches scipy.stats.fisher_exact(table, alternative="greater")', () => {
    // Computed with scipy 1.x: fisher_exact(t, alternative='greater')[1].
    const cases: Array<[number[][], number]> = [
      [
        [
          [3, 5],
          [0, 30],
        ],
        0.006638217164532955,
      ],
      [
        [
          [2, 8],
          [1, 30],
        ],
        0.14212007504690433,
      ],
      [
        [
          [0, 10],
          [5, 5],
        ],
        1,
      ],
      [
        [
          [7, 3],
          [2, 9],
        ],
        0.024172422005239336,
      ],
      [
        [
          [125, 375],
          [1, 612],
        ],
        1.68181371274306e-46,
      ],
    ];
    for (const [table, p] of cases) expect(fisherExactGreater(table) / p).toBeCloseTo(1, 9);
  });
});
