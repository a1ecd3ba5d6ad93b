import { describe, expect, it } from 'vitest';
import { macroOvrAuc, r2Score } from './metrics.js';
import { fitRidge, predictLinear } from './ridge.js';
import { relClose, sklearnReference } from './test-support/fixtures.js';

const reference = sklearnReference();

describe('fitRidge', () => {
  for (const c of reference.ridge) {
    it(`matches scikit-learn Ridge(alpha=${c.alpha}) on ${c.name}`, () => {
      const x = Float64Array.from(c.x);
      const model = fitRidge(x, c.n, c.p, c.y, { l2: c.alpha });
      expect(relClose(model.intercept, c.intercept, 1e-9)).toBe(true);
      c.coef.forEach((b, j) => {
        expect(relClose(model.coef[j], b, 1e-9), `coef ${j}`).toBe(true);
      });
      expect(r2Score(c.y, predictLinear(model, x, c.n, c.p))).toBeCloseTo(c.r2, 10);
    });
  }
});

describe('macroOvrAuc', () => {
  it("matches scikit-learn's roc_auc_score(multi_class='ovr', average='macro')", () => {
    const c = reference.multiclassAuc;
    expect(macroOvrAuc(Float64Array.from(c.scores), c.labels, c.k)).toBeCloseTo(c.macroOvr, 12);
  });
});
