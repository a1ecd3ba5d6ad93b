/**
 * Are a table's Cox effects kept by its synthetic copy? The model is fitted on the training rows and
 * on the synthetic rows; each coefficient is kept when the two estimates do not differ by a two-sample
 * z test on the log hazard ratio, |β_syn − β_real| / √(se_real² + se_syn²) < 1.96 (a fresh sample of
 * real patients passes it about 95 % of the time), and a coefficient significant on the training rows
 * (Wald p < 0.05) should keep its sign. Issue 7, item 4.
 */
import type { Schema } from '../src/data/schema.js';
import { numberColumn, type Table } from '../src/data/table.js';
import { coxph, modelMatrix, survivalInput } from '../src/survival/index.js';

export interface CoxModel {
  /** The schema endpoint whose time and event are modelled. */
  readonly endpoint: string;
  /** Column names, or names of `derived` columns. */
  readonly terms: readonly string[];
  /** Columns computed from the table before fitting (log transforms, thresholds). */
  readonly derived?: Readonly<Record<string, (table: Table) => Float64Array>>;
  /** The model as R would write it, for the report. */
  readonly formula: string;
}

export interface CoxCoefficient {
  readonly name: string;
  readonly coef: number;
  readonly se: number;
  readonly p: number;
}

/** The fitted coefficients, or why the model could not be fitted (separation, a constant term, …). */
export type CoxResult = { readonly coefficients: readonly CoxCoefficient[] } | { readonly error: string };

export function fitCox(table: Table, schema: Schema, model: CoxModel): CoxResult {
  const endpoint = schema.endpoints.find((e) => e.name === model.endpoint);
  if (!endpoint) throw new Error(`the schema declares no endpoint '${model.endpoint}'`);
  try {
    let data = table;
    for (const [name, compute] of Object.entries(model.derived ?? {}))
      data = data.withColumn(name, numberColumn(compute(table)));
    const input = survivalInput(data, { ...endpoint, others: model.terms });
    const fit = coxph(input.time, input.status, modelMatrix(data, model.terms, input.rows));
    return { coefficients: fit.terms.map(({ term, coef, se, p }) => ({ name: term, coef, se, p })) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

export interface CoxComparison {
  /** The training fit's coefficients, by name. */
  readonly names: readonly string[];
  readonly total: number;
  /** Coefficients whose synthetic estimate passes the two-sample z test. */
  readonly kept: number;
  /** Coefficients significant on the training rows, and how many of them keep their sign. */
  readonly significant: number;
  readonly signsKept: number;
  /** The coefficients that failed the z test. */
  readonly lost: readonly string[];
}

const Z_95 = 1.959963984540054;

export function compareCox(real: CoxResult, synthetic: CoxResult): CoxComparison | undefined {
  if ('error' in real) return undefined;
  const names = real.coefficients.map((c) => c.name);
  const significant = real.coefficients.filter((c) => c.p < 0.05);
  if ('error' in synthetic)
    return {
      names,
      total: names.length,
      kept: 0,
      significant: significant.length,
      signsKept: 0,
      lost: names,
    };
  const byName = new Map(synthetic.coefficients.map((c) => [c.name, c]));
  const keeps = (r: CoxCoefficient) => {
    const s = byName.get(r.name);
    return s !== undefined && Math.abs(s.coef - r.coef) / Math.hypot(r.se, s.se) < Z_95;
  };
  const signKept = (r: CoxCoefficient) => Math.sign(byName.get(r.name)?.coef ?? 0) === Math.sign(r.coef);
  return {
    names,
    total: names.length,
    kept: real.coefficients.filter(keeps).length,
    significant: significant.length,
    signsKept: significant.filter(signKept).length,
    lost: real.coefficients.filter((c) => !keeps(c)).map((c) => c.name),
  };
}
