/** Real-versus-synthetic pairs for the fidelity tests, all from the AML simulator. */
import { Rng } from '../../../core/rng.js';
import type { Schema } from '../../../data/schema.js';
import type { Table } from '../../../data/table.js';
import { simulate } from '../../../simulate/index.js';
import { DEFAULT_THRESHOLDS } from '../../thresholds.js';
import type { ValidationInput } from '../../types.js';

export interface Cohort {
  table: Table;
  schema: Schema;
}

const cache = new Map<string, Cohort>();

export function amlCohort(patients = 2500, seed = 1): Cohort {
  const key = `${patients}:${seed}`;
  if (!cache.has(key)) cache.set(key, simulate('aml', { patients, centres: 5, seed }));
  return cache.get(key)!;
}

/** Two disjoint random halves of a table. */
export function halves(table: Table, rng: Rng): [Table, Table] {
  const order = rng.shuffle(Uint32Array.from({ length: table.nRows }, (_, i) => i));
  const half = Math.floor(table.nRows / 2);
  return [table.take(order.slice(0, half).sort()), table.take(order.slice(half).sort())];
}

/** n rows drawn with replacement. */
export function bootstrap(table: Table, n: number, rng: Rng): Table {
  return table.take(Uint32Array.from({ length: n }, () => rng.int(table.nRows)));
}

export function inputFor(real: Table, synthetic: Table, schema: Schema, seed = 7): ValidationInput {
  return {
    real,
    synthetic,
    schema,
    endpoints: [],
    smallCell: 5,
    targets: [],
    quasiIdentifiers: [],
    thresholds: DEFAULT_THRESHOLDS,
    rng: Rng.from(seed),
  };
}

export { shuffleColumns } from '../../test-support/shuffle.js';
