/**
 * Cox hazard ratios fitted on the real and on the synthetic table with the same terms, rows and
 * levels (cox-design.ts), compared continuously per term (docs/validation/utility.md §3):
 * - the standardised difference of the log hazard ratios, d = (b_s − b_r) / √(se_r² + se_s²);
 * - the overlap of the 95% intervals on the log scale, as a fraction of the real interval;
 * - significance kept, lost or gained, and a real effect's direction reversed;
 * - an agreement in 0..1: exp(−d²/18), times, for an effect the real data establishes, a penalty for
 *   moving towards (or past) no effect by more than sampling explains — read from d alone, so that
 *   it does not depend on how many synthetic rows were drawn.
 * Failures (separation, collinearity) propagate as StatisticsErrors.
 */
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { normalCdf } from '../../stats/distributions.js';
import { type CoxFit, type CoxTerm, coxph, modelMatrix, survivalInput } from '../../survival/index.js';
import { finite } from './align.js';
import { type CoxDesign, designInput } from './cox-design.js';
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

/** Fits the Cox model of `endpoint` on `terms`, coded as R codes them (every level present). */
export function fitCox(table: Table, endpoint: Endpoint, terms: readonly string[]): CoxFit {
  const input = survivalInput(table, { ...endpoint, others: terms });
  const matrix = modelMatrix(table, terms, input.rows);
  return coxph(input.time, input.status, {
    names: matrix.names,
    columns: matrix.columns,
    terms: matrix.terms,
  });
}

/** Fits the Cox model of a design (its rows, levels and references) to one table. */
export function fitCoxCoded(table: Table, endpoint: Endpoint, design: CoxDesign): FittedCox {
  const input = designInput(table, endpoint, design);
  const matrix = modelMatrix(table, design.terms, input.rows, { levels: design.levels });
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
    const { levels } = table.codes(column);
    const reference = design.levels.get(column)?.[0];
    coding.set(name, {
      column,
      level: name.slice(column.length),
      reference: reference === undefined ? null : (levels[reference] ?? null),
    });
  });
  return { fit, coding };
}

/**
 * Settings of the comparison: the significance level, the table's schema for labels and units,
 * the covariates and why, and the design (terms whose hazard ratio is not reported).
 */
export interface CoxCompareOptions {
  readonly alpha: number;
  readonly schema: Schema;
  readonly covariates: CovariateChoice;
  readonly design: CoxDesign;
}

export function compareCox(
  real: FittedCox,
  synthetic: FittedCox,
  endpoint: string,
  options: CoxCompareOptions,
): CoxComparison {
  const { hidden } = options.design;
  const bySynthetic = new Map(synthetic.fit.terms.map((t) => [t.term, t]));
  const hazardRatios: HazardRatioComparison[] = [];
  const unmatched: string[] = [];
  for (const r of real.fit.terms) {
    if (hidden.has(r.term)) continue;
    const s = bySynthetic.get(r.term);
    const coding = real.coding.get(r.term);
    if (!s || !coding) unmatched.push(r.term);
    else hazardRatios.push(compareTerm(r, s, coding, options));
  }
  for (const s of synthetic.fit.terms)
    if (!real.coding.has(s.term) && !hidden.has(s.term)) unmatched.push(s.term);
  return {
    endpoint,
    terms: options.covariates.chosen,
    covariates: { ...options.covariates, notes: [...options.covariates.notes, ...options.design.notes] },
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
    agreement: termAgreement(r, s, realSignificant, options.alpha),
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
 * closeness × attenuation. closeness = exp(−d²/18): 1 at d = 0, 0.95 at one standard error, 0.80
 * at two, 0.61 at three, 0.17 at five (d is standard normal for a faithful sample of any size, so
 * closeness then averages ≈ 0.95: a sampling difference is not a disagreement). For an effect the
 * real data establishes (p < α), attenuation = min(1, Φ(sign(b_r)·d) / (α/2)): 1 unless the
 * synthetic estimate lies significantly nearer no effect (or beyond it) than the real one — one-sided
 * at α/2, so two-sided α — then falling with that one-sided p-value (0.13 at 2.73 standard errors,
 * 0.06 at three, 0.001 at four). Both factors read d alone, never the synthetic standard error by
 * itself: a smaller synthetic table has less power, which is not unfaithfulness.
 */
export function termAgreement(
  r: Pick<CoxTerm, 'coef' | 'se'>,
  s: Pick<CoxTerm, 'coef' | 'se'>,
  realSignificant: boolean,
  alpha = 0.05,
): number {
  const d = standardisedDifference(r, s);
  if (!Number.isFinite(d)) return 0;
  const closeness = Math.exp((-d * d) / 18);
  if (!realSignificant) return closeness;
  return closeness * Math.min(1, normalCdf(Math.sign(r.coef) * d) / (alpha / 2));
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
