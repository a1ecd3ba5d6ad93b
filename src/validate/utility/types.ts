/** The utility report: JSON first, every number finite or null. */
import type { Skipped, Verdict } from '../types.js';
import type { TimeUnit } from './align.js';

export interface Interval {
  readonly estimate: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

export interface CurvePoints {
  /** Step points (time, survival) with pointwise 95% limits, at most ~200 per curve. */
  readonly time: number[];
  readonly survival: number[];
  readonly lower: Array<number | null>;
  readonly upper: Array<number | null>;
}

export interface LandmarkComparison {
  readonly years: number;
  /** The landmark in the time column's unit. */
  readonly time: number;
  readonly real: Interval;
  readonly synthetic: Interval;
  /** synthetic − real survival, null when either curve stops before the landmark. */
  readonly difference: number | null;
}

export interface SurvivalComparison {
  readonly endpoint: string;
  readonly time: string;
  readonly event: string;
  readonly unit: TimeUnit;
  readonly n: { readonly real: number; readonly synthetic: number };
  readonly events: { readonly real: number; readonly synthetic: number };
  /** Medians, null when the curve never reaches 0.5 (R's NA). */
  readonly realMedian: number | null;
  readonly syntheticMedian: number | null;
  readonly realMedianCi: readonly [number | null, number | null];
  readonly syntheticMedianCi: readonly [number | null, number | null];
  /** Log-rank test of real against synthetic rows, stacked as two groups. */
  readonly logrank: { readonly chisq: number; readonly df: number; readonly p: number };
  readonly at: LandmarkComparison[];
  readonly curves: { readonly real: CurvePoints; readonly synthetic: CurvePoints };
  /** 0..1: agreement of the median and the landmarks (see docs/validation/utility.md). */
  readonly score: number;
}

export interface GroupSummary {
  readonly level: string;
  readonly n: number;
  readonly median: number | null;
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

export interface HazardRatioComparison {
  readonly term: string;
  readonly real: Interval;
  readonly synthetic: Interval;
  readonly directionAgrees: boolean;
  readonly intervalsOverlap: boolean;
}

export interface CoxComparison {
  readonly endpoint: string;
  readonly terms: readonly string[];
  readonly hazardRatios: HazardRatioComparison[];
  readonly directionAgreement: number;
  readonly overlapShare: number;
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
  /** Share of the analysis's conclusions kept (log-rank conclusion, HR directions and overlaps). */
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
  readonly skipped: Skipped[];
  readonly diagnostics: string[];
}
