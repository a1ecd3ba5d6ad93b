/**
 * The numbers the fidelity section is computed and scored with, in one place. They are constants
 * here until the lead moves any into `thresholds.ts`; docs/validation/fidelity.md gives the reasons.
 */
export const FIDELITY_SETTINGS = {
  /** About this many round bins in the numeric histograms of the report (charts only, never scored). */
  histogramBins: 15,
  /** An integer column whose central values span at most this many integers is drawn one bin per value. */
  discreteMaxValues: 12,
  /** A log axis needs the 99th percentile above this multiple of the 1st (histogram.ts has the rule). */
  logRatio: 20,
  /**
   * Fisher's exact test instead of χ² for a two-level column when an expected count is below 5
   * (Cochran 1954).
   */
  minExpectedForChiSquare: 5,
  /**
   * A pair of columns counts as associated in the real table when its association exceeds both
   * Cohen's (1988) "small" effect, 0.1, and three times the null standard error 1/√n, so that
   * noise-level pairs never enter the association-preservation score.
   */
  strongAssociation: 0.1,
  noiseMultiple: 3,
  /** PCA: rows per table used to fit and to compare (a seeded subsample beyond). */
  pcaMaxRows: 5000,
  /** PCA density panels: about this many round cells along each component. */
  pcaGridCells: 10,
  /** PCA overlap: a g × g grid of the real scores' quantiles on the first two components. */
  pcaGrid: 5,
  /** Detection: rows per table (a seeded, balanced subsample beyond), folds, ridge penalty. */
  detectionMaxRows: 1000,
  detectionFolds: 5,
  detectionL2: 1,
  /** Detection: squares and products of this many leading principal components join the features. */
  detectionQuadraticComponents: 6,
  /** Co-mutation: odds ratios within this factor of the real one agree (the simulator's own target). */
  oddsRatioFactor: 2,
  /** … or within this many standard errors of the difference of the two log odds ratios (95 %). */
  oddsRatioZ: 1.96,
  /** Mutations-per-patient histogram: the last bin holds this many or more. */
  burdenCap: 10,
  /** pMSE: rows per table (a seeded subsample beyond). */
  pmseMaxRows: 5000,
  /**
   * Discrepancies listed first (discrepancies.ts): [warn, fail] limits on KS D or total variation,
   * on the difference of missing rates, on the change of an association, on the detection AUC.
   */
  discrepancy: {
    distribution: [0.1, 0.25],
    missing: [0.05, 0.15],
    association: [0.2, 0.4],
    detectionAuc: [0.8, 0.9],
    perKind: 5,
  },
} as const;
