/**
 * Cox hazard ratios fitted on the real and on the synthetic table with the same terms, side by
 * side. A hazard ratio's direction agrees when both estimates lie on the same side of 1, or when
 * neither interval excludes 1 (an effect neither table can sign); intervals overlap when the two
 * 95% intervals share a point. Failures (separation, collinearity) propagate as StatisticsErrors.
 */
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { type CoxFit, coxph, modelMatrix, survivalInput } from '../../survival/index.js';
import { finite } from './align.js';
import { AGE_COLUMN, MAX_COX_TERMS } from './constants.js';
import { outcomeColumns } from './outcomes.js';
import { groupLevels, type Stratifier } from './stratified.js';
import type { Endpoint } from './survival-agreement.js';
import type { CoxComparison, HazardRatioComparison } from './types.js';

/** Fits the Cox model of `endpoint` on `terms`. */
export function fitCox(table: Table, endpoint: Endpoint, terms: readonly string[]): CoxFit {
  const input = survivalInput(table, { ...endpoint, others: terms });
  const matrix = modelMatrix(table, terms, input.rows);
  return coxph(input.time, input.status, {
    names: matrix.names,
    columns: matrix.columns,
    terms: matrix.terms,
  });
}

/**
 * Default terms: age-like numeric columns, then the strongest stratifiers that are baseline
 * covariates, at most MAX_COX_TERMS. Outcomes are left out: target columns, and columns a schema
 * rule ties to a time or event column (relapse ⇒ relapse_days): as covariates they would absorb the
 * endpoint itself (or separate it) instead of describing the patients at baseline.
 */
export function defaultCoxTerms(
  real: Table,
  schema: Schema,
  endpoint: Endpoint,
  ranked: readonly Stratifier[],
): string[] {
  const ages = schema.columns
    .filter((c) => (c.kind === 'numeric' || c.kind === 'integer') && c.role === 'feature')
    .filter((c) => AGE_COLUMN.test(c.name) && real.has(c.name))
    .map((c) => c.name);
  const outcomes = outcomeColumns(schema);
  const terms: string[] = [];
  for (const name of [...ages, ...ranked.map((s) => s.column).filter((c) => !outcomes.has(c))]) {
    if (terms.length >= MAX_COX_TERMS) break;
    if (estimable(real, endpoint, [...terms, name])) terms.push(name);
  }
  return terms;
}

/**
 * Whether every categorical term still has two well-filled levels among the rows complete in all
 * terms: a term missing where another is defined (ELN risk is undefined for APL) can empty a level.
 */
function estimable(real: Table, endpoint: Endpoint, terms: string[]): boolean {
  let rows: Uint32Array;
  try {
    rows = survivalInput(real, { ...endpoint, others: terms }).rows;
  } catch {
    return false;
  }
  return terms.every((t) => real.column(t).type === 'number' || groupLevels(real, t, rows) !== undefined);
}

export function compareCox(
  real: CoxFit,
  synthetic: CoxFit,
  endpoint: string,
  terms: readonly string[],
): CoxComparison {
  const bySynthetic = new Map(synthetic.terms.map((t) => [t.term, t]));
  const hazardRatios: HazardRatioComparison[] = [];
  const unmatched: string[] = [];
  for (const r of real.terms) {
    const s = bySynthetic.get(r.term);
    if (!s) {
      unmatched.push(r.term);
      continue;
    }
    const containsOne = (t: { lower: number; upper: number }) => t.lower <= 1 && t.upper >= 1;
    hazardRatios.push({
      term: r.term,
      real: { estimate: finite(r.hr), lower: finite(r.lower), upper: finite(r.upper) },
      synthetic: { estimate: finite(s.hr), lower: finite(s.lower), upper: finite(s.upper) },
      directionAgrees: Math.sign(r.coef) === Math.sign(s.coef) || (containsOne(r) && containsOne(s)),
      intervalsOverlap: r.lower <= s.upper && s.lower <= r.upper,
    });
  }
  for (const s of synthetic.terms) if (!real.terms.some((r) => r.term === s.term)) unmatched.push(s.term);
  const share = (f: (h: HazardRatioComparison) => boolean) =>
    hazardRatios.length ? hazardRatios.filter(f).length / hazardRatios.length : 0;
  return {
    endpoint,
    terms,
    hazardRatios,
    directionAgreement: share((h) => h.directionAgrees),
    overlapShare: share((h) => h.intervalsOverlap),
    unmatched,
  };
}

/** The part of the score from one comparison: mean of direction and overlap shares, unmatched terms counting 0. */
export function coxScore(c: CoxComparison): number {
  const total = c.hazardRatios.length + c.unmatched.length;
  if (total === 0) return 0;
  const agreeing = c.hazardRatios.reduce(
    (a, h) => a + (Number(h.directionAgrees) + Number(h.intervalsOverlap)) / 2,
    0,
  );
  return agreeing / total;
}
