import { describe, expect, it } from 'vitest';
import { coxph } from './cox.js';
import { ridgeCox } from './ridge-cox.js';
import { simulateCox } from './test-support/simulate.js';

describe('ridge-penalised Cox regression', () => {
  const data = simulateCox('ridge', 400, 4, 0.05);

  it('without a penalty is the Cox fit with Breslow ties (coxph, ties = "breslow")', () => {
    const reference = coxph(
      data.time,
      data.status,
      { names: data.names, columns: data.columns },
      { ties: 'breslow' },
    );
    const fit = ridgeCox(data.time, data.status, data.columns, { penalty: 0 });
    expect(fit.converged).toBe(true);
    for (const [j, term] of reference.terms.entries()) expect(fit.coef[j]).toBeCloseTo(term.coef, 6);
  });

  it('shrinks every coefficient towards 0 as the penalty grows', () => {
    const size = (penalty: number) =>
      Math.hypot(...ridgeCox(data.time, data.status, data.columns, { penalty }).coef);
    // Unscaled covariates (SD 10 for the odd ones): the penalty must exceed their information to bite.
    const sizes = [0, 1, 100, 1e4, 1e8].map(size);
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeLessThan(sizes[i - 1]);
    expect(sizes[4]).toBeLessThan(0.01 * sizes[0]);
  });

  it('gives a finite estimate where the plain fit runs to infinity (every carrier dies first)', () => {
    const n = 60;
    const time = Float64Array.from({ length: n }, (_, i) => i + 1);
    const status = new Uint8Array(n).fill(1);
    // The 5 carriers die before everyone else: separation, a coefficient running to +∞.
    const flag = Float64Array.from({ length: n }, (_, i) => (i < 5 ? 1 : 0));
    expect(() => coxph(time, status, { names: ['flag'], columns: [flag] })).toThrow();
    const fit = ridgeCox(time, status, [flag], { penalty: 1 });
    expect(fit.converged).toBe(true);
    expect(fit.coef[0]).toBeGreaterThan(1);
    expect(fit.coef[0]).toBeLessThan(10);
  });
});
