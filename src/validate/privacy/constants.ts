/**
 * The numbers the privacy section is computed and scored with, in one place. They are constants
 * here until the lead moves them into `thresholds.ts`; docs/validation/privacy.md gives the reasons.
 */
export const PRIVACY_SETTINGS = {
  /**
   * Distance-to-closest-record queries per table: a seeded random sample when a table is larger.
   * 10,000 queries put the standard error of a 5 % share at 0.2 percentage points; exact copies
   * are always counted over every row.
   */
  maxDcrQueries: 10_000,
  /** Members and as many non-members per membership-inference or attribute-disclosure attack. */
  maxAttackRows: 10_000,
  /**
   * The density-ratio attack compares distances to the k-th synthetic and k-th reference row; k = 1
   * because memorisation shows at the first neighbour (k = 5 gave AUC 0.60 on a verbatim copy).
   */
  densityNeighbours: 1,
  /** The attribute-disclosure attacker votes among this many synthetic rows nearest on the QIs. */
  attributeNeighbours: 5,
  /** Sensitive attributes beyond the event and target columns: the most uncertain features. */
  extraSensitive: 5,
  /** About this many round bins for the DCR histograms up to their 95th percentile, then one to 1. */
  histogramBins: 12,
  /** Score parts reach 0 at these excesses over their baselines (see the docs). */
  dcrExcessAtZero: 0.3,
  copyExcessAtZero: 0.05,
  attributeAdvantageAtZero: 0.25,
} as const;
