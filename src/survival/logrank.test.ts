import { describe, expect, it } from 'vitest';
import { logRank } from './logrank.js';
import { expectClose } from './test-support/expect-close.js';

describe('logRank, hand-derived', () => {
  // A dies at 1 and 3, B at 2 and 4. E_A = 2/4 + 1/3 + 1/2 + 0; V = 1/4 + 2/9 + 1/4 + 0.
  const test = logRank(Float64Array.of(1, 3, 2, 4), Uint8Array.of(1, 1, 1, 1), Int32Array.of(0, 0, 1, 1), 2);

  it('has the observed and expected events', () => {
    expect(Array.from(test.observed)).toEqual([2, 2]);
    expectClose(test.expected[0], 4 / 3, 1e-15);
    expectClose(test.expected[1], 8 / 3, 1e-15);
  });
  it('has the hypergeometric variance and the statistic (R: 0.61538461538461509)', () => {
    const v = 1 / 4 + 2 / 9 + 1 / 4;
    expectClose(test.variance[0], v, 1e-15);
    expectClose(test.variance[1], -v, 1e-15);
    expectClose(test.statistic, (2 / 3) ** 2 / v, 1e-14);
    expectClose(test.statistic, 0.61538461538461509, 1e-14);
    expect(test.df).toBe(1);
    expect(test.method).toBe('log-rank');
  });
  it('leaves out a group with no expected events, and says so', () => {
    // group 2 is censored before the first event, so it is never at risk at an event time
    const t = logRank(
      Float64Array.of(1, 2, 3, 4, 0.5),
      Uint8Array.of(1, 1, 1, 0, 0),
      Int32Array.of(0, 1, 0, 1, 2),
      3,
    );
    expect(t.df).toBe(1);
    expect(t.diagnostics.length).toBe(1);
  });
  it('is 0 on 0 df with a single group', () => {
    const t = logRank(Float64Array.of(1, 2), Uint8Array.of(1, 1), Int32Array.of(0, 0), 1);
    expect([t.statistic, t.df, t.p]).toEqual([0, 0, 1]);
  });
});
