/**
 * The data side of `federate demo`: a simulated multi-centre AML cohort, one data file per centre,
 * as five hospitals would each export theirs. One centre reports haemoglobin in g/L where the others
 * use g/dL (the simulator's lab unit shift), another exports its table its own way (its own labels,
 * a decimal comma, semicolons), and the centres differ in age mix and treatment habits, so the
 * harmonising heterogeneity check has something real to find. The hub, the nodes and the
 * coordinator that run on these files are the server's (src/server/coordinator/demo.ts): this floor
 * stays below it.
 */
import { UsageError } from '../../core/errors.js';
import { formatCsv } from '../../data/csv/write.js';
import type { Schema } from '../../data/schema.js';
import { codeColumn, type Table } from '../../data/table.js';
import { textTableOf } from '../../interop/harmonise/text-table.js';
import { simulate } from '../../simulate/index.js';

export interface DemoCohortOptions {
  patients: number;
  centres: number;
  seed: number;
}

export interface DemoSite {
  /** The centre code. */
  name: string;
  /** Its patients, as the consortium schema describes them. */
  table: Table;
  /** Its data file's text, as the centre exports it. */
  csv: string;
}

export interface DemoCohort {
  /** The whole cohort (which no party of a real federation ever holds). */
  table: Table;
  schema: Schema;
  /** One site per centre, in the centre column's order. */
  sites: DemoSite[];
  /** The centre whose haemoglobin is in g/L. */
  shiftedCentre: string;
  /** The centre that exports its own labels and decimal comma (with at least 3 centres). */
  ownWayCentre?: string;
}

/** The centre (1-based) whose lab reports in another unit: the third, or the last of fewer. */
const SHIFTED_CENTRE = 3;
/** The centre (1-based) that writes its export its own way, when there are 3 centres or more. */
const OWN_WAY_CENTRE = 2;

/** How the own-way centre spells the consortium's levels. */
const OWN_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  sex: { female: 'F', male: 'M' },
  treatment: { intensive: 'Intensive chemo', non_intensive: 'Non-intensive' },
};

export function demoCohort(options: DemoCohortOptions): DemoCohort {
  const { patients, centres, seed } = options;
  if (centres < 2)
    throw new UsageError(`centres: a federation needs at least 2 centres, got ${centres}`, 'centres');
  const shifted = Math.min(SHIFTED_CENTRE, centres);
  const { table, schema } = simulate('aml', { patients, centres, seed, labUnitShiftCentre: shifted });
  const centre = table.codes('centre');
  const ownWay = centres >= 3 ? centre.levels[OWN_WAY_CENTRE - 1] : undefined;
  const sites = centre.levels.map((name, code) => {
    const own = table.filter((row) => centre.codes[row] === code);
    return { name, table: own, csv: name === ownWay ? ownWayCsv(own, schema) : formatCsv(own, schema) };
  });
  return {
    table,
    schema,
    sites,
    shiftedCentre: centre.levels[shifted - 1],
    ...(ownWay === undefined ? {} : { ownWayCentre: ownWay }),
  };
}

/**
 * A centre's table as a hospital system might export it: semicolon-separated, its own labels for
 * sex and treatment, white cell counts with a decimal comma. The values are the consortium's.
 */
function ownWayCsv(table: Table, schema: Schema): string {
  let text = textTableOf(table, schema);
  for (const [column, labels] of Object.entries(OWN_LABELS)) {
    const { codes, levels } = text.codes(column);
    text = text.withColumn(
      column,
      codeColumn(
        codes,
        levels.map((level) => labels[level] ?? level),
      ),
    );
  }
  const wbc = text.codes('wbc');
  text = text.withColumn(
    'wbc',
    codeColumn(
      wbc.codes,
      wbc.levels.map((level) => level.replace('.', ',')),
    ),
  );
  return formatCsv(text, undefined, { delimiter: ';' });
}
