import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { ridgeCox } from './ridge-cox.js';
import { ridgeCoxWide } from './ridge-cox-wide.js';
import { sparseRows } from './sparse-rows.js';

/** Sparse flags and a few numbers, tied times, censoring: the shape of a panel-wide Cox design. */
function panel(n: number, p: number, seed: number) {
  const rng = Rng.from(seed);
  const columns = Array.from({ length: p }, (_, j) =>
    Float64Array.from({ length: n }, () => (j % 5 === 0 ? rng.normal() : rng.uniform() < 0.08 ? 1 : 0)),
  );
  const time = new Float64Array(n);
  const status = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const eta = 0.7 * columns[1][i] - 0.5 * columns[0][i] + 0.4 * columns[2][i];
    time[i] = Math.ceil(30 * rng.exponential(Math.exp(eta)));
    status[i] = rng.uniform() < 0.75 ? 1 : 0;
  }
  return { time, status, columns };
}

describe('ridge Cox by truncated Newton (the wide designs)', () => {
  for (const penalty of [0.5, 5])
    it(`agrees with the dense Newton fit (the slow reference), penalty ${penalty}`, () => {
      const { time, status, columns } = panel(300, 40, 3);
      const dense = ridgeCox(time, status, columns, { penalty });
      const wide = ridgeCoxWide(sparseRows(time, status, columns), penalty, 25, 1e-9);
      expect(dense.converged && wide.converged).toBe(true);
      expect(wide.loglik).toBeCloseTo(dense.loglik, 6);
      for (let j = 0; j < columns.length; j++) expect(wide.coef[j]).toBeCloseTo(dense.coef[j], 5);
    });

  it('is what ridgeCox runs beyond 200 columns, within seconds for 2,000', () => {
    const { time, status, columns } = panel(500, 2000, 4);
    const started = performance.now();
    const fit = ridgeCox(time, status, columns, { penalty: 1 });
    expect(fit.converged).toBe(true);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(fit.coef[1]).toBeGreaterThan(0.2);
  });
});
