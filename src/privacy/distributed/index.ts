/**
 * Distributed differential privacy: each node adds its share of discrete Gaussian noise before secure
 * aggregation, so the sum the hub sees carries the mechanism's noise (Kairouz, Liu & Steinke 2021).
 * See docs/privacy/distributed-dp.md.
 */
export {
  type DistributedGaussian,
  type DistributedGaussianBound,
  distributedGaussianBound,
  distributedGaussianRho,
  MIN_SHARE_SIGMA2,
  type QuerySensitivity,
  sumTau,
} from './distributed-gaussian.js';
export { addNodeShare, type NodeShare, type NodeShareRequest, nodeShareForRho } from './node-share.js';
export {
  DISTRIBUTED_DISCRETE_GAUSSIAN,
  DistributedNoiseRecord,
  distributedNoiseRecord,
  readDistributedNoiseRecord,
  recordSigma2,
} from './record.js';
export {
  discreteGaussianSumPmf,
  discreteGaussianTruncated,
  type IntegerPmf,
  renyiDivergenceOfShift,
  totalVariation,
} from './sum-pmf.js';
