/**
 * Does a Cox model fitted on a table keep one covariate's effect? The peers' note checks the lung
 * sex effect and the pbc bilirubin effect; we fit, as R would,
 *   lung: coxph(Surv(time, status == 2) ~ age + sex)
 *   pbc:  coxph(Surv(time, status == 2) ~ age + log(bili))
 * (log(bili) as in the Mayo PBC model, Dickson et al. 1989, Hepatology 10:1–7: bilirubin is
 * right-skewed and its effect on the hazard is close to linear on the log scale).
 */
import { numberColumn, type Table } from '../src/data/table.js';
import { coxph, modelMatrix, survivalInput } from '../src/survival/index.js';

export interface CoxEffectSpec {
  /** Model terms; `log(x)` is the natural logarithm of column x. */
  readonly terms: readonly string[];
  /** The term whose effect is checked. */
  readonly term: string;
}

export interface CoxEffect {
  readonly coef: number;
  /** 95 % interval of the coefficient (log hazard ratio). */
  readonly lower: number;
  readonly upper: number;
  /** The interval excludes 0. */
  readonly significant: boolean;
  /** Why the model could not be fitted (separation, no events, …). */
  readonly error?: string;
}

export function coxEffect(table: Table, spec: CoxEffectSpec): CoxEffect {
  try {
    const data = withLogTerms(table, spec.terms);
    const input = survivalInput(data, { time: 'time', event: 'status', eventValue: 2, others: spec.terms });
    const fit = coxph(input.time, input.status, modelMatrix(data, spec.terms, input.rows));
    const term = fit.terms.find((t) => t.term === spec.term)!;
    const [lower, upper] = [Math.log(term.lower), Math.log(term.upper)];
    return { coef: term.coef, lower, upper, significant: lower > 0 || upper < 0 };
  } catch (error) {
    const nan = Number.NaN;
    return { coef: nan, lower: nan, upper: nan, significant: false, error: (error as Error).message };
  }
}

/** The effect is kept when its sign and its significance are those of the real data's. */
export function keepsEffect(real: CoxEffect, synthetic: CoxEffect): boolean {
  return Math.sign(real.coef) === Math.sign(synthetic.coef) && real.significant === synthetic.significant;
}

/** Adds a column `log(x)` for each such term; a value ≤ 0 becomes missing, so its row is dropped. */
function withLogTerms(table: Table, terms: readonly string[]): Table {
  let result = table;
  for (const term of terms) {
    const source = /^log\((.+)\)$/.exec(term)?.[1];
    if (!source) continue;
    const values = table.numbers(source).map((v) => (v > 0 ? Math.log(v) : Number.NaN));
    result = result.withColumn(term, numberColumn(values));
  }
  return result;
}
