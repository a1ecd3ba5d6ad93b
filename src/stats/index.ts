/** Distribution functions and tests shared across synthcohort's statistics. */

export { type SymmetricEigen, symmetricEigen } from '../linalg/symmetric-eigen.js';
export {
  correlationRatioFromCodes,
  cramersV,
  cramersVFromCodes,
  cramersVFromCounts,
  crossCounts,
} from './association.js';
export { rocAuc } from './auc.js';
export { type ChiSquareResult, chiSquareContingency } from './chi2-contingency.js';
export { type CorrelationResult, completePairs, pearson, pearsonR, spearman } from './correlation.js';
export {
  chiSquareCdf,
  chiSquareLogSf,
  chiSquareSf,
  logGamma,
  logRegularizedGammaQ,
  normalCdf,
  normalPdf,
  normalQuantile,
  normalSf,
  normalTwoSidedP,
  regularizedGammaP,
  regularizedGammaQ,
} from './distributions.js';
export { type FisherResult, fisherExact, fisherExactGreater } from './fisher-exact.js';
export { regularizedBeta } from './incomplete-beta.js';
export { kolmogorovSf } from './kolmogorov.js';
export { KS_MAX_EXACT_N, type KsResult, ksTwoSample } from './ks-2samp.js';
export { type MannWhitneyResult, mannWhitneyU } from './mann-whitney.js';
export { type PcaFit, pcaFit, pcaProject } from './pca.js';
export { averageRanks, finiteValues, type Ranking } from './ranks.js';
