/**
 * Against private-pgm's algorithm: tools/reference/pgm.py runs the same mirror descent in numpy
 * with brute-force marginals over the full joint (no junction tree) on a 4-cycle with noisy
 * measurements, and wrote fixtures/private-pgm.json.
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
      const fit = estimate(measurements, { maxIterations: iterations, tolerance: 0 });
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
});
