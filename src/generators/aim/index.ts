/**
 * AIM (McKenna et al., VLDB 2022): workload-adaptive selection of marginals under a model-size
 * limit and budget annealing, measured with the exact discrete Gaussian and estimated by the
 * graphical model of src/generators/pgm. See docs/generators/aim.md.
 */
export { type Candidate, candidatesOf } from './candidates.js';
export { aimEstimate, aimGenerator, aimMeasure } from './generator.js';
export {
  AIM_ESTIMATOR_VERSION,
  AimMeasurements,
  AimOptions as AimGeneratorOptions,
  AimParams,
  AimPrivacy,
} from './options.js';
export { type AimOptions, type AimResult, type AimRound, runAim } from './run-aim.js';
export { affordability, expectedNoiseL1, selectCandidate } from './select.js';
export {
  allPairs,
  type ClinicalWorkloadOptions,
  clinicalWorkload,
  mergeQueries,
  WORKLOAD_WEIGHTS,
  type Workload,
  type WorkloadQuery,
} from './workload.js';
