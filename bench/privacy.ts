/**
 * `npm run bench:privacy`: where should cart's privacy/fidelity knob sit? On R survival's public
 * tables and the simulated cohorts, for seeds 1–3: split 70/30, fit on training, sample as many rows,
 * and score quality, exact copies and "closer than the holdout's 5th percentile" against what the
 * holdout (a fresh real sample) scores, and the Cox coefficients kept (issue 7, items 3 and 4).
 * Generators run at their own defaults (read from the generator, so the rows follow them when they
 * change) and cart over an explicit grid of minLeaf × copy handling. Writes the section between
 * <!-- privacy:start --> and <!-- privacy:end --> of BENCHMARKS.md and the raw numbers to
 * bench/results/privacy.json. Never part of `npm test`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import type { Table } from '../src/data/table.js';
import { fitModel, type Model, sampleModel } from '../src/generators/pipeline.js';
import { generatorNamed } from '../src/generators/registry.js';
import { writeSection } from './markdown-section.js';
import { sdmetricsFrame } from './peers-frame.js';
import { qualityReport } from './peers-quality.js';
import { holdoutSplit, type RunScores, type Split, scoreRun } from './privacy-measure.js';
import {
  END,
  PUBLISHED_SYNTHPOP_QUALITY,
  privacySection,
  REFERENCE_MIN_LEAF,
  type Run,
  type Setting,
  START,
  type TableResult,
} from './privacy-report.js';
import { amlTable, type BenchTable, publicTables, scdTable } from './privacy-tables.js';

const SEEDS = [1, 2, 3];
const MIN_LEAF_GRID = [5, 10, 20, 30];
/** `--seeds 1,2,…` and `--min-leaf 5,10,…` explore beyond the standard run; BENCHMARKS.md is then left alone. */
const args = parseArgs({
  options: { seeds: { type: 'string' }, 'min-leaf': { type: 'string' } },
}).values;
const seeds = args.seeds ? numbers(args.seeds) : SEEDS;
// The grid always holds synthpop's setting: every other setting is compared with it.
const minLeafGrid = args['min-leaf']
  ? [...new Set([REFERENCE_MIN_LEAF, ...numbers(args['min-leaf'])])].sort((a, b) => a - b)
  : MIN_LEAF_GRID;
const standard = !args.seeds && !args['min-leaf'];
const HEADING = "## Privacy against fidelity: where cart's defaults should be";

/** The settings measured on every table: both generators at their defaults, then cart's grid. */
function settings(): Setting[] {
  const cart = generatorNamed('cart');
  const grid = minLeafGrid.flatMap((minLeaf) =>
    [false, true].map((dropCopies) => ({
      generator: 'cart',
      label: `cart minLeaf ${minLeaf}, ${dropCopies ? 'drop' : 'keep'} copies`,
      options: { minLeaf },
      dropCopies,
    })),
  );
  const defaults = cart.options.parse({}) as { minLeaf: number };
  return [
    { generator: 'copula', label: 'copula (defaults)', options: {}, dropCopies: false, isDefault: true },
    {
      generator: 'cart',
      label: `cart (defaults: minLeaf ${defaults.minLeaf}, keep copies)`,
      options: {},
      dropCopies: false,
      isDefault: true,
    },
    ...grid,
  ];
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/**
 * Every setting on one split. A model is fitted once per distinct set of parsed options (the
 * defaults may coincide with a grid cell) and sampled once per copy handling.
 */
function runSplit(bench: BenchTable, split: Split, all: readonly Setting[]): Run[] {
  const synthesise = synthesiser(bench, split.training, split.seed);
  return all.map((setting) => {
    const { synthetic, fitSeconds, sampleSeconds, redrawn } = synthesise(setting);
    const scores: RunScores = scoreRun(bench, split, synthetic);
    return { seed: split.seed, ...scores, fitSeconds, sampleSeconds, redrawn };
  });
}

/**
 * The protocol of the peers' published scores (shared/benchmarks/peers.md): fit on the whole table,
 * sample as many rows, score quality against the whole table. Only where a published score exists.
 */
function wholeTableQuality(bench: BenchTable, seed: number, all: readonly Setting[]): number[] {
  const synthesise = synthesiser(bench, bench.table, seed);
  return all.map((setting) => {
    const { synthetic } = synthesise(setting);
    return qualityReport(sdmetricsFrame(bench.table, synthetic, bench.schema)).quality;
  });
}

interface Synthetic {
  readonly synthetic: Table;
  readonly fitSeconds: number;
  readonly sampleSeconds: number;
  readonly redrawn: number;
}

/** Fits and samples a setting on `training`, reusing fits and samples shared by several settings. */
function synthesiser(bench: BenchTable, training: Table, seed: number): (setting: Setting) => Synthetic {
  const models = new Map<string, { model: Model; seconds: number }>();
  const samples = new Map<string, Synthetic>();
  return (setting) => {
    const parsed = generatorNamed(setting.generator).options.parse(setting.options);
    const modelKey = `${setting.generator} ${JSON.stringify(parsed)}`;
    const sampleKey = `${modelKey} ${setting.dropCopies}`;
    const done = samples.get(sampleKey);
    if (done) return done;
    let fitted = models.get(modelKey);
    if (!fitted) {
      const start = process.hrtime.bigint();
      const model = fitModel(training, bench.schema, setting.generator, {
        seed,
        generatorOptions: setting.options,
      });
      fitted = { model, seconds: seconds(start) };
      models.set(modelKey, fitted);
    }
    const start = process.hrtime.bigint();
    const { table, report } = sampleModel(fitted.model, {
      rows: training.nRows,
      seed,
      excludeCopiesOf: setting.dropCopies ? training : undefined,
    });
    const result = {
      synthetic: table,
      fitSeconds: fitted.seconds,
      sampleSeconds: seconds(start),
      redrawn: report.rejected['copy of a training row'] ?? 0,
    };
    samples.set(sampleKey, result);
    return result;
  };
}

function measureTable(bench: BenchTable, all: readonly Setting[]): TableResult {
  const start = process.hrtime.bigint();
  const splits = seeds.map((seed) => holdoutSplit(bench, seed));
  const runs = splits.map((split) => runSplit(bench, split, all));
  const whole =
    PUBLISHED_SYNTHPOP_QUALITY[bench.name] === undefined
      ? undefined
      : seeds.map((seed) => wholeTableQuality(bench, seed, all));
  const result: TableResult = {
    name: bench.name,
    source: bench.source,
    rows: bench.table.nRows,
    columns: bench.schema.columns.filter((c) => c.role !== 'id').length,
    formula: bench.cox.formula,
    splits: splits.map((s) => ({
      seed: s.seed,
      training: s.training.nRows,
      holdoutP5: s.holdoutP5,
      holdoutCopies: s.holdoutCopies,
      holdoutCloser: s.holdoutCloser,
      realCox: s.realCox,
    })),
    settings: all.map((setting, i) => ({
      setting,
      runs: runs.map((perSeed, s) => ({ ...perSeed[i], ...(whole ? { wholeQuality: whole[s][i] } : {}) })),
    })),
  };
  process.stderr.write(`${bench.name}: ${seconds(start).toFixed(1)} s\n`);
  return result;
}

const started = process.hrtime.bigint();
const all = settings();
const tables = [...publicTables(), amlTable(), scdTable()];
const results = tables.map((bench) => measureTable(bench, all));
const total = seconds(started);
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const date = new Date().toISOString().slice(0, 10);
const section = privacySection(results, { date, machine, seconds: total, seeds });
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/privacy.json', JSON.stringify({ date, machine, total, results }, null, 1));
if (standard) writeSection('BENCHMARKS.md', HEADING, START, END, section);
else writeFileSync('bench/results/privacy.md', section);
const written = standard ? 'BENCHMARKS.md' : 'bench/results/privacy.md';
process.stderr.write(
  `results written to ${written} and bench/results/privacy.json (${total.toFixed(0)} s)\n`,
);

function numbers(list: string): number[] {
  const values = list.split(',').map(Number);
  if (values.some((v) => !Number.isInteger(v) || v < 1))
    throw new Error(`expected positive integers, got '${list}'`);
  return values;
}
