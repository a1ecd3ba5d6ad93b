/**
 * Against private-pgm's algorithm: tools/reference/pgm.py runs the same mirror descent in numpy
 * with brute-force marginals over the full joint (no junction tree) on a 4-cycle with noisy
 * measurements, and wrote fixtures/private-pgm.json. The trajectory is private-pgm's step rule
 * (`armijo`); the accelerated default must reach the same limit.
 */
import { describe, expect, it } from 'vitest';
import { Measurements } from '../measure/measurements.js';
import { estimate } from './estimate.js';
import reference from './fixtures/private-pgm.json' with { type: 'json' };
import { modelMarginal } from './model.js';

const measurements = Measurements.parse(reference.measurements);

describe('estimate against the numpy reference', () => {
  it.each(reference.runs.map((r) => [r.iterations, r] as const))(
    'matches after %i iterations',
    (iterations, run) => {
      const fit = estimate(measurements, { maxIterations: iterations, tolerance: 0, stepRule: 'armijo' });
      expect(fit.model.total).toBeCloseTo(run.total, 10);
      // Same steps, same decisions: the trajectory agrees to rounding; the limit to the tolerance.
      const tolerance = iterations <= 25 ? 1e-9 : 1e-6;
      expect(Math.abs(fit.loss - run.loss) / run.loss).toBeLessThan(tolerance);
      measurements.measurements.forEach((m, i) => {
        const mu = modelMarginal(fit.model, m.query);
        const worst = Math.max(...run.marginals[i].map((x, j) => Math.abs(mu[j] - x)));
        expect(worst / run.total).toBeLessThan(tolerance);
      });
    },
  );

  it('reaches the same limit with the accelerated step rule, in fewer steps', () => {
    const limit = reference.runs[reference.runs.length - 1];
    const fit = estimate(measurements, { maxIterations: limit.iterations, tolerance: 1e-12 });
    expect(Math.abs(fit.loss - limit.loss) / limit.loss).toBeLessThan(1e-6);
    measurements.measurements.forEach((m, i) => {
      const mu = modelMarginal(fit.model, m.query);
      const worst = Math.max(...limit.marginals[i].map((x, j) => Math.abs(mu[j] - x)));
      expect(worst / limit.total).toBeLessThan(1e-6);
    });
    expect(fit.iterations).toBeLessThan(limit.iterations / 4);
  });
});
