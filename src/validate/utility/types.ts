/** The utility report: JSON first, every number finite or null. */
import type { Discrepancy, Skipped, Verdict } from '../types.js';
import type { TimeUnit } from './align.js';

export interface Interval {
  readonly estimate: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

/**
 * The time grid every curve of an endpoint is evaluated on (grid-curves.ts): months (step 1), or
 * years (step 0.25) for follow-up beyond 10 years, up to the last grid time at which at least
 * `smallCell` real patients are still at risk.
 */
export interface SurvivalGrid {
  readonly unit: 'months' | 'years';
  /** Grid units per unit of the time column (days → months: 12 / 365.25). */
  readonly scale: number;
  readonly step: number;
  readonly time: number[];
  /** The labelled times (a subset of `time`), where numbers at risk are given. */
  readonly ticks: number[];
}

/** A Kaplan–Meier curve on its endpoint's grid; null past the curve's end. */
export interface GridCurve {
  /** Survival and its pointwise log-type 95% limits at each grid time. */
  readonly survival: Array<number | null>;
  readonly lower: Array<number | null>;
  readonly upper: Array<number | null>;
  /** Per grid time t_i: whether any patient was censored in (t_{i−1}, t_i]. */
  readonly censored: boolean[];
  /** Patients at risk at each tick; null below the small-cell threshold or past the curve's end. */
  readonly atRisk: Array<number | null>;
}

/** The main risk group's curves, per level, real and synthetic, on the endpoint's grid. */
export interface RiskGroupCurves {
  readonly column: string;
  readonly label: string;
  /** Why this column: declared as derived (a risk score), or the strongest real log-rank χ². */
  readonly why: string;
  readonly levels: Array<{
    readonly level: string;
    /** Patients per level; null below the small-cell threshold. */
    readonly n: { readonly real: number | null; readonly synthetic: number | null };
    readonly real: GridCurve;
    readonly synthetic: GridCurve;
  }>;
}

export interface LandmarkComparison {
  readonly years: number;
  /** The landmark in the time column's unit. */
  readonly time: number;
  readonly real: Interval;
  readonly synthetic: Interval;
  /**
   * synthetic − real survival, null when either curve stops before the landmark. The whole landmark
   * (real and synthetic) is null when fewer than `smallCell` real patients are at risk there.
   */
  readonly difference: number | null;
}

export interface SurvivalComparison {
  readonly endpoint: string;
  readonly time: string;
  readonly event: string;
  readonly unit: TimeUnit;
  readonly n: { readonly real: number; readonly synthetic: number };
  readonly events: { readonly real: number; readonly synthetic: number };
  /**
   * Medians and their Brookmeyer–Crowley limits, in the time column's unit, rounded to the grid
   * step (never a patient's own event time); null when the curve never reaches 0.5 (R's NA) or
   * reaches it past the grid's end (fewer than `smallCell` real patients left).
   */
  readonly realMedian: number | null;
  readonly syntheticMedian: number | null;
  readonly realMedianCi: readonly [number | null, number | null];
  readonly syntheticMedianCi: readonly [number | null, number | null];
  /** Log-rank test of real against synthetic rows, stacked as two groups. */
  readonly logrank: { readonly chisq: number; readonly df: number; readonly p: number };
  readonly at: LandmarkComparison[];
  /** Curves on a shareable grid (see SurvivalGrid), never at a real patient's time. */
  readonly curves: { readonly grid: SurvivalGrid; readonly real: GridCurve; readonly synthetic: GridCurve };
  /** Kaplan–Meier by the main risk group, when one could be chosen. */
  readonly riskGroups: RiskGroupCurves | null;
  /** 0..1: agreement of the median and the landmarks (see docs/validation/utility.md). */
  readonly score: number;
}

/**
 * A group of a stratified comparison. A real group of fewer than max(10, smallCell) patients is
 * shown by its level alone (every number null).
 */
export interface GroupSummary {
  readonly level: string;
  /** Patients in the group; null below the small-cell threshold. */
  readonly n: number | null;
  /** Median survival (time column's unit) rounded to the grid; null if not reached or past the group's end. */
  readonly median: number | null;
  /** Survival at one year; null when fewer than smallCell of the group are at risk then. */
  readonly survival1y: number | null;
}

export interface StratifiedComparison {
  readonly endpoint: string;
  readonly column: string;
  readonly real: {
    readonly chisq: number;
    readonly df: number;
    readonly p: number;
    readonly groups: GroupSummary[];
  };
  readonly synthetic: {
    readonly chisq: number;
    readonly df: number;
    readonly p: number;
    readonly groups: GroupSummary[];
  };
  readonly significantReal: boolean;
  readonly significantSynthetic: boolean;
  /**
   * Kendall's τ between the groups' order by median survival in the two tables (by 1-year survival
   * when a median is not reached); null when neither is known for every group.
   */
  readonly orderConcordance: number | null;
  /** τ > 0: more pairs of groups in the same order than not. */
  readonly sameOrder: boolean;
  /** Same significance, and when significant the same order: the same conclusion. */
  readonly agrees: boolean;
}

export interface HazardRatio extends Interval {
  readonly p: number | null;
}

/** One Cox term, real against synthetic (cox-agreement.ts; formulas in docs/validation/utility.md §3). */
export interface HazardRatioComparison {
  /** The model-matrix column, as R names it (`eln2022adverse`). */
  readonly term: string;
  /** As a paper writes it: "ELN2022 adverse vs favourable", "Age (per 10 years)". */
  readonly label: string;
  readonly column: string;
  /** The level this term compares with `reference`; null for a numeric term. */
  readonly level: string | null;
  /** The schema's first category when held by enough real patients, else the most frequent level. */
  readonly reference: string | null;
  /** Numeric terms: the hazard ratio is per this many units (10 for age in years); else null. */
  readonly per: number | null;
  readonly real: HazardRatio;
  readonly synthetic: HazardRatio;
  /** (b_s − b_r) / √(se_r² + se_s²) on the log hazard ratio. */
  readonly standardisedDifference: number | null;
  /** Length of the intersection of the 95% intervals over the real interval's length (log scale). */
  readonly overlap: number | null;
  /** Significance at α: kept (same direction), lost (real only, or reversed), gained (synthetic only), neither. */
  readonly significance: 'kept' | 'lost' | 'gained' | 'neither';
  /** A significant real effect whose synthetic estimate lies on the other side of 1. */
  readonly reversed: boolean;
  /** 0..1; 0 when a significant real effect vanishes or reverses. */
  readonly agreement: number;
  /** The term's weight in the Cox part (|z_r| / 1.96 within [0.25, 1]). */
  readonly weight: number;
}

/** The Cox model's covariates and why (covariates.ts). */
export interface CovariateChoice {
  readonly chosen: string[];
  readonly why: string;
  readonly excluded: Array<{ readonly column: string; readonly reason: string }>;
  /**
   * About the chosen terms (cox-design.ts): levels held by too few real patients left out with
   * their rows, a reference other than the first category, hazard ratios not reported for too few
   * real events.
   */
  readonly notes: CovariateNote[];
}

export interface CovariateNote {
  readonly column: string;
  readonly note: string;
}

export interface CoxComparison {
  readonly endpoint: string;
  readonly terms: readonly string[];
  readonly covariates: CovariateChoice;
  readonly hazardRatios: HazardRatioComparison[];
  /** Weighted mean of the terms' agreement, unmatched terms counting 0: the comparison's score. */
  readonly agreement: number;
  /** Model-matrix columns fitted in only one of the tables (a level absent from the other). */
  readonly unmatched: string[];
}

export type TstrMetric = 'auc' | 'macro-auc' | 'r2' | 'c-index';

export interface TstrResult {
  readonly target: string;
  readonly model: 'logistic-regression' | 'random-forest' | 'ridge' | 'cox';
  readonly metric: TstrMetric;
  readonly trainRealTestReal: number;
  readonly trainSyntheticTestReal: number;
  /** Synthetic over real skill (above chance for AUC and C-index), capped to 0..1; null if the real model has none. */
  readonly ratio: number | null;
  readonly trainRows: { readonly real: number; readonly synthetic: number };
  readonly testRows: number;
  readonly features: number;
}

export interface ReplicationResult {
  readonly name: string;
  readonly endpoint: string;
  readonly logrank?: StratifiedComparison;
  readonly cox?: CoxComparison;
  /** Mean of the log-rank conclusion (1 kept, 0 not) and the Cox agreement, those declared. */
  readonly agreement: number;
}

export interface UtilityParts {
  readonly survival: number | null;
  readonly stratified: number | null;
  readonly cox: number | null;
  readonly tstr: number | null;
  readonly replication: number | null;
}

export interface UtilityReport {
  /** 0..1; null (not computed, verdict warn) when no part could be computed. */
  readonly score: number | null;
  readonly verdict: Verdict;
  readonly thresholds: { readonly pass: number; readonly warn: number; readonly alpha: number };
  /** Counts of real patients below this are not shown (numbers at risk, group sizes). */
  readonly smallCell: number;
  /** Each part's 0..1 score (null when skipped) and the weight it carried. */
  readonly parts: UtilityParts;
  readonly weights: UtilityParts;
  readonly survival: SurvivalComparison[];
  readonly stratified: StratifiedComparison[];
  /** Share of stratified comparisons that reach the same conclusion. */
  readonly stratifiedAgreement: number | null;
  readonly cox: CoxComparison[];
  readonly tstr: TstrResult[];
  readonly replication: ReplicationResult[];
  /** What a clinician should see first: reversed or lost effects, shifted medians (worst first). */
  readonly discrepancies: Discrepancy[];
  readonly skipped: Skipped[];
  readonly diagnostics: string[];
}
