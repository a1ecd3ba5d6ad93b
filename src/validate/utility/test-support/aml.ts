/** Real, holdout and synthetic tables from the AML simulator, for the utility tests. */
import { Rng } from '../../../core/rng.js';
import type { Schema } from '../../../data/schema.js';
import type { Table } from '../../../data/table.js';
import { simulate } from '../../../simulate/index.js';
import { DEFAULT_THRESHOLDS } from '../../thresholds.js';
import type { ValidationInput } from '../../types.js';
import { outcomeColumns } from '../outcomes.js';

export interface AmlTables {
  readonly real: Table;
  readonly holdout: Table;
  readonly schema: Schema;
}

/** One simulated cohort split into a real half and a holdout half. */
export function amlHalves(patients = 2500, seed = 1): AmlTables {
  const { table, schema } = simulate('aml', { patients, centres: 5, seed });
  const order = Rng.from(`halves:${seed}`).shuffle(Uint32Array.from({ length: table.nRows }, (_, i) => i));
  const half = Math.floor(table.nRows / 2);
  return { real: table.take(order.slice(0, half)), holdout: table.take(order.slice(half)), schema };
}

/** An independent sample of the same simulator: what a perfect generator would give. */
export function independentSample(patients: number, seed: number): Table {
  return simulate('aml', { patients, centres: 5, seed }).table;
}

export function amlInput(
  tables: AmlTables,
  synthetic: Table,
  overrides: Partial<ValidationInput> = {},
): ValidationInput {
  return {
    real: tables.real,
    synthetic,
    holdout: tables.holdout,
    schema: tables.schema,
    endpoints: tables.schema.endpoints,
    targets: ['response'],
    quasiIdentifiers: ['age', 'sex', 'centre'],
    thresholds: DEFAULT_THRESHOLDS,
    rng: Rng.from(11),
    smallCell: 5,
    ...overrides,
  };
}

export { shuffleColumns } from '../../test-support/shuffle.js';

/**
 * The strongest prognostic effect reversed, every marginal unchanged: the outcome block (every
 * column measured after baseline: times, events, response, relapse, transplant) swapped row for row
 * between patients of the best and of the worst risk group, paired in row order. Each column's
 * values are only permuted, so no marginal moves; ELN favourable patients now die as adverse ones did.
 */
export function reverseRiskEffect(
  table: Table,
  schema: Schema,
  column = 'eln2022',
  best = 'favourable',
  worst = 'adverse',
): Table {
  const { codes, levels } = table.codes(column);
  const rowsOf = (level: string) => [...codes.keys()].filter((r) => codes[r] === levels.indexOf(level));
  const [a, b] = [rowsOf(best), rowsOf(worst)];
  const order = Uint32Array.from({ length: table.nRows }, (_, i) => i);
  for (let i = 0; i < Math.min(a.length, b.length); i++) [order[a[i]], order[b[i]]] = [b[i], a[i]];
  let out = table;
  for (const name of outcomeColumns(schema)) {
    if (!table.has(name)) continue;
    out = out.withColumn(name, table.take(order).column(name));
  }
  return out;
}

/**
 * Every prognostic effect but `column`'s removed, every marginal unchanged: the outcome block
 * (every column measured after baseline) permuted among the patients of each level of `column`.
 * With `treatment`, ELN risk no longer predicts survival (its hazard ratio ≈ 1) while treatment does.
 */
export function shuffleOutcomesWithin(table: Table, schema: Schema, column: string, rng: Rng): Table {
  const { codes, levels } = table.codes(column);
  const order = Uint32Array.from({ length: table.nRows }, (_, i) => i);
  for (let level = -1; level < levels.length; level++) {
    const rows = [...codes.keys()].filter((r) => codes[r] === level);
    const shuffled = rng.shuffle(Uint32Array.from(rows));
    rows.forEach((r, i) => {
      order[r] = shuffled[i];
    });
  }
  let out = table;
  for (const name of outcomeColumns(schema)) {
    if (!table.has(name)) continue;
    out = out.withColumn(name, table.take(order).column(name));
  }
  return out;
}
