/** Imputation of a cohort table: k nearest neighbours, and multiple imputation by chained equations. */
export type { ChainTraces } from './convergence.js';
export { iterativeImpute } from './iterative.js';
export { type KnnOptions, type KnnResult, knnImpute } from './knn.js';
export { type MiceOptions, type MiceResult, miceImpute } from './mice.js';
export { knnImputeColumns } from './nearest-donors.js';
export type { ImputationPlan } from './plan.js';
export type { RuleRepair } from './rule-repair.js';
