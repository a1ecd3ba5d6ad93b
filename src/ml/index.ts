/** A small machine-learning library for tabular data: the public API. */

export { type BinnedFeatures, binFeatures } from './binning.js';
export {
  type CodeEncoding,
  type ColumnEncoding,
  type EncodedFeatures,
  type EncodeOptions,
  type EncoderState,
  encodeFeatures,
  fitEncoder,
  type NumberEncoding,
} from './features.js';
export {
  fitLogisticRegression,
  type LogisticModel,
  type LogisticRegressionOptions,
  predictProba,
} from './logistic-regression.js';
export { macroOvrAuc, r2Score } from './metrics.js';
export {
  fitRandomForestClassifier,
  fitRandomForestRegressor,
  predictForest,
  predictForestProba,
  type RandomForest,
  type RandomForestOptions,
} from './random-forest.js';
export { fitRidge, predictLinear, type RidgeModel } from './ridge.js';
export { stratifiedKFold, subsample, trainTestSplit } from './split.js';
