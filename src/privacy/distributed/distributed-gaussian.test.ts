import { describe, expect, it } from 'vitest';
import { UsageError } from '../../core/errors.js';
import { gaussianRho } from '../zcdp.js';
import { distributedGaussianBound, distributedGaussianRho, sumTau } from './distributed-gaussian.js';
import reference from './fixtures/distributed-dgauss-reference.json' with { type: 'json' };

const relative = (a: number, b: number) =>
  a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
const unit = { l1: 1, l2: 1, dimension: 1 };

describe('τ and ρ against mpmath (tools/reference/distributed_dgauss.py)', () => {
  // 378 rows: σ² 0.25..100, n 1..30, d 1..10⁴, three (Δ₁, Δ₂); float64 against 60 digits.
  it('τ agrees to 1e-12 relative on every row (or both underflow below 1e-300)', () => {
    for (const row of reference.rho) {
      const tau = sumTau(row.sigma2, row.nodes);
      if (row.tau < 1e-300) expect(tau).toBeLessThan(1e-300);
      else expect(relative(tau, row.tau)).toBeLessThan(1e-12);
    }
  });

  it('ρ and each of Proposition 14’s three terms agree to 1e-12 relative on every row', () => {
    for (const row of reference.rho) {
      const bound = distributedGaussianBound(row);
      expect(relative(bound.rho, row.rho)).toBeLessThan(1e-12);
      for (let i = 0; i < 3; i++) expect(relative(bound.terms[i], row.terms[i])).toBeLessThan(1e-12);
    }
  });

  it('covers rows where each term is the smallest, so all three are exercised', () => {
    const smallest = new Set(reference.rho.map((row) => row.terms.indexOf(Math.min(...row.terms))));
    expect([...smallest].sort()).toEqual([0, 1, 2]);
  });
});

describe('limits and monotonicity', () => {
  it('one node is exactly the central discrete Gaussian: τ = 0, ρ = Δ₂²/(2σ²) (CKS20, Theorem 14)', () => {
    for (const sigma2 of [0.01, 0.25, 1, 7.3, 1e4])
      for (const l2 of [1, 2, Math.sqrt(10)]) {
        expect(sumTau(sigma2, 1)).toBe(0);
        const rho = distributedGaussianRho({ sigma2, nodes: 1, l1: 10, l2, dimension: 1000 });
        expect(rho).toBe(gaussianRho(l2, sigma2));
      }
  });

  it('as σ² grows, τ → 0 and ρ → Δ₂²/(2nσ²), the central discrete Gaussian of variance nσ²', () => {
    for (const nodes of [2, 5, 30]) {
      let previousGap = Number.POSITIVE_INFINITY;
      for (const sigma2 of [0.25, 0.5, 1, 2, 4, 8]) {
        const query = { l1: 4, l2: 2, dimension: 100 };
        const rho = distributedGaussianRho({ ...query, sigma2, nodes });
        const central = gaussianRho(2, nodes * sigma2);
        const gap = rho / central - 1;
        expect(gap).toBeGreaterThanOrEqual(0);
        expect(gap).toBeLessThan(previousGap);
        previousGap = gap;
      }
      // At σ² = 8, τ = 10·Σ exp(−2π²·8·k/(k+1)) < 10·29·e^{−79} ≈ 1e−32: nothing left of the excess.
      expect(previousGap).toBeLessThan(1e-12);
      expect(sumTau(8, nodes)).toBeLessThan(1e-30);
    }
  });

  it('ρ falls as σ² grows, never rises as nodes are added (n = 1..30); τ rises with n', () => {
    for (const dimension of [1, 64, 10_000]) {
      const query = { l1: 3, l2: Math.sqrt(3), dimension };
      for (let nodes = 1; nodes <= 30; nodes++) {
        let previous = Number.POSITIVE_INFINITY;
        for (let sigma2 = 0.25; sigma2 <= 20; sigma2 *= 1.25) {
          const rho = distributedGaussianRho({ ...query, sigma2, nodes });
          expect(rho).toBeLessThan(previous);
          previous = rho;
          if (nodes > 1) {
            const fewer = distributedGaussianRho({ ...query, sigma2, nodes: nodes - 1 });
            expect(rho).toBeLessThanOrEqual(fewer);
            if (sigma2 >= 1 && dimension <= 64) expect(rho).toBeLessThan(fewer);
            // Strictly while the new term still registers in double precision.
            if (sigma2 <= 2) expect(sumTau(sigma2, nodes)).toBeGreaterThan(sumTau(sigma2, nodes - 1));
            else expect(sumTau(sigma2, nodes)).toBeGreaterThanOrEqual(sumTau(sigma2, nodes - 1));
          }
        }
      }
    }
  });

  it('the bound alone can grow with n (τd large); ρ takes the least over k ≤ n shares, by post-processing', () => {
    const query = { l1: 3, l2: Math.sqrt(3), dimension: 10_000 };
    const two = distributedGaussianBound({ ...query, sigma2: 0.25, nodes: 2 }).rho;
    const three = distributedGaussianBound({ ...query, sigma2: 0.25, nodes: 3 }).rho;
    expect(three).toBeGreaterThan(two);
    // One share alone is N_Z(0, 1/4): ρ = 3/(2/4) = 6, the least here.
    expect(distributedGaussianRho({ ...query, sigma2: 0.25, nodes: 3 })).toBe(
      Math.min(gaussianRho(Math.sqrt(3), 0.25), two, three),
    );
  });

  it('the excess over the central ρ is at most τd (first term), as Proposition 14 gives', () => {
    for (const [sigma2, nodes, dimension] of [
      [0.25, 2, 1],
      [0.5, 5, 64],
      [1, 30, 10_000],
    ]) {
      const { tau, rho } = distributedGaussianBound({ ...unit, sigma2, nodes, dimension });
      expect(rho - gaussianRho(1, nodes * sigma2)).toBeLessThanOrEqual(tau * dimension * (1 + 1e-12));
    }
  });
});

describe('refusals', () => {
  const good = { sigma2: 1, nodes: 3, l1: 2, l2: 1, dimension: 10 };
  it.each([
    [{ nodes: 0 }, /nodes must be a whole number ≥ 1, got 0/],
    [{ nodes: 2.5 }, /nodes must be a whole number ≥ 1, got 2.5/],
    [{ sigma2: 0 }, /sigma2 must be a positive finite number, got 0/],
    [{ sigma2: Number.NaN }, /sigma2 must be a positive finite number, got NaN/],
    [{ sigma2: Number.POSITIVE_INFINITY }, /sigma2 must be a positive finite number/],
    [{ sigma2: 0.2 }, /sigma2 must be at least 1\/4 when noise is summed over 3 nodes.*Proposition 14/],
    [{ l1: -1 }, /l1 must be a finite number ≥ 0, got -1/],
    [{ l2: Number.NaN }, /l2 must be a finite number ≥ 0, got NaN/],
    [{ l2: 3 }, /l2 \(3\) cannot exceed l1 \(2\)/],
    [{ dimension: 0 }, /dimension must be a whole number ≥ 1, got 0/],
    [{ dimension: Number.POSITIVE_INFINITY }, /dimension must be a whole number ≥ 1, got Infinity/],
  ])('%o is refused with a usage error', (change, message) => {
    const call = () => distributedGaussianRho({ ...good, ...change });
    expect(call).toThrow(UsageError);
    expect(call).toThrow(message);
  });

  it('one node may use any σ² > 0 (it is a plain discrete Gaussian)', () => {
    expect(distributedGaussianRho({ ...good, nodes: 1, sigma2: 0.01 })).toBeCloseTo(50, 12);
  });
});
