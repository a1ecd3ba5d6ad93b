/** Measurements of known distributions over a small domain, for the estimator's tests. */
import type { Measurements } from '../../measure/measurements.js';
import type { Clique } from '../cells.js';
import { bruteMarginal } from './brute-force.js';

export const NAMES = ['a', 'b', 'c', 'd', 'e'];

/** Exact (σ = 0) or noisy measurements of `joint` over `queries`; noise is a given integer vector per query. */
export function measurementsOf(
  joint: Float64Array,
  sizes: readonly number[],
  queries: readonly Clique[],
  noise?: { sigma: number; values: readonly (readonly number[])[] },
): Measurements {
  return {
    version: 1,
    domain: { attributes: sizes.map((size, i) => ({ name: NAMES[i], size })), hash: 'test' },
    measurements: queries.map((q, k) => {
      const exact = Array.from(bruteMarginal(joint, sizes, q));
      const answer = noise ? exact.map((x, j) => x + noise.values[k][j]) : exact;
      return {
        query: q.map((a) => NAMES[a]),
        answer,
        noise: noise
          ? { mechanism: 'discrete-gaussian' as const, sigma: noise.sigma }
          : { mechanism: 'none' as const, sigma: 0 },
        rho: [noise ? 1 / (2 * noise.sigma ** 2) : null],
      };
    }),
  };
}
