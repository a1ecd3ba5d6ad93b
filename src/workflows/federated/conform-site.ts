/**
 * A site's table checked against the job's schema before it measures anything: the columns the job
 * measures (others the site may hold, e.g. local identifiers, are left out), with the
 * categories, bounds, kinds and missingness the schema says, coded in the schema's category order.
 * A table that does not fit makes the site decline the job with a DataError naming the column; the
 * message stays at the site (it may quote one of its values).
 */
import { DataError, InputError } from '../../core/errors.js';
import { conformTable } from '../../data/conform.js';
import type { RawKind } from '../../data/raw-table.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';

export function conformToJob(table: Table, schema: Schema, columns: readonly string[]): Table {
  const wanted = new Set(columns);
  const specs = schema.columns.filter((spec) => wanted.has(spec.name));
  const missing = specs.find((spec) => !table.has(spec.name));
  if (missing)
    throw new DataError(
      { column: missing.name },
      "the site's table has no such column, which the job's schema declares",
    );
  const names = specs.map((spec) => spec.name);
  const kinds = new Map<string, RawKind>(
    specs.map((spec) => [
      spec.name,
      table.column(spec.name).type === 'code' ? 'text' : spec.kind === 'date' ? 'date' : 'number',
    ]),
  );
  try {
    return conformTable({ table: table.select(names), kinds }, { ...schema, columns: specs });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new DataError(
      { column: error.where.column },
      `the site's table does not fit the job's schema: ${error.detail}`,
    );
  }
}
