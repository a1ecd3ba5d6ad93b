/** The JSON shape of `report.fidelity`; every number is finite or null. */
import type { ColumnKind } from '../../data/schema.js';
import type { Discrepancy, Skipped, Verdict } from '../types.js';

export interface MissingRates {
  /** Null when 1..k − 1 real rows miss a value (or have one): a count too small to publish. */
  real: number | null;
  synthetic: number;
  /** |real − synthetic|, a hidden real count taken as its stand-in (small-counts.ts). */
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
  /** Values present; the real count null when the missing real count is hidden (see MissingRates). */
  n: { real: number | null; synthetic: number };
}

export interface NumericColumnFidelity extends ColumnBase {
  test: 'ks';
  method: 'exact' | 'asymptotic';
  /** Null, as statistic and p, when the number of real values is hidden (see MissingRates). */
  wilcoxon: { statistic: number; p: number } | null;
  /** The schema's unit, for the chart's axis. */
  unit: string | null;
  /** Log for positive, right-skewed values (histogram.ts states the rule). */
  scale: 'linear' | 'log';
  /** An integer column with few values (ECOG): one bin per value, labelled by it. */
  discrete: boolean;
  histogram: NumericHistogram;
}

/**
 * Shares of each table's non-missing values in shared bins, shareable: the first and last bins
 * are open-ended (edges[0] and the last edge are drawing limits one step beyond, not data), and
 * every bin holds no real patient or at least the small-cell threshold.
 */
export interface NumericHistogram {
  edges: number[];
  /** One per bin: "< 2", "2–5", "≥ 50"; "0", "1", "≥ 3" for a discrete column. */
  labels: string[];
  real: number[];
  synthetic: number[];
}

export interface CategoricalColumnFidelity extends ColumnBase {
  /** χ² test of the table × level counts, or Fisher's exact test for 2 × 2 with small counts. */
  test: 'chi-square' | 'fisher';
  /** χ² degrees of freedom (absent for Fisher, whose statistic is the sample odds ratio). */
  df?: number;
  tvd: number;
  /** The reported levels: those held by 1..k − 1 real patients are pooled into the last one. */
  levels: string[];
  proportions: { real: number[]; synthetic: number[] };
  /** The original levels in the pooled level (empty when none is pooled). */
  pooled: string[];
  /**
   * The pooled levels held by 1..k − 1 real patients: tests and score count each as its stand-in,
   * the synthetic count at the real size kept within 1..k − 1 (small-counts.ts), never its count.
   */
  rare: string[];
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
  /**
   * Mean |real − synthetic| over all column pairs (upper triangle) with a reported association.
   * A pair whose real association would describe 1..k − 1 patients (associations.ts) is null in
   * all three matrices and counted nowhere; category levels are pooled as the columns report them.
   */
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
  /**
   * Mean over category pairs of 1 − TVD of their joint distribution (SDMetrics ContingencySimilarity),
   * pairs with a real joint cell of 1..k − 1 patients left out.
   */
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
  /**
   * Each table's share of the rows in the cells of a PC1 × PC2 grid (rows of y, columns of x):
   * round edges, open outer cells (the outer edges are drawing limits), real cells holding
   * 1..k − 1 rows suppressed (null) — a density, never a patient's coordinates.
   */
  grid: { x: number[]; y: number[]; real: (number | null)[][]; synthetic: number[][] };
}

/**
 * Propensity-score mean squared error (Woo et al. 2009; Snoke et al. 2018), as synthpop's
 * utility.gen(method = "logit", maxorder = 0): a main-effects logistic regression tells the stacked
 * synthetic rows (1) from the real ones (0); pMSE = mean (p̂ − c)², c = n_syn / N.
 */
export interface PmseReport {
  pmse: number;
  /** pMSE / its null expectation (k − 1)(1 − c)² c / N: about 1 when the tables are alike. */
  sPmse: number;
  /** The null expectation itself. */
  expected: number;
  model: string;
  /** k: the model's parameters, intercept included, aliased columns dropped. */
  parameters: number;
  rows: { real: number; synthetic: number };
}

/** Share of patients with a 0/1 flag or a mutation; the real share null when it is 1..k − 1 patients. */
export interface FlagPrevalence {
  name: string;
  role: string;
  real: number | null;
  synthetic: number;
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
  /** Null when the gene is mutated (or wild type) in 1..k − 1 real patients. */
  real: number | null;
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
  /** Fisher's exact two-sided p and its Benjamini–Hochberg q over the gene pairs compared. */
  p: number;
  q: number;
}

export interface GenomicReport {
  genes: string[];
  burden: {
    /** 1 − TVD of the bins as reported. */
    score: number;
    /** Mutations per patient, bins merged until each holds ≥ k real patients: "0", "1", "≥ 5". */
    labels: string[];
    real: number[];
    synthetic: number[];
    meanReal: number;
    meanSynthetic: number;
    /**
     * How many genes the burden counts: those whose real frequency is published (a gene mutated
     * in 1..k − 1 real patients would be the mean times n less the others' counts).
     */
    genes: number;
  };
  /** The score counts a hidden real frequency as its stand-in (small-counts.ts). */
  frequencies: { score: number; genes: GeneFrequency[] };
  comutation: {
    score: number | null;
    significantPairs: number;
    agreeing: number;
    /** Pairs significant in either table, among those compared. */
    pairs: CoMutationPair[];
    /** Gene pairs not compared (in the score, the q-values or the list): a real 2 × 2 cell of 1..k − 1 patients. */
    unlisted: number;
  };
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
  pmse: PmseReport | null;
  /** Every boolean column and mutation, for the prevalence chart. */
  flags: FlagPrevalence[];
  /** The small-cell threshold k every reported bin, level, flag and grid cell obeys. */
  smallCell: number;
  /** What a clinician should see first (discrepancies.ts gives the thresholds). */
  discrepancies: Discrepancy[];
  skipped: Skipped[];
}
