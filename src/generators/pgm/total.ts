/**
 * The number of records, estimated from the measurements alone: each marginal's sum is an
 * unbiased estimate of the total with variance σ² × (cells), and the estimates are combined with
 * inverse-variance weights (private-pgm's `minimum_variance_unbiased_total`). No exact count is
 * ever recorded; measurements without noise give their exact sum.
 */
import type { Measurements } from '../measure/measurements.js';

export function estimateTotal(measurements: Measurements): number {
  const exact: number[] = [];
  let weights = 0;
  let weighted = 0;
  for (const m of measurements.measurements) {
    const sum = m.answer.reduce((s, x) => s + x, 0);
    if (m.noise.sigma === 0) {
      exact.push(sum);
      continue;
    }
    const variance = m.noise.sigma ** 2 * m.answer.length;
    weights += 1 / variance;
    weighted += sum / variance;
  }
  const estimate = exact.length ? exact.reduce((s, x) => s + x, 0) / exact.length : weighted / weights;
  // A total below one record cannot be sampled from; noise can push a tiny table's estimate there.
  return Number.isFinite(estimate) ? Math.max(1, estimate) : 1;
}
