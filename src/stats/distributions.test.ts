import { describe, expect, it } from 'vitest';
import { expectClose } from '../survival/test-support/expect-close.js';
import {
  chiSquareCdf,
  chiSquareLogSf,
  chiSquareSf,
  logGamma,
  normalCdf,
  normalQuantile,
  normalSf,
  normalTwoSidedP,
  regularizedGammaP,
  regularizedGammaQ,
} from './distributions.js';

// Expected values from R 4.2.2, printed with sprintf("%.17g", ...), e.g.
//   pchisq(3.84, 1, lower.tail = FALSE); lgamma(3.7); pnorm(-37.5); qnorm(1e-300)
const TIGHT = 1e-13;

describe('logGamma', () => {
  it('matches R lgamma', () => {
    expectClose(logGamma(0.5), 0.57236494292470008, TIGHT, 1e-15);
    expectClose(logGamma(1), 0, TIGHT, 1e-15);
    expectClose(logGamma(3.7), 1.4280723266653881, TIGHT);
    expectClose(logGamma(100.25), 360.28455963776423, TIGHT);
    expectClose(logGamma(0.01), 4.5994798780420219, TIGHT);
  });
  it('agrees with log((n-1)!) at the integers', () => {
    let factorial = 1;
    for (let n = 1; n < 20; n++) {
      factorial *= n;
      expectClose(logGamma(n + 1), Math.log(factorial), TIGHT, 1e-14);
    }
  });
  it('rejects x ≤ 0 and NaN', () => {
    expect(() => logGamma(0)).toThrow(RangeError);
    expect(() => logGamma(Number.NaN)).toThrow(RangeError);
  });
});

describe('chi-square', () => {
  it('matches pchisq(x, df, lower.tail = FALSE)', () => {
    const cases: Array<[number, number, number]> = [
      [3.84, 1, 0.050043521248705224],
      [10, 3, 0.018566135463043233],
      [0.001, 1, 0.97477287936996038],
      [50, 20, 0.0002214766382487836],
      [1e-10, 2, 0.99999999995],
      [100, 2, 1.9287498479639178e-22],
      [1300, 4, 3.3278807185719031e-280],
      [1400, 1, 2.1010145162641344e-306],
    ];
    for (const [x, df, p] of cases) expectClose(chiSquareSf(x, df), p, 1e-12, 0, `pchisq(${x}, ${df})`);
  });
  it('matches the lower tail pchisq(2.5, 7)', () => {
    expectClose(chiSquareCdf(2.5, 7), 0.072902934986526238, 1e-12);
  });
  it('keeps log p where p underflows: pchisq(1600, 1, lower.tail = FALSE, log.p = TRUE)', () => {
    expect(chiSquareSf(1600, 1)).toBe(0);
    expectClose(chiSquareLogSf(1600, 1), -803.9152948331938, 1e-13);
  });
  it('has P + Q = 1 on both sides of the series/continued-fraction switch', () => {
    for (const a of [0.5, 1, 2.5, 10, 60]) {
      for (const x of [0.1, a, a + 0.999, a + 1, a + 1.001, 3 * a + 5]) {
        expectClose(regularizedGammaP(a, x) + regularizedGammaQ(a, x), 1, 1e-14);
      }
    }
  });
  it('is 1 at x ≤ 0 and 0 at infinity, and rejects bad df', () => {
    expect(chiSquareSf(0, 3)).toBe(1);
    expect(chiSquareSf(-1, 3)).toBe(1);
    expect(chiSquareSf(Number.POSITIVE_INFINITY, 3)).toBe(0);
    expect(() => chiSquareSf(1, 0)).toThrow(RangeError);
    expect(() => chiSquareSf(Number.NaN, 1)).toThrow(RangeError);
  });
});

describe('normal', () => {
  it('matches pnorm, into the far tail', () => {
    expectClose(normalCdf(-1.96), 0.024997895148220428, 1e-13);
    expectClose(normalCdf(0.3), 0.61791142218895267, 1e-13);
    expectClose(normalCdf(-10), 7.6198530241605269e-24, 1e-12);
    expectClose(normalCdf(-37.5), 4.6053530095819552e-308, 1e-11);
    expectClose(normalCdf(8), 0.99999999999999933, 1e-15);
    expectClose(normalSf(8), 6.2209605742717849e-16, 1e-12);
    expect(normalCdf(0)).toBe(0.5);
  });
  it('gives the two-sided p of a z statistic', () => {
    expectClose(normalTwoSidedP(-1.96), 2 * 0.024997895148220428, 1e-13);
    expectClose(normalTwoSidedP(10), 2 * 7.6198530241605269e-24, 1e-12);
  });
  it('matches qnorm', () => {
    expectClose(normalQuantile(0.975), 1.9599639845400536, 1e-14);
    expectClose(normalQuantile(1e-10), -6.3613409024040557, 1e-14);
    expectClose(normalQuantile(0.3), -0.52440051270804067, 1e-14);
    expectClose(normalQuantile(0.5 + 1e-9), 2.5066282037387119e-9, 1e-7);
    expectClose(normalQuantile(1e-300), -37.047096299361201, 1e-14);
    expectClose(normalQuantile(0.999999), 4.7534243088170891, 1e-9);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
  });
  it('inverts the cdf', () => {
    for (const p of [1e-200, 1e-5, 0.01, 0.2, 0.49, 0.5, 0.77, 0.99])
      expectClose(normalCdf(normalQuantile(p)), p, 1e-13);
  });
});
