/**
 * The baseline covariates of the default Cox model, and why: age-like numeric columns, then the
 * strongest stratifiers (ranked by their real log-rank χ²), at most MAX_COX_TERMS, never a column
 * measured after baseline (outcomes.ts). What was passed over is listed with its reason, so the
 * report can say what the model adjusts for and what it deliberately does not.
 */
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { AGE_COLUMN, MAX_COX_TERMS, STRATIFIER_LEVELS } from './constants.js';
import { coxDesign, minimumLevelSize } from './cox-design.js';
import { postBaselineColumns } from './outcomes.js';
import type { Stratifier } from './stratified.js';
import type { Endpoint } from './survival-agreement.js';
import type { CovariateChoice } from './types.js';

export function chooseCovariates(
  real: Table,
  schema: Schema,
  endpoint: Endpoint,
  ranked: readonly Stratifier[],
  smallCell: number,
): CovariateChoice {
  const ages = schema.columns
    .filter((c) => (c.kind === 'numeric' || c.kind === 'integer') && c.role === 'feature')
    .filter((c) => AGE_COLUMN.test(c.name) && real.has(c.name))
    .map((c) => c.name);
  const after = postBaselineColumns(schema);
  const excluded: Array<{ column: string; reason: string }> = [];
  const chosen: string[] = [];
  const candidates = [...ages, ...ranked.map((s) => s.column)];
  for (const c of schema.columns)
    if (c.role === 'feature' && after.has(c.name) && real.has(c.name))
      excluded.push({ column: c.name, reason: `after baseline: ${after.get(c.name)}` });
  for (const name of candidates) {
    if (after.has(name)) continue;
    if (chosen.length >= MAX_COX_TERMS)
      excluded.push({ column: name, reason: `beyond the ${MAX_COX_TERMS}-term limit` });
    else if (estimable(real, schema, endpoint, [...chosen, name], smallCell)) chosen.push(name);
    else
      excluded.push({
        column: name,
        reason: `beside ${chosen.join(', ') || 'the other terms'} it leaves a term with fewer than two levels of ${minimumLevelSize(smallCell)} patients`,
      });
  }
  const why =
    'age, then the categorical baseline columns that separate real survival most (log-rank χ²), ' +
    `at most ${MAX_COX_TERMS}; columns measured after baseline are never chosen`;
  return { chosen, why, excluded, notes: [] };
}

/** User-given terms are used as given; the choice says so, and flags any that lie after baseline. */
export function givenCovariates(
  schema: Schema,
  terms: readonly string[],
  source = 'given in the options (coxTerms)',
): CovariateChoice {
  const after = postBaselineColumns(schema);
  const late = terms.filter((t) => after.has(t));
  return {
    chosen: [...terms],
    why: source + (late.length ? `; note: ${late.join(', ')} lie after baseline (immortal-time bias)` : ''),
    excluded: [],
    notes: [],
  };
}

/**
 * Whether the terms can be modelled on the real table (cox-design.ts): every categorical term keeps
 * 2–6 levels of enough real patients among the rows complete in all terms — a term missing where
 * another is defined (ELN risk is undefined for APL) can empty a level.
 */
function estimable(
  real: Table,
  schema: Schema,
  endpoint: Endpoint,
  terms: string[],
  smallCell: number,
): boolean {
  try {
    const design = coxDesign(real, schema, endpoint, terms, smallCell);
    return [...design.levels.values()].every((levels) => levels.length <= STRATIFIER_LEVELS.max);
  } catch {
    return false;
  }
}
