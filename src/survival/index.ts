/** Survival statistics that agree with R's survival package: the public API. */
export {
  AnalyzeOptions,
  type AnalyzeResult,
  analyze,
  type KmGroupResult,
  type SurvivalAtTime,
} from './analyze.js';
export { type ConcordanceResult, concordance } from './concordance.js';
export {
  type CoxCovariates,
  type CoxFit,
  type CoxOptions,
  type CoxTerm,
  coxph,
  type TestResult,
} from './cox.js';
export { CoxControl, type CoxControlInput, coxControl } from './cox-control.js';
export type { Ties } from './cox-likelihood.js';
export { type KaplanMeierCurve, type KaplanMeierOptions, kaplanMeier } from './kaplan-meier.js';
export { type SurvivalAt, type SurvivalQuantile, survivalAt, survivalQuantile } from './km-summary.js';
export { type LogRankOptions, type LogRankResult, logRank } from './logrank.js';
export { type ModelMatrix, type ModelMatrixOptions, modelMatrix } from './model-matrix.js';
export { eventIndicator, type SurvivalInput, survivalInput } from './survival-input.js';
export { mergeNearTies, TIME_TIE_TOLERANCE } from './ties.js';
