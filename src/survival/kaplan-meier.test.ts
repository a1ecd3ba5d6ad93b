import { describe, expect, it } from 'vitest';
import { kaplanMeier } from './kaplan-meier.js';
import { survivalAt, survivalQuantile } from './km-summary.js';
import { expectAllClose, expectClose } from './test-support/expect-close.js';

const f64 = (...v: number[]) => Float64Array.from(v);
const u8 = (...v: number[]) => Uint8Array.from(v);

describe('kaplanMeier, hand-derived', () => {
  // times 1 2 2+ 3 4 4: S = 5/6, 5/6·4/5, ·2/3, ·0 ; Greenwood Σ d/(n(n−d)) = 1/30, +1/20, +1/6, ∞
  const curve = kaplanMeier(f64(1, 2, 2, 3, 4, 4), u8(1, 1, 0, 1, 1, 1));

  it('counts per distinct time', () => {
    expect(Array.from(curve.time)).toEqual([1, 2, 3, 4]);
    expect(Array.from(curve.nRisk)).toEqual([6, 5, 3, 2]);
    expect(Array.from(curve.nEvent)).toEqual([1, 1, 1, 2]);
    expect(Array.from(curve.nCensor)).toEqual([0, 1, 0, 0]);
    expect([curve.n, curve.events]).toEqual([6, 5]);
  });
  it('gives the product-limit survival and Greenwood standard error', () => {
    expectAllClose(Array.from(curve.surv), [5 / 6, 2 / 3, 4 / 9, 0], 1e-15);
    expectAllClose(
      Array.from(curve.stdErr).slice(0, 3),
      [Math.sqrt(1 / 30), Math.sqrt(1 / 30 + 1 / 20), Math.sqrt(1 / 30 + 1 / 20 + 1 / 6)],
      1e-15,
    );
    expect(curve.stdErr[3]).toBe(Number.POSITIVE_INFINITY);
  });
  it('gives log-type limits, capped at 1, undefined where S = 0', () => {
    expectClose(curve.lower[0], Math.exp(Math.log(5 / 6) - 1.959963984540054 * Math.sqrt(1 / 30)), 1e-14);
    expect(curve.upper[0]).toBe(1);
    expect(curve.lower[3]).toBeNaN();
  });
  it('reads the median and its interval as quantile.survfit: 3 (2, NA)', () => {
    const median = survivalQuantile(curve);
    expect(median.quantile).toBe(3);
    expect(median.lower).toBe(2);
    expect(median.upper).toBeNaN();
  });
  it('reads survival at times as summary(fit, times): 1 before the first time, NaN after the last', () => {
    const at = survivalAt(curve, [0, 2.5, 4, 5]);
    expectAllClose(at.map((a) => a.survival).slice(0, 3), [1, 2 / 3, 0], 1e-15);
    expect(at[3].survival).toBeNaN();
    expect(at[0].lower).toBe(1);
  });
});

describe('median conventions', () => {
  it('takes the midpoint of a flat stretch at exactly 0.5', () => {
    // S = .75, .5, .25, 0: the curve sits at 0.5 from t=2 to t=3; R reports 2.5
    const curve = kaplanMeier(f64(1, 2, 3, 4), u8(1, 1, 1, 1));
    expect(survivalQuantile(curve).quantile).toBe(2.5);
  });
  it('takes the midpoint to the last follow-up when the curve ends at 0.5', () => {
    // S = .75, .5, .5, .5 (censored at 3 and 4): R reports (2 + 4) / 2 = 3, lower 1, upper NA
    const median = survivalQuantile(kaplanMeier(f64(1, 2, 3, 4), u8(1, 1, 0, 0)));
    expect([median.quantile, median.lower]).toEqual([3, 1]);
    expect(median.upper).toBeNaN();
  });
  it('is NaN (not reached) when survival stays above 0.5', () => {
    expect(survivalQuantile(kaplanMeier(f64(1, 2, 3), u8(1, 0, 0))).quantile).toBeNaN();
  });
});

describe('floating-point ties', () => {
  it('merges near-equal times before counting, unless timefix is off', () => {
    const times = f64(0.1 * 3, 0.3, 1);
    expect(kaplanMeier(times, u8(1, 1, 1)).time.length).toBe(2);
    expect(kaplanMeier(times, u8(1, 1, 1), { timefix: false }).time.length).toBe(3);
  });
  it('rejects a confidence level outside (0, 1)', () => {
    expect(() => kaplanMeier(f64(1), u8(1), { confLevel: 1 })).toThrow(RangeError);
  });
});
