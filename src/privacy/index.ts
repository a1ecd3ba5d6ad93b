/**
 * Differential privacy: secret randomness, exact samplers (CKS20), the zCDP accountant and the
 * privacy ledger. See docs/privacy/guarantees.md for what each guarantees.
 */
export { bernoulliExp, bernoulliRational, fairCoin } from './bernoulli-exp.js';
export { datasetKey } from './dataset-key.js';
export { addDiscreteGaussianNoise, DiscreteGaussian, discreteGaussianPmf } from './discrete-gaussian.js';
export { discreteLaplace, discreteLaplacePmf } from './discrete-laplace.js';
export { exponentialMechanism, exponentialMechanismProbabilities } from './exponential-mechanism.js';
export {
  BudgetExceededError,
  type LedgerOptions,
  type LedgerTotal,
  type PrivacyBudget,
  PrivacyLedger,
  type Remaining,
  type SpendRequest,
} from './ledger.js';
export { LEDGER_FORMAT, LEDGER_VERSION, LedgerFile, Spend } from './ledger-file.js';
export { type MstBudget, mstBudget } from './mst-budget.js';
export { discreteGaussianScale, type NoiseScale } from './noise-scale.js';
export {
  type RandomBits,
  secureRandomBits,
  seededRandomBits,
  uniformBelow,
  uniformBelowBig,
} from './random-bits.js';
export {
  exactRational,
  floorSqrt,
  integerSqrt,
  type Rational,
  rational,
  rationalAtLeast,
  toNumber,
} from './rational.js';
export {
  composeRho,
  exponentialMechanismEpsilon,
  exponentialMechanismRho,
  gaussianRho,
  zcdpDelta,
  zcdpEpsilon,
  zcdpRho,
} from './zcdp.js';
