/** The benchmark cases: each a setup (not timed) and a run (timed), on simulated cohorts. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readTable, writeTable } from '../src/data/io.js';
import { simulate } from '../src/simulate/index.js';

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

export const CASES: Record<string, BenchCase> = {
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
