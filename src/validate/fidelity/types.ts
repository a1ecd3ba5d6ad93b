/** The JSON shape of `report.fidelity`; every number is finite or null. */
import type { ColumnKind } from '../../data/schema.js';
import type { Skipped, Verdict } from '../types.js';

export interface MissingRates {
  real: number;
  synthetic: number;
  /** |real − synthetic|. */
  difference: number;
}

interface ColumnBase {
  name: string;
  kind: ColumnKind;
  /** The test's statistic and p-value (see `test`); null when the column could not be tested. */
  statistic: number | null;
  p: number | null;
  /** 0..1: 1 − KS statistic (numbers), 1 − total variation distance (categories), 0 for an empty column. */
  score: number;
  missing: MissingRates;
  n: { real: number; synthetic: number };
}

export interface NumericColumnFidelity extends ColumnBase {
  test: 'ks';
  method: 'exact' | 'asymptotic';
  wilcoxon: { statistic: number; p: number };
  /** Shared bins; proportions of each table's non-missing values. */
  histogram: { edges: number[]; real: number[]; synthetic: number[] };
}

export interface CategoricalColumnFidelity extends ColumnBase {
  /** χ² test of the table × level counts, or Fisher's exact test for 2 × 2 with small counts. */
  test: 'chi-square' | 'fisher';
  /** χ² degrees of freedom (absent for Fisher, whose statistic is the sample odds ratio). */
  df?: number;
  tvd: number;
  levels: string[];
  proportions: { real: number[]; synthetic: number[] };
}

/** A column with values in one table and none in the other: no test, and nothing of it reproduced. */
export interface EmptyColumnFidelity extends Omit<ColumnBase, 'statistic' | 'p' | 'score'> {
  test: 'none';
  statistic: null;
  p: null;
  score: 0;
  emptyIn: 'real' | 'synthetic';
}

export type ColumnFidelity = NumericColumnFidelity | CategoricalColumnFidelity | EmptyColumnFidelity;

export interface AssociationMethods {
  numeric: 'spearman';
  categorical: 'cramers-v';
  mixed: 'correlation-ratio';
}

export interface CorrelationReport {
  /** Mean |real − synthetic| over all column pairs (upper triangle) with a defined association. */
  meanAbsDiff: number | null;
  /** The same with Pearson's r instead of Spearman's ρ for numeric pairs. */
  meanAbsDiffPearson: number | null;
  method: AssociationMethods;
  columns: string[];
  real: (number | null)[][];
  synthetic: (number | null)[][];
  absDiff: (number | null)[][];
  /** 1 − Σ|Δ| / Σ|real| over the pairs associated in the real table (see the docs); the CSF part. */
  preservation: { score: number | null; pairs: number; threshold: number };
  largestDifferences: Array<{ a: string; b: string; real: number; synthetic: number; absDiff: number }>;
}

export interface ContingencyReport {
  /** Mean over category pairs of 1 − TVD of their joint distribution (SDMetrics ContingencySimilarity). */
  meanSimilarity: number | null;
  pairs: number;
  /** The same over the pairs associated in the real table (Cramér's V ≥ the preservation threshold). */
  associated: { meanSimilarity: number | null; pairs: number };
  lowest: Array<{ a: string; b: string; similarity: number }>;
}

export interface PcaReport {
  /** 1 − TVD of the real and synthetic scores on a grid of the real scores' quantiles (PC1 × PC2). */
  overlap: number;
  /** Explained variance ratios of the leading components of the real data. */
  explained: number[];
  features: number;
  rows: { real: number; synthetic: number };
  real: Array<[number, number]>;
  synthetic: Array<[number, number]>;
}

export interface DetectionReport {
  /** Cross-validated ROC AUC of a classifier telling synthetic (1) from real (0) rows. */
  auc: number;
  /** min(1, max(0, 2·(1 − AUC))), SDMetrics' LogisticDetection. */
  score: number;
  model: string;
  folds: number[];
  features: number;
  rows: { real: number; synthetic: number };
}

export interface CsfParts {
  distance: number | null;
  pca: number | null;
  correlation: number | null;
  weights: { distance: number; pca: number; correlation: number };
}

export interface GeneFrequency {
  gene: string;
  real: number;
  synthetic: number;
}

export interface CoMutationPair {
  genes: [string, string];
  real: PairOdds;
  synthetic: PairOdds;
  /** Same side of 1, and within a factor 2 of the real odds ratio or within sampling error of it. */
  agrees: boolean;
  change: 'none' | 'direction' | 'magnitude' | 'lost-significance' | 'gained-significance';
}

export interface PairOdds {
  /** Both mutated. */
  both: number;
  /** Haldane-corrected odds ratio ((a+½)(d+½)/((b+½)(c+½))) and its logarithm. */
  oddsRatio: number;
  logOddsRatio: number;
  /** Woolf's standard error of the log odds ratio. */
  se: number;
  /** Fisher's exact two-sided p and its Benjamini–Hochberg q over all gene pairs of the table. */
  p: number;
  q: number;
}

export interface GenomicReport {
  genes: string[];
  burden: {
    score: number;
    counts: number[];
    real: number[];
    synthetic: number[];
    meanReal: number;
    meanSynthetic: number;
  };
  frequencies: { score: number; genes: GeneFrequency[] };
  comutation: { score: number | null; significantPairs: number; agreeing: number; pairs: CoMutationPair[] };
  weights: { burden: number; frequencies: number; comutation: number };
}

export interface FidelityReport {
  /**
   * 0..1, the geometric mean of CSF, GSF (when mutation columns exist) and the detection score;
   * null (not computed, verdict warn) when none of them could be — `skipped` then says why.
   */
  score: number | null;
  verdict: Verdict;
  limits: { pass: number; warn: number };
  parts: { csf: number | null; gsf: number | null; detection: number | null };
  /** Clinical fidelity score, 0..1. */
  csf: number | null;
  csfParts: CsfParts;
  /** Genomic fidelity score, 0..1; present when the schema has mutation columns. */
  gsf?: number | null;
  genomic?: GenomicReport;
  columns: ColumnFidelity[];
  /** Mean over columns of |missing-rate difference|. */
  missingness: { meanDifference: number | null };
  correlation: CorrelationReport;
  contingency: ContingencyReport;
  pca: PcaReport | null;
  detection: DetectionReport | null;
  skipped: Skipped[];
}
