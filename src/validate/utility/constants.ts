/**
 * The utility score's documented settings, in one place (docs/validation/utility.md gives the
 * reasoning for each). Proposed for `validate/thresholds.ts` later; kept here until then.
 */

/** Weights of the score's parts; a skipped part is left out and the rest renormalised. */
export const UTILITY_WEIGHTS = {
  survival: 0.25,
  stratified: 0.2,
  cox: 0.2,
  tstr: 0.25,
  replication: 0.1,
} as const;

/** Landmarks for survival at k years, in years. */
export const SURVIVAL_LANDMARK_YEARS = [1, 3, 5] as const;
export const DAYS_PER_YEAR = 365.25;

/** A difference in survival probability of this much (or more) scores 0; none scores 1. */
export const SURVIVAL_DIFFERENCE_SCALE = 0.2;
/** A relative difference in median survival of this much (or more) scores 0. */
export const MEDIAN_RELATIVE_SCALE = 1;

/** Points per Kaplan–Meier curve kept for the report's chart. */
export const CURVE_POINTS = 200;

/** Stratifiers: categorical or boolean feature/target columns with this many observed levels… */
export const STRATIFIER_LEVELS = { min: 2, max: 6 } as const;
/** …each level held by at least this many real rows… */
export const STRATIFIER_MIN_GROUP = 10;
/** …of which the ones with the largest real log-rank χ² are kept, per endpoint. */
export const MAX_STRATIFIERS = 5;

/** Default Cox model: the strongest stratifiers plus age-like columns, at most this many terms. */
export const MAX_COX_TERMS = 6;
export const AGE_COLUMN = /(^|_)age($|_)/i;

/** TSTR: training rows per model (a seeded subsample above it) and the forest's settings. */
export const TSTR_MAX_TRAINING_ROWS = 20_000;
export const TSTR_FOREST = { trees: 50, sampleSize: 2500, minSamplesLeaf: 3, maxBins: 64 } as const;
/** Newton's convergence tolerance for the logistic models (a ranking metric needs no more). */
export const TSTR_LOGISTIC_TOL = 1e-7;
/** L2 penalty (1 / C) for the logistic and ridge models on standardised features. */
export const TSTR_L2 = 1;
/** A real-trained model must beat chance by this much for its TSTR ratio to mean anything. */
export const TSTR_MIN_SKILL = 0.02;
