/**
 * The two models TSTR compares for each kind of target, trained on one design matrix and scored on
 * the holdout's: logistic regression (one-vs-rest for several classes) and a random forest for a
 * class, ridge regression and a regression forest for a number.
 */
import type { Rng } from '../../core/rng.js';
import {
  fitLogisticRegression,
  fitRandomForestClassifier,
  fitRandomForestRegressor,
  fitRidge,
  macroOvrAuc,
  predictForest,
  predictForestProba,
  predictLinear,
  predictProba,
  r2Score,
} from '../../ml/index.js';
import { rocAuc } from '../../stats/auc.js';
import { TSTR_FOREST, TSTR_L2, TSTR_LOGISTIC_TOL } from './constants.js';

export interface Design {
  readonly x: Float64Array;
  readonly n: number;
  readonly p: number;
}

export type ClassModel = 'logistic-regression' | 'random-forest';
export type NumberModel = 'ridge' | 'random-forest';

/** AUC (two classes) or macro one-vs-rest AUC of a classifier trained on `train`, tested on `test`. */
export function classifierSkill(
  model: ClassModel,
  train: Design,
  y: Int32Array,
  test: Design,
  truth: Int32Array,
  classes: number,
  rng: Rng,
): number {
  const scores =
    model === 'logistic-regression'
      ? logisticScores(train, y, test, classes)
      : predictForestProba(
          fitRandomForestClassifier(train.x, train.n, train.p, y, classes, {
            rng,
            ...forestOptions(train.n),
          }),
          test.x,
          test.n,
          test.p,
        );
  if (classes === 2)
    return rocAuc(
      Float64Array.from({ length: test.n }, (_, i) => scores[i * 2 + 1]),
      truth,
    );
  return macroOvrAuc(scores, truth, classes);
}

/** R² on the test rows of a regression trained on `train`. */
export function regressionSkill(
  model: NumberModel,
  train: Design,
  y: Float64Array,
  test: Design,
  truth: Float64Array,
  rng: Rng,
): number {
  const predicted =
    model === 'ridge'
      ? predictLinear(fitRidge(train.x, train.n, train.p, y, { l2: TSTR_L2 }), test.x, test.n, test.p)
      : predictForest(
          fitRandomForestRegressor(train.x, train.n, train.p, y, {
            rng,
            ...forestOptions(train.n),
            minSamplesLeaf: 5,
          }),
          test.x,
          test.n,
          test.p,
        );
  return r2Score(truth, predicted);
}

function forestOptions(n: number) {
  return {
    trees: TSTR_FOREST.trees,
    sampleSize: Math.min(n, TSTR_FOREST.sampleSize),
    minSamplesLeaf: TSTR_FOREST.minSamplesLeaf,
    maxBins: TSTR_FOREST.maxBins,
  };
}

/** Row-major n × classes scores: P(class) for two classes, one-vs-rest probabilities otherwise. */
function logisticScores(train: Design, y: Int32Array, test: Design, classes: number): Float64Array {
  const out = new Float64Array(test.n * classes);
  const fitted = classes === 2 ? [1] : Array.from({ length: classes }, (_, c) => c);
  for (const c of fitted) {
    const labels = Uint8Array.from(y, (v) => (v === c ? 1 : 0));
    const model = fitLogisticRegression(train.x, train.n, train.p, labels, {
      l2: TSTR_L2,
      maxIter: 50,
      tol: TSTR_LOGISTIC_TOL,
    });
    const proba = predictProba(model, test.x, test.n, test.p);
    for (let i = 0; i < test.n; i++) out[i * classes + c] = proba[i];
  }
  if (classes === 2) for (let i = 0; i < test.n; i++) out[i * 2] = 1 - out[i * 2 + 1];
  return out;
}
