/** The benchmark cases: each a setup (not timed) and a run (timed), on simulated cohorts. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../src/core/rng.js';
import { readTable, writeTable } from '../src/data/io.js';
import type { Schema } from '../src/data/schema.js';
import { splitTable } from '../src/data/split.js';
import type { Table } from '../src/data/table.js';
import { fitModel, sampleModel } from '../src/generators/pipeline.js';
import { type SimulatedCohort, simulate } from '../src/simulate/index.js';
import { widenWithPanel } from '../src/simulate/wide-panel.js';
import { validate } from '../src/validate/index.js';

export interface BenchCase {
  setup?: (args: string[]) => Promise<unknown>;
  run: (args: string[], setup: unknown) => Promise<Record<string, number | string> | undefined>;
}

const WORK = join(process.cwd(), '.bench-build', 'data');

async function cohortCsv(patients: number): Promise<string> {
  mkdirSync(WORK, { recursive: true });
  const path = join(WORK, `aml-${patients}.csv`);
  const { table, schema } = simulate('aml', { patients, centres: 5, seed: 1 });
  await writeTable(path, table, schema);
  return path;
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

export const CASES: Record<string, BenchCase> = {
  /** args: real rows, synthetic rows. A holdout as large as the real table; synthetic from copula. */
  validate: {
    setup: async ([real, rows]) => {
      const n = Number(real);
      const { table, schema } = simulate('aml', { patients: 2 * n, centres: 5, seed: 1 });
      const { training, holdout } = splitTable(table, 0.5, Rng.from(1));
      const model = fitModel(training, schema, 'copula', { seed: 1 });
      const synthetic = sampleModel(model, { rows: Number(rows), seed: 2 }).table;
      return { training, holdout, synthetic, schema: model.schema };
    },
    run: async (_args, setup) => {
      const { training, holdout, synthetic, schema } = setup as {
        training: Table;
        holdout: Table;
        synthetic: Table;
        schema: Schema;
      };
      const report = validate(training, synthetic, { schema, holdout, seed: 1 });
      return { verdict: report.verdict, skipped: report.skipped.length };
    },
  },
  /** args: model, training rows, synthetic rows. Reports fit and sample time separately. */
  generate: {
    setup: async ([, patients]) => simulate('aml', { patients: Number(patients), centres: 5, seed: 1 }),
    run: async ([model, , rows], setup) => fitAndSample(model, Number(rows), setup as SimulatedCohort),
  },
  /** args: model, rows, total columns, synthetic rows. The AML cohort widened with a variant panel. */
  wide: {
    setup: async ([, patients, columns]) => {
      const cohort = simulate('aml', { patients: Number(patients), centres: 5, seed: 1 });
      const labs = Math.round(Number(columns) / 100);
      return widenWithPanel(cohort, { variants: Number(columns) - cohort.table.nColumns - labs, labs });
    },
    run: async ([model, , , rows], setup) => fitAndSample(model, Number(rows), setup as SimulatedCohort),
  },
  simulate: {
    run: async ([patients]) => {
      const { table } = simulate('aml', { patients: Number(patients), centres: 5, seed: 1 });
      return { rows: table.nRows, columns: table.nColumns };
    },
  },
  'csv-read': {
    setup: async ([patients]) => cohortCsv(Number(patients)),
    run: async (_args, path) => {
      const { table } = await readTable(path as string);
      return { rows: table.nRows, columns: table.nColumns };
    },
  },
};

async function fitAndSample(model: string, rows: number, { table, schema }: SimulatedCohort) {
  let start = process.hrtime.bigint();
  const fitted = fitModel(table, schema, model, { seed: 1 });
  const fitSeconds = seconds(start);
  start = process.hrtime.bigint();
  const { table: synthetic, report } = sampleModel(fitted, { rows, seed: 2 });
  const rejected = Object.values(report.rejected).reduce((a, b) => a + b, 0);
  return {
    fit: `${fitSeconds.toFixed(2)} s`,
    sample: `${seconds(start).toFixed(2)} s`,
    rows: synthetic.nRows,
    columns: synthetic.nColumns,
    rejected: `${((100 * rejected) / report.drawn).toFixed(1)} %`,
  };
}
