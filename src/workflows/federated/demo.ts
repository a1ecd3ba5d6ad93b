/**
 * The data side of `federate demo`: a simulated multi-centre AML cohort, one table per centre, as
 * five hospitals would each hold theirs. One centre reports haemoglobin in g/L where the others use
 * g/dL (the simulator's lab unit shift) and the centres differ in age mix and treatment habits, so
 * the heterogeneity check has something real to find. The hub, the nodes and the coordinator that
 * run on these tables are the server's (src/server/coordinator/demo.ts): this floor stays below it.
 */
import { UsageError } from '../../core/errors.js';
import type { Schema } from '../../data/schema.js';
import { numberColumn, Table } from '../../data/table.js';
import { simulate } from '../../simulate/index.js';

export interface DemoCohortOptions {
  patients: number;
  centres: number;
  seed: number;
}

export interface DemoCohort {
  /** The whole cohort (which no party of a real federation ever holds). */
  table: Table;
  schema: Schema;
  /** One table per centre, in the centre column's order; the name is the centre code. */
  sites: Array<{ name: string; table: Table }>;
  /** The centre whose haemoglobin is in g/L. */
  shiftedCentre: string;
}

/** The centre (1-based) whose lab reports in another unit: the third, or the last of fewer. */
const SHIFTED_CENTRE = 3;

export function demoCohort(options: DemoCohortOptions): DemoCohort {
  const { patients, centres, seed } = options;
  if (centres < 2)
    throw new UsageError(`centres: a federation needs at least 2 centres, got ${centres}`, 'centres');
  const shifted = Math.min(SHIFTED_CENTRE, centres);
  const { table, schema } = simulate('aml', { patients, centres, seed, labUnitShiftCentre: shifted });
  const centre = table.codes('centre');
  const sites = centre.levels.map((name, code) => ({
    name,
    table: table.filter((row) => centre.codes[row] === code),
  }));
  return { table, schema, sites, shiftedCentre: centre.levels[shifted - 1] };
}

/**
 * What a centre does when the heterogeneity check finds it writing a column in another unit: it
 * converts its own values (divides by the conversion factor the check named) before the next job.
 * The values never leave the centre; only the finding came from the hub.
 */
export function convertUnit(table: Table, column: string, factor: number): Table {
  if (!(factor > 0) || !Number.isFinite(factor))
    throw new UsageError(`factor: a unit conversion needs a positive finite factor, got ${factor}`, 'factor');
  const values = table.numbers(column);
  const converted = Float64Array.from(values, (v) => v / factor);
  return new Table(
    table.names.map((name) => [name, name === column ? numberColumn(converted) : table.column(name)]),
  );
}
