import { join } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { writeTable } from '../../data/io.js';
import type { Table } from '../../data/table.js';
import { simulate } from '../../simulate/index.js';
import { analyze } from '../../survival/index.js';
import type { CommandContext } from '../io.js';

const PATIENTS = 2500;
const CENTRES = 5;
const DAYS_PER_MONTH = 365.25 / 12;

/** The whole local job on a simulated cohort; later issues add generation and validation. */
export async function run(_args: string[], options: Record<string, unknown>, context: CommandContext) {
  const out = options.out as string;
  const seed = options.seed as number;
  context.progress.step(`simulating ${PATIENTS} AML patients in ${CENTRES} centres`);
  const { table, schema } = simulate('aml', { patients: PATIENTS, centres: CENTRES, seed });
  const cohortPath = join(out, 'cohort.csv');
  await writeTable(cohortPath, table, schema);
  writeFileAtomic(join(out, 'schema.json'), `${JSON.stringify(schema, null, 2)}\n`);
  context.io.stdout(`${summarise(table)}\nCohort written to ${cohortPath} (schema beside it).\n`);
}

function summarise(table: Table): string {
  const os = analyze(table, {
    time: 'os_days',
    event: 'os_status',
    group: 'eln2022',
    at: [365.25, 3 * 365.25],
  });
  const lines = [
    `Simulated AML cohort: ${table.nRows} patients, ${table.nColumns} columns, ${countLevels(table, 'centre')} centres`,
    `Median age ${median(table.numbers('age')).toFixed(0)} years; ${os.events} deaths`,
    '',
    'Overall survival by ELN 2022 risk:',
    '  group          patients  deaths  median (months)  1-year  3-year',
  ];
  for (const group of os.km) {
    const median = group.median === null ? 'not reached' : (group.median / DAYS_PER_MONTH).toFixed(1);
    const [y1, y3] = group.at.map((a) => (a.survival === null ? '–' : `${(a.survival * 100).toFixed(0)} %`));
    lines.push(
      `  ${String(group.group).padEnd(14)} ${String(group.n).padStart(8)}  ${String(group.events).padStart(6)}  ${median.padStart(15)}  ${y1.padStart(6)}  ${y3.padStart(6)}`,
    );
  }
  lines.push(
    '',
    `Log-rank across ELN groups: chi-square ${os.logrank!.chisq.toFixed(1)} on ${os.logrank!.df} df`,
  );
  return lines.join('\n');
}

function countLevels(table: Table, name: string): number {
  return new Set(table.codes(name).codes).size;
}

function median(values: Float64Array): number {
  const present = values.filter((v) => !Number.isNaN(v)).sort();
  const mid = present.length >> 1;
  return present.length % 2 ? present[mid] : (present[mid - 1] + present[mid]) / 2;
}
