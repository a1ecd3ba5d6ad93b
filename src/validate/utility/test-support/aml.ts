/** Real, holdout and synthetic tables from the AML simulator, for the utility tests. */
import { Rng } from '../../../core/rng.js';
import type { Schema } from '../../../data/schema.js';
import type { Table } from '../../../data/table.js';
import { simulate } from '../../../simulate/index.js';
import { DEFAULT_THRESHOLDS } from '../../thresholds.js';
import type { ValidationInput } from '../../types.js';

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
