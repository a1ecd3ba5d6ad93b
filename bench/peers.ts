/**
 * `npm run bench:peers`: our generators on R's pbc and lung tables, measured as the peers' published
 * rows in shared/benchmarks/peers.md were (time, SDMetrics quality, DCR protection, a Cox effect),
 * written into the "Against the peers" section of BENCHMARKS.md. Never part of `npm test`; needs
 * `npm run build` first (the whole-process timing runs bin/synthcohort.js on dist/).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../src/core/rng.js';
import { readTable } from '../src/data/io.js';
import type { Schema } from '../src/data/schema.js';
import type { Table } from '../src/data/table.js';
import { fitModel, sampleModel } from '../src/generators/pipeline.js';
import { writeSection } from './markdown-section.js';
import { sdmetricsFrame } from './peers-frame.js';
import { dcrBaselineProtection, exactCopyShare } from './peers-privacy.js';
import { qualityReport } from './peers-quality.js';
import { type DatasetResult, END, peersSection, type RunResult, START } from './peers-report.js';
import { type CoxEffectSpec, coxEffect } from './peers-survival.js';

interface Dataset {
  name: string;
  path: string;
  cox: CoxEffectSpec;
  /** The model as R would write it, for the report. */
  formula: string;
}

const DATASETS: Dataset[] = [
  {
    name: 'pbc',
    path: 'datasets/pbc.csv',
    cox: { terms: ['age', 'log(bili)'], term: 'log(bili)' },
    formula: 'Surv(time, status == 2) ~ age + log(bili)',
  },
  {
    name: 'lung',
    path: 'datasets/lung.csv',
    cox: { terms: ['age', 'sex'], term: 'sex' },
    formula: 'Surv(time, status == 2) ~ age + sex',
  },
];
const GENERATORS = ['copula', 'cart'];
const SEEDS = [1, 2, 3];
const TIME = '/usr/bin/time';
const HEADING = '## Against the peers (pbc and lung)';
const BENCHMARKS = 'BENCHMARKS.md';

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

async function measureDataset(dataset: Dataset, work: string): Promise<DatasetResult> {
  const { table, schema } = await readTable(dataset.path);
  const generators = GENERATORS.map((generator) => ({
    generator,
    runs: SEEDS.map((seed) => {
      process.stderr.write(`… ${dataset.name}, ${generator}, seed ${seed}\n`);
      const run = measureInProcess(table, schema, generator, seed, dataset.cox);
      const out = join(work, `${dataset.name}-${generator}-${seed}.csv`);
      return { ...run, ...measureProcess(dataset.path, generator, table.nRows, seed, out) };
    }),
  }));
  return {
    name: dataset.name,
    rows: table.nRows,
    columns: table.nColumns,
    coxTerm: dataset.formula,
    realCox: coxEffect(table, dataset.cox),
    categorical: sdmetricsFrame(table, table, schema)
      .filter((c) => c.sdtype === 'categorical')
      .map((c) => c.name),
    generators,
  };
}

/** Fit and sample with one seed, as `generate --seed` does, then score the synthetic table. */
function measureInProcess(
  table: Table,
  schema: Schema,
  generator: string,
  seed: number,
  cox: CoxEffectSpec,
): Omit<RunResult, 'process' | 'peakMiB'> {
  const start = process.hrtime.bigint();
  const model = fitModel(table, schema, generator, { seed });
  const synthetic = sampleModel(model, { rows: table.nRows, seed }).table;
  const fitSample = seconds(start);
  const frame = sdmetricsFrame(table, synthetic, model.schema);
  return {
    seed,
    fitSample,
    quality: qualityReport(frame),
    dcr: dcrBaselineProtection(frame, Rng.from(seed).split('dcr-baseline')),
    copies: exactCopyShare(table, synthetic, model.schema),
    cox: coxEffect(synthetic, cox),
  };
}

/** The CLI from outside: wall-clock seconds and, through `/usr/bin/time -v`, peak resident MiB. */
function measureProcess(path: string, generator: string, rows: number, seed: number, out: string) {
  const cli = [join('bin', 'synthcohort.js'), 'generate', path, '--model', generator];
  const args = [...cli, '--rows', String(rows), '--seed', String(seed), '--out', out, '--quiet'];
  const timed = existsSync(TIME);
  const start = process.hrtime.bigint();
  const result = timed
    ? spawnSync(TIME, ['-v', process.execPath, ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, args, { encoding: 'utf8' });
  const elapsed = seconds(start);
  if (result.status !== 0) throw new Error(`synthcohort generate failed:\n${result.stderr}`);
  const kib = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)?.[1];
  return { process: elapsed, peakMiB: kib ? Number(kib) / 1024 : Number.NaN };
}

const work = mkdtempSync(join(tmpdir(), 'synthcohort-peers-'));
try {
  const results: DatasetResult[] = [];
  for (const dataset of DATASETS) results.push(await measureDataset(dataset, work));
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  writeSection(
    BENCHMARKS,
    HEADING,
    START,
    END,
    peersSection(results, new Date().toISOString().slice(0, 10), machine),
  );
  process.stderr.write(`results written to ${BENCHMARKS}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
