/**
 * The privacy audit's machinery (bench/audit-*.ts): Clopper–Pearson bounds against the binomial
 * tails that define them, ε_emp by hand, the canary row landing in its chosen cells, and the attack
 * statistic on mst releases with essentially no noise, where it must equal Σ 1/σ² with the canary
 * and 0 without it (which checks every cell index, compression included).
 */
import { describe, expect, it } from 'vitest';
import { mstScore } from '../../bench/audit-attack.js';
import { rarestStates, withCanary } from '../../bench/audit-canary.js';
import { clopperPearson, empiricalEpsilon, epsilonCeiling, outcomeAt } from '../../bench/audit-stats.js';
import { seededRandomBits } from '../privacy/random-bits.js';
import { simulate } from '../simulate/index.js';
import { domainFromSchema } from './measure/domain.js';
import { encodeTable } from './measure/encode.js';
import { MstOptions, mstMeasure } from './mst/index.js';

/** P[Bin(n, p) ≤ k], summed term by term in log space. */
function binomialCdf(k: number, n: number, p: number): number {
  let logChoose = 0;
  let total = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logChoose += Math.log((n - i + 1) / i);
    total += Math.exp(logChoose + i * Math.log(p) + (n - i) * Math.log1p(-p));
  }
  return total;
}

describe('Clopper–Pearson', () => {
  it.each([
    [3, 10],
    [17, 250],
    [120, 250],
    [1, 500],
    [499, 500],
  ])('k = %d of n = %d: each bound leaves α/2 = 2.5 %% in its tail', (k, n) => {
    const { lo, hi } = clopperPearson(k, n);
    expect(1 - binomialCdf(k - 1, n, lo)).toBeCloseTo(0.025, 9);
    expect(binomialCdf(k, n, hi)).toBeCloseTo(0.025, 9);
    expect(lo).toBeLessThan(k / n);
    expect(hi).toBeGreaterThan(k / n);
  });

  it('closed forms at the ends: 0 of n has hi = 1 − (α/2)^{1/n}, n of n has lo = (α/2)^{1/n}', () => {
    expect(clopperPearson(0, 250)).toEqual({ lo: 0, hi: expect.closeTo(1 - 0.025 ** (1 / 250), 12) });
    expect(clopperPearson(250, 250)).toEqual({ lo: expect.closeTo(0.025 ** (1 / 250), 12), hi: 1 });
  });
});

describe('empirical ε', () => {
  it('is the larger of the two log ratios, δ subtracted, and 0 when the attack does no better than chance', () => {
    const tpr = { lo: 0.9, hi: 0.95 };
    const fpr = { lo: 0.05, hi: 0.1 };
    expect(empiricalEpsilon({ tpr, fpr }, 0)).toBeCloseTo(Math.log(9), 12);
    expect(empiricalEpsilon({ tpr, fpr }, 0.01)).toBeCloseTo(Math.log(0.89 / 0.1), 12);
    // The complementary test wins when false negatives are the rarer error.
    expect(empiricalEpsilon({ tpr: { lo: 0.98, hi: 1 }, fpr: { lo: 0.3, hi: 0.4 } }, 0)).toBeCloseTo(
      Math.log(0.6 / 0.02),
      12,
    );
    expect(empiricalEpsilon({ tpr: { lo: 0.3, hi: 0.6 }, fpr: { lo: 0.4, hi: 0.7 } }, 1e-6)).toBe(0);
  });

  it('a perfect attack on n runs per side reaches the ceiling and no further', () => {
    const perfect = outcomeAt(1, [1, 1, 2, 3], [0, 0, -1, 0.5], 1e-6);
    expect(perfect.truePositives).toBe(4);
    expect(perfect.falsePositives).toBe(0);
    expect(perfect.epsilon).toBeCloseTo(epsilonCeiling(4, 1e-6), 12);
    expect(epsilonCeiling(150, 1e-6)).toBeCloseTo(
      Math.log((0.025 ** (1 / 150) - 1e-6) / (1 - 0.025 ** (1 / 150))),
      9,
    );
  });
});

describe('the canary and the attack statistic on mst', () => {
  const { table, schema } = simulate('aml', { patients: 300, centres: 2, seed: 4 });
  const options = MstOptions.parse({});
  const domain = domainFromSchema(schema, { bins: options.bins });
  const encoded = encodeTable(table, domain);
  const states = rarestStates(encoded);
  const neighbour = withCanary(table, domain, states);

  it('D′ is D with one more row, whose codes are the chosen states', () => {
    const encodedNeighbour = encodeTable(neighbour, domain);
    expect(encodedNeighbour.nRows).toBe(table.nRows + 1);
    domain.attributes.forEach((_, j) => {
      expect(encodedNeighbour.codes[j][table.nRows]).toBe(states[j]);
      expect(Array.from(encodedNeighbour.codes[j].subarray(0, table.nRows))).toEqual(
        Array.from(encoded.codes[j]),
      );
    });
  });

  it('without noise to speak of, S is Σ 1/σ² with the canary and 0 without it', () => {
    const release = (t: typeof table, seed: string) =>
      mstMeasure(
        { table: t, schema, privacy: { epsilon: 100_000, delta: 1e-6, bits: seededRandomBits(seed) } },
        options,
      );
    const withIt = release(neighbour, 'audit-test/with');
    const without = release(table, 'audit-test/without');
    const inverseVariance = (r: typeof withIt) =>
      r.oneWay.measurements.length / r.privacy.oneWaySigma ** 2 +
      r.edges.measurements.length / r.privacy.edgeSigma ** 2;
    // At ε = 10⁵ the per-cell σ is about 0.03: a nonzero draw has probability about e^{-500}.
    expect(withIt.privacy.edgeSigma).toBeLessThan(0.05);
    expect(mstScore(withIt, encoded, states) / inverseVariance(withIt)).toBeCloseTo(1, 12);
    expect(mstScore(without, encoded, states)).toBe(0);
  });
});
