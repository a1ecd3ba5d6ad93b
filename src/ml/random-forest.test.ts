import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { rocAuc } from '../stats/auc.js';
import { r2Score } from './metrics.js';
import {
  fitRandomForestClassifier,
  fitRandomForestRegressor,
  predictForest,
  predictForestProba,
} from './random-forest.js';

/** An interaction (XOR-like) problem a linear model cannot learn, plus noise features. */
function problem(seed: number, n: number) {
  const rng = Rng.from(seed);
  const p = 6;
  const x = Float64Array.from({ length: n * p }, () => rng.normal());
  const y = new Int32Array(n);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = x[i * p];
    const b = x[i * p + 1];
    y[i] = a > 0 !== b > 0 ? (rng.bernoulli(0.9) ? 1 : 0) : rng.bernoulli(0.1) ? 1 : 0;
    z[i] = Math.sin(2 * a) + b * b + 0.3 * rng.normal();
  }
  return { x, y, z, n, p };
}

describe('random forest', () => {
  const train = problem(1, 1500);
  const test = problem(2, 1000);

  it('classifies an interaction far better than chance on new data', () => {
    const forest = fitRandomForestClassifier(train.x, train.n, train.p, train.y, 2, {
      rng: Rng.from(3),
      trees: 50,
    });
    const proba = predictForestProba(forest, test.x, test.n, test.p);
    const positive = Float64Array.from({ length: test.n }, (_, i) => proba[i * 2 + 1]);
    expect(rocAuc(positive, test.y)).toBeGreaterThan(0.85);
    for (let i = 0; i < test.n; i++) expect(proba[i * 2] + proba[i * 2 + 1]).toBeCloseTo(1, 12);
  });

  it('regresses a non-linear function better than the mean', () => {
    const forest = fitRandomForestRegressor(train.x, train.n, train.p, train.z, {
      rng: Rng.from(3),
      trees: 50,
    });
    expect(r2Score(test.z, predictForest(forest, test.x, test.n, test.p))).toBeGreaterThan(0.6);
  });

  it('gives the same forest for the same seed, and another for another seed', () => {
    const forestOf = (seed: number) =>
      predictForestProba(
        fitRandomForestClassifier(train.x, train.n, train.p, train.y, 2, { rng: Rng.from(seed), trees: 5 }),
        test.x,
        test.n,
        test.p,
      );
    expect(forestOf(9)).toEqual(forestOf(9));
    expect(forestOf(9)).not.toEqual(forestOf(10));
  });

  it('rejects labels outside the classes and non-finite features', () => {
    const options = { rng: Rng.from(1), trees: 1 };
    expect(() => fitRandomForestClassifier(Float64Array.from([1, 2]), 2, 1, [0, 2], 2, options)).toThrow(
      /not a class/,
    );
    expect(() => fitRandomForestRegressor(Float64Array.from([1, Number.NaN]), 2, 1, [0, 1], options)).toThrow(
      /not finite/,
    );
  });
});
