/**
 * Words for what a privacy figure was measured against, shared by the report's summary and the
 * privacy section: a label says which baseline it was, never "holdout" when there was none.
 */
export type Baseline = 'holdout' | 'training';

/** "the holdout's 5 %" or "the training rows' own 5 % (leave-one-out)". */
export function baselineWords(baseline: Baseline): string {
  return baseline === 'holdout' ? "the holdout's 5 %" : "the training rows' own 5 % (leave-one-out)";
}

/** The rows a baseline was measured on, for a legend or a table row: "training (leave-one-out)". */
export function baselineRows(baseline: Baseline): string {
  return baseline === 'holdout' ? 'holdout' : 'training (leave-one-out)';
}
