/** The benchmark cases: each a setup (not timed) and a run (timed), on simulated cohorts. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../src/core/rng.js';
import { readTable, writeTable } from '../src/data/io.js';
import type { Schema } from '../src/data/schema.js';
import { splitTable } from '../src/data/split.js';
import type { Table } from '../src/data/table.js';
import { decodeIntegers, encodeIntegers } from '../src/federation/secagg/encoding.js';
import { type DropPoint, runInProcess } from '../src/federation/secagg/in-process.js';
import type { RingVector } from '../src/federation/secagg/ring.js';
import { fitModel, sampleModel } from '../src/generators/pipeline.js';
import { modelledColumns } from '../src/generators/prepare.js';
import { secureRandomBits, seededRandomBits, uniformBelow } from '../src/privacy/random-bits.js';
import { type SimulatedCohort, simulate } from '../src/simulate/index.js';
import { widenWithPanel } from '../src/simulate/wide-panel.js';
import { validate } from '../src/validate/index.js';
import {
  type FederatedSite,
  federatedCopulaFit,
  type SiteTraffic,
} from '../src/workflows/federated/index.js';

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
  /**
   * args: nodes, entries, dropouts. One secure aggregation, hub and nodes in this process with every
   * message serialised as JSON; dropouts leave after ShareKeys and after their masked input in turn.
   */
  secagg: {
    setup: async ([nodes, entries]) => {
      const n = Number(nodes);
      const bound = 1_000_000;
      const bits = seededRandomBits('bench secagg inputs');
      const plain = new Map<number, Int32Array>();
      const inputs = new Map<number, RingVector>();
      for (let u = 1; u <= n; u++) {
        const x = Int32Array.from(
          { length: Number(entries) },
          () => uniformBelow(bits, 2 * bound + 1) - bound,
        );
        plain.set(u, x);
        inputs.set(u, encodeIntegers(x, { bound, contributors: n }));
      }
      return { plain, inputs, bound };
    },
    run: async ([nodes, entries, dropouts], setup) => {
      const { plain, inputs, bound } = setup as {
        plain: Map<number, Int32Array>;
        inputs: Map<number, RingVector>;
        bound: number;
      };
      const n = Number(nodes);
      const dropAfter = new Map<number, DropPoint>(
        Array.from({ length: Number(dropouts) }, (_, k) => [k + 1, k % 2 ? 'masked-input' : 'share-keys']),
      );
      const job = {
        version: 1 as const,
        jobId: 'bench',
        participants: n,
        threshold: Math.floor(n / 2) + 1,
        length: Number(entries),
      };
      const run = runInProcess({ job, inputs, dropAfter, random: secureRandomBits() });
      const sum = decodeIntegers(run.result.sum, { bound, contributors: n });
      const exact = sum.every((x, i) => x === run.result.included.reduce((a, u) => a + plain.get(u)![i], 0));
      const completing = [...run.traffic].filter(([u]) => !dropAfter.has(u)).map(([, t]) => t);
      const sent = completing.reduce((a, t) => a + t.sentBytes, 0) / completing.length;
      return { exact: String(exact), 'MB sent per node': (sent / 1e6).toFixed(2) };
    },
  },
  /** args: patients, centres, pooled | federated. The copula fitted on the pooled table or across the centres. */
  'federated-copula': {
    setup: async ([patients, centres]) => {
      const { table, schema } = simulate('aml', {
        patients: Number(patients),
        centres: Number(centres),
        seed: 1,
      });
      const real = table.select(modelledColumns(schema));
      const centre = real.codes('centre');
      const sites: FederatedSite[] = centre.levels.map((name, c) => ({
        name,
        table: real.filter((row) => centre.codes[row] === c),
      }));
      return { table, schema, sites };
    },
    run: async ([, , mode], setup): Promise<Record<string, string | number>> => {
      const { table, schema, sites } = setup as { table: Table; schema: Schema; sites: FederatedSite[] };
      const copula = { rules: false, survival: 'copula' };
      if (mode === 'pooled') {
        fitModel(table, schema, 'copula', { seed: 1, generatorOptions: copula });
        return { sites: 1 };
      }
      const result = await federatedCopulaFit(sites, schema, { copula, jobId: 'bench' }, secureRandomBits());
      if (result.status !== 'fitted') throw new Error(`the federated fit aborted: ${result.reason}`);
      // Per node per job: both rounds' messages and bytes (in-process runner's counts of the JSON text).
      const perSite = (pick: (t: SiteTraffic) => number) =>
        result.rounds.reduce(
          (a, r) => a + Object.values(r.traffic).reduce((b, t) => b + pick(t), 0) / r.sites.length,
          0,
        );
      return {
        sites: sites.length,
        'messages sent per node': perSite((t) => t.sentMessages),
        'messages received per node': perSite((t) => t.receivedMessages),
        'MB sent per node': (perSite((t) => t.sentBytes) / 1e6).toFixed(2),
        'MB received per node': (perSite((t) => t.receivedBytes) / 1e6).toFixed(2),
      };
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
