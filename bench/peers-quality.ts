/**
 * SDMetrics' QualityReport (single table), reimplemented from its documentation and source
 * (docs.sdv.dev/sdmetrics "Quality Report › What's included?"; sdmetrics/reports/single_table/
 * _properties/column_shapes.py and column_pair_trends.py; the metrics in sdmetrics/single_column and
 * sdmetrics/column_pairs), so that our generators are scored as the peers' published rows were:
 * - Column Shapes: per column, KSComplement (numerical) or TVComplement (categorical), missing
 *   values dropped; the mean over columns.
 * - Column Pair Trends: per pair, CorrelationSimilarity (two numerical columns) or
 *   ContingencySimilarity (otherwise, a numerical column binned first). Since SDMetrics' threshold
 *   feature (issue #815, PR #826) the report averages only the pairs that are strongly associated
 *   in the real data: |Pearson r| > 0.5, or Cramér's V > 0.3. The unthresholded mean over all
 *   pairs (the report before that change) is returned too.
 * - Quality: the mean of the two properties.
 */
import { completePairs, pearsonR } from '../src/stats/correlation.js';
import { ksTwoSample } from '../src/stats/ks-2samp.js';
import type { FrameColumn } from './peers-frame.js';

/** The QualityReport's defaults (`real_correlation_threshold`, `real_association_threshold`). */
export const REAL_CORRELATION_THRESHOLD = 0.5;
export const REAL_ASSOCIATION_THRESHOLD = 0.3;

export interface QualityScores {
  readonly quality: number;
  readonly shapes: number;
  /** Mean over the strongly associated pairs only (the current report). */
  readonly pairs: number;
  /** Mean over every pair that could be scored (the report without thresholds). */
  readonly pairsAll: number;
  readonly pairsUsed: number;
  readonly pairsTotal: number;
}

export function qualityReport(frame: readonly FrameColumn[]): QualityScores {
  const shapes = mean(frame.map(columnShape));
  const trends: PairTrend[] = [];
  for (let i = 0; i < frame.length; i++)
    for (let j = i + 1; j < frame.length; j++) trends.push(pairTrend(frame[i], frame[j]));
  const strong = trends.filter((t) => t.strong && Number.isFinite(t.score));
  const pairs = mean(strong.map((t) => t.score));
  // With no strong pair the property has no score; the overall score is then Column Shapes alone.
  const quality = Number.isNaN(pairs) ? shapes : (shapes + pairs) / 2;
  return {
    quality,
    shapes,
    pairs,
    pairsAll: mean(trends.map((t) => t.score)),
    pairsUsed: strong.length,
    pairsTotal: trends.length,
  };
}

/** KSComplement = 1 − D of `scipy.stats.ks_2samp`; TVComplement = 1 − ½ Σ |p_real − p_synthetic|. */
function columnShape(column: FrameColumn): number {
  if (column.sdtype === 'numerical') return 1 - ksTwoSample(column.real, column.synthetic).statistic;
  const real = frequencies(column.real.filter((v) => !Number.isNaN(v)));
  const synthetic = frequencies(column.synthetic.filter((v) => !Number.isNaN(v)));
  return 1 - totalVariation(real, synthetic);
}

interface PairTrend {
  score: number;
  strong: boolean;
}

function pairTrend(a: FrameColumn, b: FrameColumn): PairTrend {
  if (a.sdtype === 'numerical' && b.sdtype === 'numerical') return correlationSimilarity(a, b);
  const keys = (column: FrameColumn, side: 'real' | 'synthetic') =>
    column.sdtype === 'numerical' ? discretize(column[side]) : column[side];
  return contingencySimilarity(keys(a, 'real'), keys(b, 'real'), keys(a, 'synthetic'), keys(b, 'synthetic'));
}

/**
 * 1 − |r_real − r_synthetic| / 2 with Pearson's r on the rows where both are present. A column
 * constant in either table raises ConstantInputError in SDMetrics; the report scores it NaN.
 */
function correlationSimilarity(a: FrameColumn, b: FrameColumn): PairTrend {
  const constant = [a.real, a.synthetic, b.real, b.synthetic].some((v) => distinct(v) === 1);
  if (constant) return { score: Number.NaN, strong: false };
  const real = pearsonR(...completePairs(a.real, b.real));
  const synthetic = pearsonR(...completePairs(a.synthetic, b.synthetic));
  const score = 1 - Math.abs(real - synthetic) / 2;
  return { score, strong: Math.abs(real) > REAL_CORRELATION_THRESHOLD };
}

/**
 * 1 − the total variation distance between the joint frequency tables, missing values counted as
 * one more category (`groupby(dropna=False)`); strong when the real table's Cramér's V (scipy's
 * `association(method='cramer')`, no continuity correction) exceeds the threshold.
 */
function contingencySimilarity(ra: Float64Array, rb: Float64Array, sa: Float64Array, sb: Float64Array) {
  const joint = (x: Float64Array, y: Float64Array) => frequencies(Array.from(x, (v, i) => `${v}|${y[i]}`));
  const score = 1 - totalVariation(joint(ra, rb), joint(sa, sb));
  return { score, strong: cramersV(ra, rb) > REAL_ASSOCIATION_THRESHOLD };
}

function cramersV(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const rows = frequencies(Array.from(a, String));
  const cols = frequencies(Array.from(b, String));
  if (rows.size < 2 || cols.size < 2) return Number.NaN;
  const observed = frequencies(Array.from(a, (v, i) => `${v}|${b[i]}`));
  let chi2 = 0;
  for (const [r, pr] of rows)
    for (const [c, pc] of cols) {
      const expected = pr * pc;
      chi2 += (n * ((observed.get(`${r}|${c}`) ?? 0) - expected) ** 2) / expected;
    }
  return Math.sqrt(chi2 / n / (Math.min(rows.size, cols.size) - 1));
}

/**
 * What the report does to a numerical column paired with a categorical one: `np.digitize(x,
 * np.histogram_bin_edges(x.dropna()))`, ten equal-width bins over the column's own range. Each
 * table is binned on its own edges (the report calls `_discretize_column` per table); the maximum
 * and missing values land in bin 11, as `np.digitize` puts them past the last edge.
 */
export function discretize(values: Float64Array): Float64Array {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values)
    if (!Number.isNaN(v)) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  if (min === max) [min, max] = [min - 0.5, max + 0.5];
  // np.linspace(min, max, 11): i · step + min, the last edge exactly max.
  const step = (max - min) / 10;
  const edges = Array.from({ length: 11 }, (_, i) => (i === 10 ? max : i * step + min));
  return values.map((v) => (Number.isNaN(v) ? edges.length : edges.filter((e) => e <= v).length));
}

/** Relative frequency of each value (NaN is a value of its own). */
function frequencies<T>(values: ArrayLike<T>): Map<T, number> {
  const counts = new Map<T, number>();
  for (let i = 0; i < values.length; i++) counts.set(values[i], (counts.get(values[i]) ?? 0) + 1);
  for (const [key, count] of counts) counts.set(key, count / values.length);
  return counts;
}

function totalVariation<T>(p: Map<T, number>, q: Map<T, number>): number {
  let sum = 0;
  for (const key of new Set([...p.keys(), ...q.keys()]))
    sum += Math.abs((p.get(key) ?? 0) - (q.get(key) ?? 0));
  return sum / 2;
}

function distinct(values: Float64Array): number {
  return new Set(values.filter((v) => !Number.isNaN(v))).size;
}

function mean(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : Number.NaN;
}
