import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../simulate/index.js';
import { readCsvRaw } from './csv/read.js';
import { writeCsv } from './csv/write.js';
import { inferRules } from './infer-rules.js';
import { inferSchema } from './infer-schema.js';
import type { Rule, Schema } from './schema.js';
import { numberColumn, Table } from './table.js';
import { temporaryFolder } from './test-support/tables.js';

const { table: aml, schema: declared } = simulate('aml', { patients: 2500, centres: 5, seed: 1 });
/** The simulated cohort's columns without any rule: what `schema` starts from. */
const bare: Schema = { ...declared, rules: [] };

const RELAPSE_COPY: Rule = {
  type: 'derived',
  column: 'relapse_days',
  from: 'rfs_days',
  when: [{ column: 'relapse', equals: '1' }],
  inferred: true,
};

const copies = (table: Table, schema: Schema, minSupport?: number) =>
  inferRules(table, schema, minSupport === undefined ? {} : { minSupport }).rules.filter(
    (r) => r.type === 'derived',
  );

/** The table with the relapse time of the first `n` relapsed patients moved by a day. */
function breakRelapses(n: number): Table {
  const relapse = aml.codes('relapse');
  const days = Float64Array.from(aml.numbers('relapse_days'));
  let moved = 0;
  for (let row = 0; row < aml.nRows && moved < n; row++)
    if (relapse.levels[relapse.codes[row]] === '1' && days[row] > 1) {
      days[row] -= 1;
      moved++;
    }
  return aml.withColumn('relapse_days', numberColumn(days));
}

describe('inferring a copied time', () => {
  it('finds relapse_days = rfs_days when relapse = 1 on the simulated AML cohort, and nothing else', () => {
    expect(copies(aml, bare)).toEqual([RELAPSE_COPY]);
    const notes = inferRules(aml, bare).notes.filter((n) => n.startsWith('rule relapse_days = '));
    expect(notes).toEqual([
      'rule relapse_days = rfs_days when relapse = 1, else missing: holds in all 2500 rows (517 with a value)',
    ]);
  });

  it('finds it from a CSV file through schema inference', () => {
    const path = join(temporaryFolder(), 'aml.csv');
    writeCsv(path, aml, declared);
    const raw = readCsvRaw(path, { file: 'aml.csv' });
    const { schema, notes } = inferSchema(raw);
    expect(schema.rules.filter((r) => r.type === 'derived')).toEqual([RELAPSE_COPY]);
    expect(notes).toContain(
      'rule relapse_days = rfs_days when relapse = 1, else missing: holds in all 2500 rows (517 with a value)',
    );
  });

  it('finds nothing when a few relapsed patients break it (one, or three, of 517)', () => {
    expect(copies(breakRelapses(1), bare)).toEqual([]);
    expect(copies(breakRelapses(3), bare)).toEqual([]);
  });

  it('finds nothing when a relapse time sits on a patient the condition leaves out', () => {
    const relapse = aml.codes('relapse');
    const row = [...relapse.codes.keys()].find(
      (r) => relapse.levels[relapse.codes[r]] === '0' && aml.numbers('rfs_days')[r] > 0,
    )!;
    const days = Float64Array.from(aml.numbers('relapse_days'));
    days[row] = aml.numbers('rfs_days')[row];
    expect(copies(aml.withColumn('relapse_days', numberColumn(days)), bare)).toEqual([]);
  });

  it('needs the support of the other rules: 10 copied rows by default', () => {
    const rows = Uint32Array.from({ length: 300 }, (_, i) => i);
    const small = aml.take(rows);
    const relapsed = [...small.codes('relapse').codes].filter(
      (c) => small.codes('relapse').levels[c] === '1',
    ).length;
    expect(relapsed).toBeGreaterThan(20);
    expect(copies(small, bare)).toEqual([RELAPSE_COPY]);
    expect(copies(small, bare, relapsed + 1)).toEqual([]);
  });

  it('leaves a column the schema already derives alone', () => {
    const { inferred: _, ...declaredCopy } = RELAPSE_COPY as Extract<Rule, { type: 'derived' }>;
    expect(copies(aml, { ...bare, rules: [declaredCopy] })).toEqual([]);
  });

  it('reads two copies of one time as the later one copied, without a condition', () => {
    const days = aml.numbers('os_days');
    const twin = new Table([
      ['os_days', numberColumn(days)],
      ['death_days', numberColumn(days)],
    ]);
    const schema: Schema = {
      version: 1,
      columns: ['os_days', 'death_days'].map((name) => ({
        name,
        kind: 'integer' as const,
        role: 'time' as const,
        unit: 'days',
        nullable: true,
      })),
      endpoints: [],
      rules: [],
    };
    expect(copies(twin, schema)).toEqual([
      { type: 'derived', column: 'death_days', from: 'os_days', inferred: true },
    ]);
  });
});
