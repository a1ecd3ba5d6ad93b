/**
 * What every part of validation shares: its input, verdicts, and how a metric that could not be
 * computed says so. A metric is a pure function of (real, synthetic, holdout?, schema, options)
 * that returns its value, the threshold it was judged by and a verdict, plus what a chart needs.
 * Reports are JSON first; the HTML page is rendered from the JSON alone.
 */
import type { Rng } from '../core/rng.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import type { Thresholds } from './thresholds.js';

export type Verdict = 'pass' | 'warn' | 'fail';

export interface ValidationInput {
  /** The training data the synthetic table was generated from. */
  readonly real: Table;
  readonly synthetic: Table;
  /** Real rows the generator never saw: the baseline for privacy and the test set for TSTR. */
  readonly holdout?: Table;
  /** The schema both tables follow (same columns, same kinds). */
  readonly schema: Schema;
  /** Survival endpoints to compare (from the schema, or the `survival` option). */
  readonly endpoints: ReadonlyArray<{ name: string; time: string; event: string; eventValue: string }>;
  /** Prediction targets for train-on-synthetic-test-on-real. */
  readonly targets: readonly string[];
  /** Quasi-identifiers for attribute disclosure (default: age, sex, centre where present). */
  readonly quasiIdentifiers: readonly string[];
  readonly thresholds: Thresholds;
  readonly rng: Rng;
  /**
   * Counts of real patients below this are suppressed or merged in everything the report shows
   * (histogram bins, category shares, grid cells, numbers at risk): the report must be shareable.
   */
  readonly smallCell: number;
  /** Whether validity also checks the rules found in the real table (default) or the schema's only. */
  readonly foundRules?: boolean;
}

/** A metric that was not computed, and why: never a made-up number. */
export interface Skipped {
  metric: string;
  reason: string;
}

/**
 * A score in 0..1 judged against a pass and a warn threshold (higher is better). A score that could
 * not be computed (null) is a warning: nothing was shown to be wrong, and nothing to be right.
 */
export function verdictFor(score: number | null, limits: { pass: number; warn: number }): Verdict {
  if (score === null) return 'warn';
  if (!(score >= limits.warn)) return 'fail';
  return score >= limits.pass ? 'pass' : 'warn';
}

/** The worst of several verdicts. */
export function worstVerdict(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes('fail')) return 'fail';
  return verdicts.includes('warn') ? 'warn' : 'pass';
}

/**
 * A finding a clinician should see first: a rule the synthetic rows break, a reversed or lost
 * effect, a median outside the real interval, a privacy measurement that could not be made. Each
 * dimension lists its own; the report gathers them, failures first, largest first.
 */
export interface Discrepancy {
  readonly part: 'validity' | 'fidelity' | 'utility' | 'privacy';
  readonly severity: 'fail' | 'warn';
  /** A short machine-readable kind, e.g. `rule-broken`, `hr-reversed`, `median-shift`, `no-holdout`. */
  readonly kind: string;
  /** What it is about: a rule, a column, an endpoint and term. */
  readonly subject: string;
  /** One plain sentence for the summary, with the real and synthetic figures. */
  readonly message: string;
  /** Larger is worse; orders findings of one severity (e.g. share of rows, |standardised difference|). */
  readonly magnitude: number;
}
