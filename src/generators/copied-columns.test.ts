/**
 * A hand-written schema's copied column (`relapse_days = rfs_days when relapse = 1`): no generator
 * models it, the pipeline copies it after sampling, and training data that break it are refused,
 * through the library and through the CLI (exit 2, naming the file, row and column).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectBadInput, runCli, tempDir } from '../cli/test-support/run-cli.js';
import { DataError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { writeCsv } from '../data/csv/write.js';
import { parseSchema, type SchemaInput } from '../data/schema.js';
import { codeColumn, numberColumn, Table } from '../data/table.js';
import { seededRandomBits } from '../privacy/random-bits.js';
import type { Generator } from './generator.js';
import { fitModel, sampleModel } from './pipeline.js';
import { generatorNamed } from './registry.js';

const SCHEMA: SchemaInput = {
  version: 1,
  columns: [
    { name: 'age', kind: 'integer', min: 18, max: 100 },
    { name: 'relapse', kind: 'boolean', categories: ['0', '1'], nullable: false },
    { name: 'rfs_days', kind: 'integer', role: 'time', unit: 'days', min: 0 },
    { name: 'relapse_days', kind: 'integer', role: 'time', unit: 'days', min: 0 },
    { name: 'os_days', kind: 'integer', role: 'time', unit: 'days', min: 0 },
    { name: 'os_status', kind: 'boolean', categories: ['0', '1'], role: 'event' },
  ],
  endpoints: [{ name: 'os', time: 'os_days', event: 'os_status' }],
  rules: [
    { type: 'derived', column: 'relapse_days', from: 'rfs_days', when: [{ column: 'relapse', equals: '1' }] },
    { type: 'compare', left: 'rfs_days', op: '<=', right: 'os_days' },
  ],
};
const schema = parseSchema(SCHEMA);

/** 400 patients; a relapsed one's relapse time is his RFS time, as in AML. */
function cohort(): Table {
  const rng = Rng.from('copied-columns');
  const n = 400;
  const [age, relapse, rfs, relapseDays, os, death] = [0, 0, 0, 0, 0, 0].map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    age[i] = 30 + rng.int(50);
    relapse[i] = rng.bernoulli(0.3 + age[i] / 500) ? 1 : 0;
    rfs[i] = Math.round(rng.exponential(1 / (relapse[i] ? 300 : 900)));
    relapseDays[i] = relapse[i] ? rfs[i] : Number.NaN;
    os[i] = rfs[i] + Math.round(rng.exponential(1 / 400));
    death[i] = rng.bernoulli(0.5) ? 1 : 0;
  }
  return new Table([
    ['age', numberColumn(age)],
    ['relapse', codeColumn(Int32Array.from(relapse), ['0', '1'])],
    ['rfs_days', numberColumn(rfs)],
    ['relapse_days', numberColumn(relapseDays)],
    ['os_days', numberColumn(os)],
    ['os_status', codeColumn(Int32Array.from(death), ['0', '1'])],
  ]);
}

/** The cohort with the relapse time of the `k`-th relapsed patient (0-based row returned) a day early. */
function broken(table: Table, k: number): { table: Table; row: number } {
  const days = Float64Array.from(table.numbers('relapse_days'));
  const rows = [...days.keys()].filter((r) => !Number.isNaN(days[r]) && days[r] > 0);
  days[rows[k]] -= 1;
  return { table: table.withColumn('relapse_days', numberColumn(days)), row: rows[k] };
}

/** Relapsed rows whose relapse time is not the RFS time, and others that carry a relapse time. */
function offences(table: Table): { relapsed: number; differ: number; stray: number } {
  const { codes } = table.codes('relapse');
  const [relapse, rfs] = [table.numbers('relapse_days'), table.numbers('rfs_days')];
  let [relapsed, differ, stray] = [0, 0, 0];
  for (let r = 0; r < table.nRows; r++) {
    if (codes[r] === 1) {
      relapsed++;
      if (relapse[r] !== rfs[r]) differ++;
    } else if (!Number.isNaN(relapse[r])) stray++;
  }
  return { relapsed, differ, stray };
}

describe('a copied column declared by hand', () => {
  const real = cohort();

  it.each(['cart', 'copula'])('is not modelled by %s, and every sampled row holds the copy', (name) => {
    const inner = generatorNamed(name);
    let fitted: readonly string[] = [];
    const spy: Generator = {
      ...inner,
      fit: (input, options) => {
        fitted = input.table.names;
        return inner.fit(input, options);
      },
    };
    const model = fitModel(real, schema, spy, { seed: 1 });
    expect(fitted).toEqual(['age', 'relapse', 'rfs_days', 'os_days', 'os_status']);
    const { table } = sampleModel(model, { rows: 1000, seed: 2 });
    expect(table.names).toEqual(real.names);
    const found = offences(table);
    expect(found.relapsed).toBeGreaterThan(200);
    expect({ differ: found.differ, stray: found.stray }).toEqual({ differ: 0, stray: 0 });
    // A condition on the copied column is met after the copy (the model has no such column).
    const where = [{ column: 'relapse_days', missing: false }];
    const relapsed = sampleModel(model, { rows: 100, seed: 3, where }).table;
    expect(offences(relapsed)).toEqual({ relapsed: 100, differ: 0, stray: 0 });
  });

  it('refuses training data that break it, naming the row and the column, never a value', () => {
    const { table, row } = broken(real, 4);
    const fit = () => fitModel(table, schema, 'cart', { seed: 1, file: 'cohort.csv' });
    expect(fit).toThrow(DataError);
    expect(fit).toThrow(
      `cohort.csv, row ${row + 1}, column 'relapse_days': the schema derives this column as relapse_days = rfs_days when relapse = 1, else missing, but the data differ here; correct the data or remove the derived rule`,
    );
    const twice = broken(broken(real, 4).table, 9).table;
    expect(() => fitModel(twice, schema, 'cart', { seed: 1 })).toThrow(/differ here \(and 1 more row\)/);
  });

  it('learnt from the data, is refused by a private generator as every inferred rule is', () => {
    const inferred = parseSchema({
      ...SCHEMA,
      rules: [{ ...(SCHEMA.rules as object[])[0], inferred: true }],
    });
    const privacy = { epsilon: 1, delta: 1e-6, bits: seededRandomBits('copied-columns') };
    expect(() => fitModel(real, inferred, 'mst', { seed: 1, privacy })).toThrow(
      /the schema has 1 rule inferred from the data, which the mst generator's privacy guarantee does not cover/,
    );
  });

  it('through the CLI: generates rows that hold it, and exits 2 on data that break it', async () => {
    const dir = tempDir();
    const schemaPath = join(dir, 'schema.json');
    writeFileSync(schemaPath, JSON.stringify(SCHEMA));
    const good = join(dir, 'cohort.csv');
    writeCsv(good, real, schema);
    const out = join(dir, 'synthetic.csv');
    const run = await runCli(
      'generate',
      good,
      '--schema',
      schemaPath,
      '--model',
      'cart',
      '--rows',
      '300',
      '--out',
      out,
    );
    expect(run.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const header = lines[0].split(',');
    const at = (name: string) => header.indexOf(name);
    const relapsed = lines
      .slice(1)
      .map((l) => l.split(','))
      .filter((cells) => cells[at('relapse')] === '1');
    expect(relapsed.length).toBeGreaterThan(50);
    expect(relapsed.filter((cells) => cells[at('relapse_days')] !== cells[at('rfs_days')])).toEqual([]);

    const { table, row } = broken(real, 4);
    const bad = join(dir, 'broken.csv');
    writeCsv(bad, table, schema);
    await expectBadInput(
      new RegExp(
        `broken\\.csv, row ${row + 1}, column 'relapse_days': the schema derives this column as relapse_days = rfs_days when relapse = 1, else missing, but the data differ here`,
      ),
      'generate',
      bad,
      '--schema',
      schemaPath,
      '--model',
      'cart',
      '--rows',
      '300',
      '--out',
      join(dir, 'never.csv'),
    );
  });
});
