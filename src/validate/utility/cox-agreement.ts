/**
 * Cox hazard ratios fitted on the real and on the synthetic table with the same terms, compared
 * continuously per term (docs/validation/utility.md §3):
 * - the standardised difference of the log hazard ratios, (b_s − b_r) / √(se_r² + se_s²);
 * - the overlap of the 95% intervals on the log scale, as a fraction of the real interval;
 * - significance kept, lost or gained, and a real effect's direction reversed;
 * - an agreement in 0..1: exp(−d²/18), times, for an effect the real data establishes, the synthetic
 *   evidence for the real direction, 2Φ(sign(b_r)·b_s/se_s) − 1 clipped at 0 — so a significant real
 *   effect that vanishes (b_s ≈ 0) or reverses on synthetic data scores 0, whatever the overlap.
 * Failures (separation, collinearity) propagate as StatisticsErrors.
 */
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { normalCdf } from '../../stats/distributions.js';
import { type CoxFit, type CoxTerm, coxph, modelMatrix, survivalInput } from '../../survival/index.js';
import { finite } from './align.js';
import { columnLabel, levelLabel, numericTermLabel, perUnits } from './labels.js';
import type { Endpoint } from './survival-agreement.js';
import type { CovariateChoice, CoxComparison, HazardRatio, HazardRatioComparison } from './types.js';

/** A fitted model and, per model-matrix column, the table column and level it codes. */
export interface FittedCox {
  readonly fit: CoxFit;
  readonly coding: ReadonlyMap<string, TermCoding>;
}

interface TermCoding {
  readonly column: string;
  readonly level: string | null;
  readonly reference: string | null;
}

/** Fits the Cox model of `endpoint` on `terms`. */
export function fitCox(table: Table, endpoint: Endpoint, terms: readonly string[]): CoxFit {
  return fitCoxCoded(table, endpoint, terms).fit;
}

export function fitCoxCoded(table: Table, endpoint: Endpoint, terms: readonly string[]): FittedCox {
  const input = survivalInput(table, { ...endpoint, others: terms });
  const matrix = modelMatrix(table, terms, input.rows);
  const fit = coxph(input.time, input.status, {
    names: matrix.names,
    columns: matrix.columns,
    terms: matrix.terms,
  });
  const coding = new Map<string, TermCoding>();
  matrix.names.forEach((name, j) => {
    const column = matrix.terms[j];
    if (table.column(column).type === 'number') {
      coding.set(name, { column, level: null, reference: null });
      return;
    }
    const { codes, levels } = table.codes(column);
    // modelMatrix's reference is the first level present among the analysed rows.
    let first = levels.length;
    for (const r of input.rows) if (codes[r] >= 0 && codes[r] < first) first = codes[r];
    coding.set(name, { column, level: name.slice(column.length), reference: levels[first] ?? null });
  });
  return { fit, coding };
}

/** Settings of the comparison: the significance level, and the table's schema for labels and units. */
export interface CoxCompareOptions {
  readonly alpha: number;
  readonly schema: Schema;
  readonly covariates: CovariateChoice;
}

export function compareCox(
  real: FittedCox,
  synthetic: FittedCox,
  endpoint: string,
  options: CoxCompareOptions,
): CoxComparison {
  const bySynthetic = new Map(synthetic.fit.terms.map((t) => [t.term, t]));
  const hazardRatios: HazardRatioComparison[] = [];
  const unmatched: string[] = [];
  for (const r of real.fit.terms) {
    const s = bySynthetic.get(r.term);
    const coding = real.coding.get(r.term);
    if (!s || !coding) unmatched.push(r.term);
    else hazardRatios.push(compareTerm(r, s, coding, options));
  }
  for (const s of synthetic.fit.terms) if (!real.coding.has(s.term)) unmatched.push(s.term);
  return {
    endpoint,
    terms: options.covariates.chosen,
    covariates: options.covariates,
    hazardRatios,
    agreement: coxAgreement(hazardRatios, unmatched.length),
    unmatched,
  };
}

/** One term, real against synthetic. */
export function compareTerm(
  r: CoxTerm,
  s: CoxTerm,
  coding: TermCoding,
  options: Pick<CoxCompareOptions, 'alpha' | 'schema'>,
): HazardRatioComparison {
  const numeric = coding.level === null;
  const { per, unit } = numeric ? perUnits(coding.column, options.schema) : { per: 1, unit: '' };
  const label = numeric
    ? numericTermLabel(coding.column, per, unit)
    : `${columnLabel(coding.column)} ${levelLabel(coding.level ?? '')} vs ${levelLabel(coding.reference ?? '')}`;
  const realSignificant = r.p < options.alpha;
  const syntheticSignificant = s.p < options.alpha;
  const d = standardisedDifference(r, s);
  const reversed = realSignificant && Math.sign(s.coef) !== Math.sign(r.coef);
  return {
    term: r.term,
    label,
    column: coding.column,
    level: coding.level,
    reference: coding.reference,
    per: numeric ? per : null,
    real: hazardRatio(r, per),
    synthetic: hazardRatio(s, per),
    standardisedDifference: finite(d),
    overlap: finite(intervalOverlap(r, s)),
    significance: realSignificant
      ? syntheticSignificant && !reversed
        ? 'kept'
        : 'lost'
      : syntheticSignificant
        ? 'gained'
        : 'neither',
    reversed,
    agreement: termAgreement(r, s, realSignificant),
    weight: termWeight(r),
  };
}

function hazardRatio(t: CoxTerm, per: number): HazardRatio {
  return {
    estimate: finite(Math.exp(t.coef * per)),
    lower: finite(t.lower ** per),
    upper: finite(t.upper ** per),
    p: finite(t.p),
  };
}

/** (b_s − b_r) / √(se_r² + se_s²): how many standard errors of the difference apart the two are. */
export function standardisedDifference(
  r: Pick<CoxTerm, 'coef' | 'se'>,
  s: Pick<CoxTerm, 'coef' | 'se'>,
): number {
  return (s.coef - r.coef) / Math.sqrt(r.se * r.se + s.se * s.se);
}

/** Length of the intersection of the two 95% intervals over the real interval's length, log scale. */
export function intervalOverlap(
  r: Pick<CoxTerm, 'lower' | 'upper'>,
  s: Pick<CoxTerm, 'lower' | 'upper'>,
): number {
  const [rl, ru, sl, su] = [r.lower, r.upper, s.lower, s.upper].map(Math.log);
  const width = ru - rl;
  if (!(width > 0)) return Number.NaN;
  return Math.max(0, Math.min(ru, su) - Math.max(rl, sl)) / width;
}

/**
 * exp(−d²/18): 1 at d = 0, 0.95 at one standard error, 0.80 at two, 0.61 at three, 0.17 at five
 * (a faithful sample averages ≈ 0.95, as d is then standard normal; a sampling difference is not
 * a disagreement, while reversal and loss are caught by the second factor). For an effect the real data establishes
 * (p < α) it is multiplied by the synthetic evidence for the real direction, 2Φ(z) − 1 with
 * z = sign(b_r)·b_s/se_s, clipped at 0: ≈ 1 when the synthetic table shows the effect clearly,
 * 0 when its estimate is null or on the other side.
 */
export function termAgreement(
  r: Pick<CoxTerm, 'coef' | 'se'>,
  s: Pick<CoxTerm, 'coef' | 'se'>,
  realSignificant: boolean,
): number {
  const d = standardisedDifference(r, s);
  if (!Number.isFinite(d)) return 0;
  const closeness = Math.exp((-d * d) / 18);
  if (!realSignificant) return closeness;
  const z = (Math.sign(r.coef) * s.coef) / s.se;
  const evidence = Number.isFinite(z) ? Math.max(0, 2 * normalCdf(z) - 1) : 0;
  return closeness * evidence;
}

/**
 * A term's weight in the Cox part: |z_r| / 1.96 within [0.25, 1]. Effects the real data establishes
 * weigh fully; effects it cannot sign weigh in proportion to their evidence, so that noise in many
 * null terms cannot outvote one reversed prognostic factor.
 */
export function termWeight(r: Pick<CoxTerm, 'z'>): number {
  const w = Math.abs(r.z) / 1.96;
  return Number.isFinite(w) ? Math.min(1, Math.max(0.25, w)) : 0.25;
}

/** Weighted mean agreement; a term fitted in only one table counts 0 with full weight. */
export function coxAgreement(rows: readonly HazardRatioComparison[], unmatched: number): number {
  const total = rows.reduce((a, h) => a + h.weight, 0) + unmatched;
  if (total === 0) return 0;
  return rows.reduce((a, h) => a + h.weight * h.agreement, 0) / total;
}
