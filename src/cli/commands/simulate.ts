import { join } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { writeTable } from '../../data/io.js';
import { simulate } from '../../simulate/index.js';
import type { CommandContext } from '../io.js';

interface SimulateOptions {
  patients: number;
  centres: number;
  seed: number;
  out: string;
  labUnitShift?: boolean;
}

export async function run(args: string[], options: Record<string, unknown>, context: CommandContext) {
  const { patients, centres, seed, out, labUnitShift } = options as unknown as SimulateOptions;
  context.progress.step(`simulating ${patients} ${args[0]} patients in ${centres} centre(s)`);
  const { table, schema } = simulate(args[0], {
    patients,
    centres,
    seed,
    labUnitShift: Boolean(labUnitShift),
  });
  const cohortPath = join(out, 'cohort.csv');
  const schemaPath = join(out, 'schema.json');
  context.progress.step(`writing ${cohortPath}`);
  await writeTable(cohortPath, table, schema);
  writeFileAtomic(schemaPath, `${JSON.stringify(schema, null, 2)}\n`);
  context.io.stdout(`${cohortPath}\n${schemaPath}\n`);
}
