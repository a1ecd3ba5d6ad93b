import { describe, expect, it } from 'vitest';
import { StatisticsError, UsageError } from '../core/errors.js';
import { coxph } from './cox.js';
import { coxControl } from './cox-control.js';
import { expectClose } from './test-support/expect-close.js';
import { simulateCox } from './test-support/simulate.js';

const f64 = (...v: number[]) => Float64Array.from(v);
const u8 = (...v: number[]) => Uint8Array.from(v);

describe('coxph on a small data set', () => {
  // R: d <- data.frame(t = 1:8, s = c(1,1,0,1,1,0,1,1), x = c(0,1,0,1,1,0,1,0))
  //    f <- coxph(Surv(t, s) ~ x, d); coef(f); f$loglik; concordance(f)$concordance
  const fit = coxph(f64(1, 2, 3, 4, 5, 6, 7, 8), u8(1, 1, 0, 1, 1, 0, 1, 1), {
    names: ['x'],
    columns: [f64(0, 1, 0, 1, 1, 0, 1, 0)],
  });
  it('matches R', () => {
    expectClose(fit.terms[0].coef, 1.2566977393082892, 1e-10);
    expectClose(fit.loglik[0], -7.7142311448490855, 1e-12);
    expectClose(fit.loglik[1], -6.9395576766054106, 1e-12);
    expectClose(fit.concordance.concordance, 0.59523809523809523, 1e-12);
  });
  it('reports hr = exp(coef), z = coef/se, and the Wald interval', () => {
    const t = fit.terms[0];
    expect(t.hr).toBe(Math.exp(t.coef));
    expect(t.z).toBe(t.coef / t.se);
    expectClose(t.lower, Math.exp(t.coef - 1.959963984540054 * t.se), 1e-14);
    expect(fit.method).toBe('coxph');
    expect(fit.diagnostics).toEqual([]);
  });
});

describe('coxph diagnoses what it cannot estimate', () => {
  it('separation: a covariate whose group has no events names the term', () => {
    // R: coxph(Surv(1:8, c(1,1,1,1,0,0,0,0)) ~ x + z) "ran out of iterations", coef(x) ≈ −23
    const error = catchError(() =>
      coxph(f64(1, 2, 3, 4, 5, 6, 7, 8), u8(1, 1, 1, 1, 0, 0, 0, 0), {
        names: ['x', 'z'],
        columns: [f64(0, 0, 0, 0, 1, 1, 1, 1), f64(3, 1, 4, 1, 5, 9, 2, 6)],
      }),
    );
    expect(error).toBeInstanceOf(StatisticsError);
    expect(error.message).toContain("'x'");
    expect(error.message).not.toContain("'z'");
  });
  it('collinearity: a column that is a linear function of another names both', () => {
    const sim = simulateCox('collinear', 60, 2);
    const error = catchError(() =>
      coxph(sim.time, sim.status, {
        names: ['age', 'sex', 'age_months'],
        columns: [sim.columns[0], sim.columns[1], sim.columns[0].map((v) => 12 * v + 3)],
        terms: ['age', 'sex', 'age_months'],
      }),
    );
    expect(error).toBeInstanceOf(StatisticsError);
    expect(error.message).toContain("'age_months' is a linear combination of 'age'");
    expect(error.message).not.toContain("'sex'");
    expect((error as StatisticsError).where.column).toBe('age_months');
  });
  it('collinearity: indicators that sum to a constant', () => {
    const a = f64(1, 0, 0, 1, 0, 0, 1, 0);
    const b = f64(0, 1, 0, 0, 1, 0, 0, 1);
    const c = a.map((v, i) => 1 - v - b[i]);
    const error = catchError(() =>
      coxph(f64(1, 2, 3, 4, 5, 6, 7, 8), u8(1, 1, 0, 1, 1, 0, 1, 1), {
        names: ['a', 'b', 'c'],
        columns: [a, b, c],
      }),
    );
    expect(error.message).toContain("'c' is a linear combination of 'a', 'b'");
  });
  it('a constant covariate', () => {
    const error = catchError(() =>
      coxph(f64(1, 2, 3), u8(1, 1, 0), { names: ['k'], columns: [f64(5, 5, 5)] }),
    );
    expect(error.message).toContain("'k' is constant");
  });
  it('no events', () => {
    expect(() => coxph(f64(1, 2), u8(0, 0), { names: ['x'], columns: [f64(0, 1)] })).toThrow(StatisticsError);
  });
});

describe('coxControl', () => {
  it("has R's coxph.control defaults", () => {
    expect(coxControl()).toEqual({
      eps: 1e-9,
      tolerChol: Number.EPSILON ** 0.75,
      iterMax: 20,
      tolerInf: Math.sqrt(1e-9),
    });
  });
  it('rejects bad settings with a UsageError naming them', () => {
    expect(() => coxControl({ eps: -1 })).toThrow(/eps/);
    expect(() => coxControl({ iterMax: 2.5 })).toThrow(UsageError);
    expect(() => coxControl({ eps: 1e-12, tolerChol: 1e-10 })).toThrow(/tolerChol/);
    expect(() => coxControl({ eps: 1e-9, bogus: 1 } as never)).toThrow(UsageError);
  });
  it('iterMax = 0 evaluates the model at β = 0', () => {
    const fit = coxph(
      f64(1, 2, 3, 4),
      u8(1, 1, 0, 1),
      { names: ['x'], columns: [f64(0, 1, 1, 0)] },
      { control: { iterMax: 0 } },
    );
    expect(fit.terms[0].coef).toBe(0);
    expect(fit.loglik[0]).toBe(fit.loglik[1]);
  });
});

describe('coxph performance', () => {
  it('fits 100 000 rows × 10 covariates with tied times in well under a few seconds', () => {
    const sim = simulateCox('timing', 100_000, 10, 0.01);
    const start = performance.now();
    const fit = coxph(sim.time, sim.status, { names: sim.names, columns: sim.columns });
    const elapsed = performance.now() - start;
    if (process.env.SURVIVAL_REPORT_ERRORS)
      console.log(`Cox 100 000 × 10: ${elapsed.toFixed(0)} ms, ${fit.iterations} iterations`);
    // Generous for a busy 2-core machine; an O(n²) fit would take minutes.
    expect(elapsed).toBeLessThan(6000);
    // the simulated effects are 0.3 / √10 per SD or per indicator
    expect(Math.abs(fit.terms[1].coef - 0.3 / Math.sqrt(10))).toBeLessThan(0.05);
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('coxph input checks', () => {
  it('names a covariate with a missing value', () => {
    expect(() =>
      coxph(f64(1, 2, 3), u8(1, 1, 0), { names: ['age'], columns: [f64(1, Number.NaN, 3)], terms: ['age'] }),
    ).toThrow(/column 'age'.*not finite/);
  });
});
