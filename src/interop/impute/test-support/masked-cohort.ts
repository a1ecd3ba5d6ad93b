/**
 * A simulated AML or SCD cohort with known values masked completely at random: the cells of `columns`
 * (every feature, mutation and target that is not derived, by default) each hidden with probability
 * `share`, drawn from their own seeded stream.
 */
import { Rng } from '../../../core/rng.js';
import type { Schema } from '../../../data/schema.js';
import { type Column, codeColumn, numberColumn, Table } from '../../../data/table.js';
import { simulate } from '../../../simulate/index.js';

export interface MaskedCohort {
  truth: Table;
  table: Table;
  schema: Schema;
}

export function maskedCohort(options: {
  disease: 'aml' | 'scd';
  patients: number;
  seed: number;
  share: number;
  columns?: readonly string[];
}): MaskedCohort {
  const { table: truth, schema } = simulate(options.disease, {
    patients: options.patients,
    centres: 3,
    seed: options.seed,
  });
  const derived = new Set(schema.rules.flatMap((r) => (r.type === 'derived' ? [r.column] : [])));
  const columns = new Set(
    options.columns ??
      schema.columns
        .filter((c) => ['feature', 'mutation', 'target'].includes(c.role) && !derived.has(c.name))
        .map((c) => c.name),
  );
  const rng = Rng.from(`mask-${options.seed}`);
  const table = new Table(
    truth.columns().map(([name, column]): [string, Column] => {
      if (!columns.has(name)) return [name, column];
      const hide = () => rng.uniform() < options.share;
      return [
        name,
        column.type === 'number'
          ? numberColumn(column.values.map((v) => (hide() ? Number.NaN : v)))
          : codeColumn(
              column.codes.map((c) => (hide() ? -1 : c)),
              column.levels,
            ),
      ];
    }),
  );
  return { truth, table, schema };
}
