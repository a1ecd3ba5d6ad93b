/**
 * `npm run bench:omop`: OMOP CDM 5.4 export and import of simulated cohorts (AML and SCD, 2,500
 * patients, 5 centres each) on the three targets of docs/interop/omop.md — PGlite with its data in a
 * folder on disk, the PostgreSQL server (127.0.0.1:5432, database `test`, or SYNTHCOHORT_TEST_POSTGRES)
 * and a CSV folder. PGlite's first open of a new folder (its initdb) is timed on its own. Each
 * repetition runs every target in turn, so that a change in the machine's load falls on all of them;
 * every import is checked to give the simulated table back. Writes the section between
 * <!-- omop:start --> and <!-- omop:end --> of BENCHMARKS.md. Never part of `npm test`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import {
  type CdmDatabase,
  type CdmRows,
  type CdmSource,
  checkPlausibility,
  databaseSource,
  exportCohort,
  folderSource,
  importCohort,
  loadMapping,
  type OmopMapping,
  openCdmDatabase,
  parseDatabaseTarget,
  SYNTHETIC_ID_BASE,
  writeCdmFolder,
  writeCdmRows,
} from '../src/interop/omop/index.js';
import { tableDifferences } from '../src/interop/omop/test-support/compare.js';
import type { SimulatedCohort } from '../src/simulate/index.js';
import { simulateAml, simulateScd } from '../src/simulate/index.js';
import { writeSection } from './markdown-section.js';

const HEADING = '## OMOP CDM export and import';
const START = '<!-- omop:start (written by npm run bench:omop) -->';
const END = '<!-- omop:end -->';
const PATIENTS = 2500;
const CENTRES = 5;
const SIMULATION_SEED = 1;
const EXPORT_SEED = 1;
const REPETITIONS = 5;
/** New PGlite folders opened: the first in a process also loads PGlite's WebAssembly, so several. */
const FIRST_OPENS = 3;
const SERVER = process.env.SYNTHCOHORT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

const TARGETS = ['PGlite (folder on disk)', 'PostgreSQL server (local)', 'CSV folder'] as const;
type Target = (typeof TARGETS)[number];

interface Cohort {
  readonly name: string;
  readonly cohort: SimulatedCohort;
  readonly mapping: OmopMapping;
}

/** One repetition on one target; `open` is absent for the folder, which has nothing to open. */
interface Sample {
  open?: number;
  write: number;
  import: number;
}

async function timed<T>(work: () => T | Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await work();
  return [value, (performance.now() - start) / 1000];
}

function rowCount(rows: CdmRows): number {
  return Object.values(rows).reduce((n, list) => n + (list?.length ?? 0), 0);
}

/** Mapping and the plausibility checks: what `omop export` does before it writes anywhere. */
function mapCohort({ name, cohort, mapping }: Cohort): CdmRows {
  const rows = exportCohort(cohort.table, cohort.schema, mapping, { seed: EXPORT_SEED });
  const failures = checkPlausibility(rows, mapping);
  if (failures.length) throw new Error(`${name}: plausibility check failed: ${failures[0].message}`);
  return rows;
}

async function importChecked(source: CdmSource, { name, cohort, mapping }: Cohort): Promise<number> {
  const [back, seconds] = await timed(() => importCohort(source, mapping));
  const differences = tableDifferences(cohort.table, back.table, cohort.schema);
  if (differences.length) throw new Error(`${name}: the round trip differs: ${differences.join('; ')}`);
  return seconds;
}

/** Writes into a schema of its own and reads it back; the schema is dropped afterwards, untimed. */
async function onDatabase(open: () => Promise<CdmDatabase>, cohort: Cohort, rows: CdmRows): Promise<Sample> {
  const [db, openSeconds] = await timed(open);
  try {
    const [, write] = await timed(() => writeCdmRows(db, rows, SYNTHETIC_ID_BASE));
    return { open: openSeconds, write, import: await importChecked(databaseSource(db), cohort) };
  } finally {
    await db.exec(`DROP SCHEMA IF EXISTS ${db.schema} CASCADE`);
    await db.close();
  }
}

async function onFolder(cohort: Cohort, rows: CdmRows): Promise<Sample> {
  const dir = mkdtempSync(join(tmpdir(), 'omop-bench-csv-'));
  try {
    const [, write] = await timed(() => writeCdmFolder(dir, rows));
    return { write, import: await importChecked(folderSource(dir), cohort) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function firstOpens(): Promise<{ seconds: number[]; dir: string }> {
  const seconds: number[] = [];
  const dirs = Array.from({ length: FIRST_OPENS }, () => mkdtempSync(join(tmpdir(), 'omop-bench-pglite-')));
  for (const dir of dirs) {
    const [db, s] = await timed(() => openCdmDatabase(parseDatabaseTarget(`pglite:${dir}`)));
    await db.close();
    seconds.push(s);
  }
  for (const dir of dirs.slice(1)) rmSync(dir, { recursive: true, force: true });
  return { seconds, dir: dirs[0] };
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x: number) => (x < 0.1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x.toFixed(1));
const spread = (xs: readonly number[]) =>
  `${fmt(median(xs))} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})`;
const count = (n: number) => Math.round(n).toLocaleString('en-US');

const started = performance.now();
const loadBefore = loadavg()[0];
const cohorts: Cohort[] = [
  {
    name: 'AML',
    cohort: simulateAml({ patients: PATIENTS, centres: CENTRES, seed: SIMULATION_SEED }),
    mapping: loadMapping('aml'),
  },
  {
    name: 'SCD',
    cohort: simulateScd({ patients: PATIENTS, centres: CENTRES, seed: SIMULATION_SEED }),
    mapping: loadMapping('scd'),
  },
];
process.stderr.write(`… PGlite: ${FIRST_OPENS} first opens of a new folder\n`);
const init = await firstOpens();
const run = randomBytes(4).toString('hex');
const mapSeconds = new Map<string, number[]>(cohorts.map((c) => [c.name, []]));
const samples = new Map<string, Sample[]>();
const rowsOf = new Map<string, number>();
try {
  for (let rep = 1; rep <= REPETITIONS; rep++)
    for (const cohort of cohorts) {
      process.stderr.write(`… repetition ${rep} of ${REPETITIONS}: ${cohort.name}\n`);
      const [rows, map] = await timed(() => mapCohort(cohort));
      mapSeconds.get(cohort.name)!.push(map);
      rowsOf.set(cohort.name, rowCount(rows));
      const schema = `omop_bench_${run}_${cohort.name.toLowerCase()}_${rep}`;
      const measured: Record<Target, Sample> = {
        'PGlite (folder on disk)': await onDatabase(
          () => openCdmDatabase(parseDatabaseTarget(`pglite:${init.dir}`, schema)),
          cohort,
          rows,
        ),
        'PostgreSQL server (local)': await onDatabase(
          () => openCdmDatabase(parseDatabaseTarget(`${SERVER}?schema=${schema}`)),
          cohort,
          rows,
        ),
        'CSV folder': await onFolder(cohort, rows),
      };
      for (const target of TARGETS) {
        const key = `${cohort.name} ${target}`;
        samples.set(key, [...(samples.get(key) ?? []), measured[target]]);
      }
    }
} finally {
  rmSync(init.dir, { recursive: true, force: true });
}
const seconds = (performance.now() - started) / 1000;
writeSection('BENCHMARKS.md', HEADING, START, END, section(seconds, loadBefore, loadavg()[0]));
process.stderr.write(`results written to BENCHMARKS.md (${seconds.toFixed(0)} s)\n`);

function section(total: number, loadStart: number, loadEnd: number): string {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const date = new Date().toISOString().slice(0, 10);
  const table = [
    '| cohort | target | open s | write s | write rows/s | import s | import rows/s |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const { name } of cohorts)
    for (const target of TARGETS) {
      const list = samples.get(`${name} ${target}`)!;
      const rows = rowsOf.get(name)!;
      const opens = list.flatMap((s) => (s.open === undefined ? [] : [s.open]));
      const write = list.map((s) => s.write);
      const read = list.map((s) => s.import);
      table.push(
        `| ${name} | ${target} | ${opens.length ? spread(opens) : '—'} | ${spread(write)} | ${count(rows / median(write))} | ${spread(read)} | ${count(rows / median(read))} |`,
      );
    }
  const mapping = cohorts
    .map((c) => `${c.name} ${spread(mapSeconds.get(c.name)!)} s (${count(rowsOf.get(c.name)!)} rows)`)
    .join(', ');
  return [
    START,
    '',
    `Measured ${date} on ${machine}; load average ${loadStart.toFixed(1)} at the start and ${loadEnd.toFixed(1)} at the end; the whole benchmark took ${total.toFixed(0)} s.`,
    '',
    `Cohorts: simulateAml and simulateScd, ${count(PATIENTS)} patients, ${CENTRES} centres, simulation seed ${SIMULATION_SEED}, export seed ${EXPORT_SEED}, the shipped mappings. ${REPETITIONS} repetitions; each runs PGlite, the server and the folder in turn. Seconds: median (min–max); rows/s: CDM rows over the median. Open: PGlite reopening its existing folder, or a new connection pool to the server. Write: into a fresh schema (dropped afterwards, untimed) or a fresh folder. Import: the whole \`importCohort\`, read and table built; every import gave the simulated table back (ids aside).`,
    '',
    `PGlite's first open of a new folder (PostgreSQL's initdb in WebAssembly): ${init.seconds.map(fmt).join(' s, ')} s (the first in the process also loads PGlite's WebAssembly). Mapping the table to CDM rows and the plausibility checks, before any target: ${mapping}. An export's time is that plus the write.`,
    '',
    ...table,
    '',
    ...reading(init.seconds),
    '',
    END,
  ].join('\n');
}

/** The reading, from the figures: which target is quickest at each step, and by how much. */
function reading(initSeconds: readonly number[]): string[] {
  const lines: string[] = [];
  for (const { name } of cohorts) {
    const of = (target: Target, step: 'write' | 'import') =>
      median(samples.get(`${name} ${target}`)!.map((s) => s[step]));
    const order = (step: 'write' | 'import') =>
      [...TARGETS]
        .sort((a, b) => of(a, step) - of(b, step))
        .map((t, i, all) => (i === 0 ? t : `${t} ${(of(t, step) / of(all[0], step)).toFixed(1)}×`))
        .join(', ');
    lines.push(`- **${name}**: writing, quickest first: ${order('write')}; importing: ${order('import')}.`);
  }
  const aml = median(samples.get(`AML ${TARGETS[0]}`)!.map((s) => s.write + s.import));
  lines.push(
    `- PGlite's first open of a new folder (median ${fmt(median(initSeconds))} s) is ${(median(initSeconds) / aml).toFixed(1)} times its whole AML round trip (write + import, ${fmt(aml)} s): a one-off per folder, which reopening skips.`,
  );
  lines.push(
    '- How each target moves rows: PGlite writes by COPY from an in-memory blob and reads through PostgreSQL running in WebAssembly in this process; the server is sent JSON batches of 20,000 rows (`json_populate_recordset`) and reads with its native engine over a socket; the folder is CSV text written and parsed in JavaScript.',
  );
  return lines;
}
