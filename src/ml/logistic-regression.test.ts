import { describe, expect, it } from 'vitest';
import { fitLogisticRegression, predictProba } from './logistic-regression.js';
import { relClose, sklearnReference } from './test-support/fixtures.js';

describe('fitLogisticRegression', () => {
  for (const c of sklearnReference().logistic) {
    it(`minimises scikit-learn's LogisticRegression(C=${c.C}) objective on ${c.name}`, () => {
      const x = Float64Array.from(c.x);
      const model = fitLogisticRegression(x, c.n, c.p, c.y, {
        l2: 1 / c.C,
        ...(c.weights ? { weights: c.weights } : {}),
      });
      expect(model.converged).toBe(true);
      expect(relClose(model.intercept, c.intercept, 1e-6)).toBe(true);
      c.coef.forEach((b, j) => {
        expect(relClose(model.coef[j], b, 1e-6), `coef ${j}`).toBe(true);
      });
      // lbfgs itself stops at a relative objective change of ~2e-9, ~1e-4 short in the coefficients (see the reference script).
      expect(relClose(model.intercept, c.lbfgs.intercept, 1e-3)).toBe(true);
      c.lbfgs.coef.forEach((b, j) => {
        expect(relClose(model.coef[j], b, 1e-3), `lbfgs coef ${j}`).toBe(true);
      });
      const proba = predictProba(model, x.subarray(0, 5 * c.p), 5, c.p);
      c.proba.forEach((v, i) => {
        expect(proba[i]).toBeCloseTo(v, 8);
      });
    });
  }

  it('is finite and not converged-by-accident under complete separation without a penalty', () => {
    const x = Float64Array.from([-2, -1, 1, 2]);
    const model = fitLogisticRegression(x, 4, 1, [0, 0, 1, 1], { l2: 0, maxIter: 25 });
    expect(Number.isFinite(model.coef[0])).toBe(true);
    expect(model.coef[0]).toBeGreaterThan(5);
  });

  it('gives the prevalence as intercept with no features', () => {
    const model = fitLogisticRegression(new Float64Array(0), 4, 0, [0, 1, 1, 1]);
    expect(model.intercept).toBeCloseTo(Math.log(3), 10);
  });

  it('rejects labels other than 0/1 and non-finite features', () => {
    expect(() => fitLogisticRegression(Float64Array.from([1, 2]), 2, 1, [0, 2])).toThrow(/not 0 or 1/);
    expect(() => fitLogisticRegression(Float64Array.from([1, Number.NaN]), 2, 1, [0, 1])).toThrow(/finite/);
  });
});
