/**
 * Which columns an imputation fills and which it reads. Filled: the schema's features, mutations and
 * targets that have missing values. Never filled: identifiers (never read either), centre, survival
 * times and event indicators (an outcome is not made up; they are read as predictors when complete,
 * since leaving the outcome out of the imputation model biases associations with it towards zero —
 * Moons et al., J Clin Epidemiol 2006), and derived columns (recomputed from their inputs after).
 */
import type { Schema } from '../../data/schema.js';
import { isMissing, type Table } from '../../data/table.js';

export interface PlannedColumn {
  name: string;
  /** 'number': averaged / regressed; 'code': voted / classified. */
  type: 'number' | 'code';
  /** Integer and date columns are rounded after imputation. */
  integer: boolean;
  missing: number;
}

export interface ImputationPlan {
  /** Columns to fill, in table order. */
  imputed: PlannedColumn[];
  /** Every column read: the imputed ones first, then complete auxiliary ones. */
  predictors: PlannedColumn[];
  /** Columns left as they are, with why. */
  untouched: Array<{ name: string; reason: string }>;
}

const FILLED_ROLES = new Set(['feature', 'mutation', 'target']);

export function planImputation(table: Table, schema: Schema): ImputationPlan {
  const derived = new Set(schema.rules.flatMap((r) => (r.type === 'derived' ? [r.column] : [])));
  const imputed: PlannedColumn[] = [];
  const auxiliary: PlannedColumn[] = [];
  const untouched: ImputationPlan['untouched'] = [];
  for (const spec of schema.columns) {
    if (!table.has(spec.name)) continue;
    const column = table.column(spec.name);
    let missing = 0;
    for (let i = 0; i < table.nRows; i++) if (isMissing(column, i)) missing++;
    const planned: PlannedColumn = {
      name: spec.name,
      type: column.type,
      integer: spec.kind === 'integer' || spec.kind === 'date',
      missing,
    };
    if (spec.role === 'id')
      untouched.push({ name: spec.name, reason: 'identifier: neither read nor filled' });
    else if (derived.has(spec.name))
      untouched.push({ name: spec.name, reason: 'derived: recomputed from its inputs' });
    else if (!FILLED_ROLES.has(spec.role)) {
      if (missing === 0) auxiliary.push(planned);
      untouched.push({
        name: spec.name,
        reason: `${spec.role}: never imputed${missing === 0 ? '; read as a predictor' : '; has missing values, so not read'}`,
      });
    } else if (missing === table.nRows)
      untouched.push({ name: spec.name, reason: 'no observed value: nothing to impute from' });
    else if (missing === 0) auxiliary.push(planned);
    else imputed.push(planned);
  }
  return { imputed, predictors: [...imputed, ...auxiliary], untouched };
}
