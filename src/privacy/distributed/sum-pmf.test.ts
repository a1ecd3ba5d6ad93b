import { describe, expect, it } from 'vitest';
import { distributedGaussianRho } from './distributed-gaussian.js';
import reference from './fixtures/distributed-dgauss-reference.json' with { type: 'json' };
import {
  discreteGaussianSumPmf,
  discreteGaussianTruncated,
  type IntegerPmf,
  renyiDivergenceOfShift,
  totalVariation,
} from './sum-pmf.js';

const relative = (a: number, b: number) =>
  a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

/** N_Z(0, variance) on the same support as `pmf`, the distribution the sum is compared with. */
function centralOn(pmf: IntegerPmf, variance: number): IntegerPmf {
  const reach = (pmf.mass.length - 1) / 2;
  return { offset: -reach, mass: discreteGaussianTruncated(variance, reach), truncationError: 0 };
}

describe('the exact pmf of a sum of discrete Gaussians, against mpmath (60 digits)', () => {
  it.each(reference.sum)(
    'σ² = $sigma2, n = $nodes: pmf(0..11) to 1e-12 relative',
    ({ sigma2, nodes, pmf }) => {
      const ours = discreteGaussianSumPmf(sigma2, nodes);
      expect(ours.truncationError).toBeLessThan(1e-300);
      let total = 0;
      for (const m of ours.mass) total += m;
      expect(Math.abs(total - 1)).toBeLessThan(1e-13);
      pmf.forEach((p, z) => {
        expect(relative(ours.mass[z - ours.offset], p)).toBeLessThan(1e-12);
      });
    },
  );

  it.each(reference.sum)(
    'σ² = $sigma2, n = $nodes: Rényi divergences of a shift by 1 and TV from N_Z(0, nσ²)',
    ({ sigma2, nodes, renyi, totalVariation: tv }) => {
      const pmf = discreteGaussianSumPmf(sigma2, nodes);
      for (const { alpha, divergence } of renyi)
        expect(relative(renyiDivergenceOfShift(pmf, alpha), divergence)).toBeLessThan(1e-9);
      expect(Math.abs(totalVariation(pmf, centralOn(pmf, nodes * sigma2)) - tv)).toBeLessThan(1e-13);
    },
  );
});

describe('Proposition 14 against brute force', () => {
  // The exact D_α(Z ‖ Z+1) of a count (d = 1, Δ = 1) must stay under α·ρ for every α; for σ² = 1/4,
  // n = 2 the exact loss exceeds the central 1/(2nσ²) = 1 (α = 5 gives 1.050 per unit α), so the
  // τ term is needed and a bound of the central ρ alone would be wrong.
  const orders = [1.01, 1.5, 2, 3, 5, 10, 20, 50];
  it.each([
    [0.25, 2],
    [0.25, 3],
    [0.25, 5],
    [0.5, 2],
    [0.5, 5],
    [1, 2],
    [2, 5],
  ])('σ² = %f, n = %i: D_α ≤ α·ρ for α in 1.01..50', (sigma2, nodes) => {
    const pmf = discreteGaussianSumPmf(sigma2, nodes);
    const rho = distributedGaussianRho({ sigma2, nodes, l1: 1, l2: 1, dimension: 1 });
    for (const alpha of orders) expect(renyiDivergenceOfShift(pmf, alpha)).toBeLessThanOrEqual(alpha * rho);
  });

  it('the central ρ alone would be exceeded at σ² = 1/4, n = 2 (so the check above has teeth)', () => {
    const pmf = discreteGaussianSumPmf(0.25, 2);
    expect(renyiDivergenceOfShift(pmf, 5) / 5).toBeGreaterThan(1 / (2 * 2 * 0.25));
  });

  it('the sum approaches N_Z(0, nσ²) fast in σ²: TV 8.0e-2, 7.2e-3, 5.2e-5, 2.7e-9 at n = 2', () => {
    const tvs = [0.25, 0.5, 1, 2].map((sigma2) => {
      const pmf = discreteGaussianSumPmf(sigma2, 2);
      return totalVariation(pmf, centralOn(pmf, 2 * sigma2));
    });
    const expected = [8.005e-2, 7.189e-3, 5.172e-5, 2.675e-9];
    tvs.forEach((tv, i) => {
      expect(relative(tv, expected[i])).toBeLessThan(1e-3);
    });
  });

  it('refuses a Rényi order ≤ 1 or non-finite, and σ² below 1/4 for several nodes', () => {
    const pmf = discreteGaussianSumPmf(1, 2);
    for (const alpha of [1, 0.5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => renyiDivergenceOfShift(pmf, alpha)).toThrow(
        /alpha \(the Rényi order\) must be a finite number > 1/,
      );
    expect(() => discreteGaussianSumPmf(0.2, 2)).toThrow(/at least 1\/4/);
  });
});
