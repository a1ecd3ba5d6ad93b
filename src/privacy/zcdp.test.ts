import { describe, expect, it } from 'vitest';
import reference from './fixtures/cdp-reference.json' with { type: 'json' };
import { mstBudget } from './mst-budget.js';
import { discreteGaussianScale } from './noise-scale.js';
import {
  composeRho,
  exponentialMechanismEpsilon,
  exponentialMechanismRho,
  gaussianRho,
  zcdpDelta,
  zcdpEpsilon,
  zcdpRho,
} from './zcdp.js';

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

describe('zCDP conversion against private-pgm (tools/reference/cdp.py)', () => {
  it('ε = 1, δ = 1e-9 gives ρ ≈ 0.0150, as the issue states', () => {
    expect(zcdpRho(1, 1e-9)).toBeCloseTo(0.015, 4);
  });

  it.each(reference.rho)('ρ(ε = $epsilon, δ = $delta) = $rho', ({ epsilon, delta, rho }) => {
    expect(relative(zcdpRho(epsilon, delta), rho)).toBeLessThan(1e-6);
  });

  it.each(reference.epsilon)('ε(ρ = $rho, δ = $delta) = $epsilon', ({ rho, delta, epsilon }) => {
    expect(relative(zcdpEpsilon(rho, delta), epsilon)).toBeLessThan(1e-6);
  });

  it.each(reference.delta)('δ(ρ = $rho, ε = $epsilon) = $delta', ({ rho, epsilon, delta, pgmDelta }) => {
    const ours = zcdpDelta(rho, epsilon);
    expect(relative(ours, delta)).toBeLessThan(1e-6);
    // private-pgm stops α at 1.01, so its δ can only be larger (looser) than the infimum.
    expect(ours).toBeLessThanOrEqual(pgmDelta * (1 + 1e-9));
  });
});

describe('zCDP conversion, its own properties', () => {
  it('round-trips: the ρ of (ε, δ) converts back to ε and to δ', () => {
    for (const epsilon of [0.1, 1, 3, 10])
      for (const delta of [1e-5, 1e-9]) {
        const rho = zcdpRho(epsilon, delta);
        expect(relative(zcdpEpsilon(rho, delta), epsilon)).toBeLessThan(1e-9);
        // Conservative ends: never more ρ than (ε, δ) allows, never less ε than ρ implies.
        expect(zcdpDelta(rho, epsilon)).toBeLessThanOrEqual(delta);
        expect(zcdpEpsilon(rho, delta)).toBeGreaterThanOrEqual(epsilon * (1 - 1e-12));
      }
  });

  it('is tighter than the classic bound ε = ρ + 2√(ρ log(1/δ))', () => {
    for (const rho of [0.001, 0.1, 2]) {
      const classic = rho + 2 * Math.sqrt(rho * Math.log(1e6));
      expect(zcdpEpsilon(rho, 1e-6)).toBeLessThan(classic);
    }
  });

  it('δ is 0 at ρ = 0, at most 1, and falls as ε grows', () => {
    expect(zcdpDelta(0, 1)).toBe(0);
    expect(zcdpDelta(10, 0)).toBeLessThanOrEqual(1);
    let previous = 1;
    for (const epsilon of [0, 0.5, 1, 2, 4]) {
      const delta = zcdpDelta(0.1, epsilon);
      expect(delta).toBeLessThanOrEqual(previous);
      previous = delta;
    }
  });

  it('δ is the minimum over α: no α on a fine grid does better', () => {
    const rho = 0.05;
    const epsilon = 1;
    const best = zcdpDelta(rho, epsilon);
    for (let alpha = 1.05; alpha < 200; alpha *= 1.01) {
      const at = (Math.exp((alpha - 1) * (alpha * rho - epsilon)) / (alpha - 1)) * (1 - 1 / alpha) ** alpha;
      expect(best).toBeLessThanOrEqual(at * (1 + 1e-12));
    }
  });

  it('handles the infinite ends without looping', () => {
    expect(zcdpEpsilon(Number.POSITIVE_INFINITY, 1e-6)).toBe(Number.POSITIVE_INFINITY);
    expect(zcdpRho(Number.POSITIVE_INFINITY, 1e-6)).toBe(Number.POSITIVE_INFINITY);
    expect(zcdpDelta(1, Number.POSITIVE_INFINITY)).toBe(0);
    expect(zcdpDelta(Number.POSITIVE_INFINITY, 1)).toBe(1);
    expect(zcdpRho(0, 1e-6)).toBeGreaterThan(0);
    expect(zcdpDelta(1e-12, 1)).toBe(0);
  });

  it('refuses nonsense', () => {
    expect(() => zcdpRho(-1, 1e-6)).toThrow(RangeError);
    expect(() => zcdpRho(1, 0)).toThrow(RangeError);
    expect(() => zcdpEpsilon(Number.NaN, 1e-6)).toThrow(RangeError);
  });
});

describe('mechanisms and composition', () => {
  it('Gaussian: ρ = Δ² / (2σ²)', () => {
    expect(gaussianRho(1, 100)).toBe(0.005);
    expect(gaussianRho(2, 2)).toBe(1);
  });

  it('exponential mechanism: ρ = ε² / 8 and back', () => {
    expect(exponentialMechanismRho(2)).toBe(0.5);
    expect(exponentialMechanismEpsilon(0.5)).toBe(2);
  });

  it('composition adds ρ: k Gaussian measurements at σ spend k/(2σ²)', () => {
    expect(composeRho(Array.from({ length: 4 }, () => gaussianRho(1, 8)))).toBe(0.25);
    expect(composeRho([])).toBe(0);
  });
});

describe('MST budget split', () => {
  it('ε = 1, δ = 1e-9: σ ≈ 10.0 per cell (the issue, private-pgm mst.py)', () => {
    const budget = mstBudget(1, 1e-9, 14);
    expect(budget.rho).toBeCloseTo(0.015, 4);
    expect(budget.sigma).toBeCloseTo(10.0, 1);
    expect(budget.oneWaySigma).toBeCloseTo(budget.sigma * Math.sqrt(14), 12);
    expect(budget.edgeSigma).toBeCloseTo(budget.sigma * Math.sqrt(13), 12);
  });

  it('the three parts compose back to the whole ρ', () => {
    const d = 67;
    const b = mstBudget(3, 1e-6, d);
    const oneWay = d * gaussianRho(1, b.oneWaySigma ** 2);
    const selection = (d - 1) * exponentialMechanismRho(b.selectionEpsilon);
    const edges = (d - 1) * gaussianRho(1, b.edgeSigma ** 2);
    expect(relative(oneWay + selection + edges, b.rho)).toBeLessThan(1e-12);
    expect(relative(oneWay, b.rho / 3)).toBeLessThan(1e-12);
  });
});

describe('noise scale for a share of ρ', () => {
  it('σ² = Δ²/(2ρ), rounded up: the ρ spent never exceeds the ρ asked', () => {
    for (const rho of [0.015 / 3 / 66, 0.005, 0.1, 1 / 3]) {
      const scale = discreteGaussianScale(rho);
      expect(scale.rho).toBeLessThanOrEqual(rho);
      expect(relative(scale.rho, rho)).toBeLessThan(1e-4);
      expect(scale.sigma ** 2).toBeCloseTo(Number(scale.sigma2.num) / Number(scale.sigma2.den), 9);
    }
    expect(discreteGaussianScale(0.005).sigma2).toEqual({ num: 100n, den: 1n });
    expect(discreteGaussianScale(0.5, 2).sigma2).toEqual({ num: 4n, den: 1n });
  });
});
