/**
 * Effects of covariates on survival survive synthesis (issue 7, item 4), for both generators at
 * their defaults and cart at minLeaf 20 (the privacy setting): on the simulated AML cohort
 *   coxph(Surv(os_days, os_status) ~ age + tp53 + cyto_complex + flt3_itd + npm1 + eln2022)
 * and on R survival's lung, pbc and veteran with the models the literature uses. Criterion and
 * figures in `test-support/cox-effects.ts`; seeds 1–3 for fitting and sampling as many rows as the
 * training table has.
 */
import { describe, expect, it } from 'vitest';
import { readTable } from '../data/io.js';
import type { Schema } from '../data/schema.js';
import { codeColumn, numberColumn, type Table } from '../data/table.js';
import { simulate } from '../simulate/index.js';
import { fitModel, sampleModel } from './pipeline.js';
import { type CoxModel, effectsKept } from './test-support/cox-effects.js';

const SEEDS = [1, 2, 3];
const GENERATORS: Array<[string, Record<string, unknown>]> = [
  ['cart', {}],
  ['cart', { minLeaf: 20 }],
  ['copula', {}],
];

function synthetic(
  table: Table,
  schema: Schema,
  generator: string,
  options: Record<string, unknown>,
): Table[] {
  return SEEDS.map((seed) => {
    const model = fitModel(table, schema, generator, { seed, generatorOptions: options });
    return sampleModel(model, { rows: table.nRows, seed }).table;
  });
}

function expectKept(table: Table, schema: Schema, model: CoxModel): void {
  for (const [generator, options] of GENERATORS) {
    const { kept, lines } = effectsKept(table, synthetic(table, schema, generator, options), model);
    expect(kept, `${generator} ${JSON.stringify(options)}\n${lines.join('\n')}`).toBe(true);
  }
}

/** An R table with its survival endpoint declared (time and status, R's event value) and no inferred rules. */
async function rTable(name: string, eventValue: string): Promise<{ table: Table; schema: Schema }> {
  const { table, schema } = await readTable(`datasets/${name}.csv`);
  return {
    table,
    schema: {
      ...schema,
      columns: schema.columns.map((c) =>
        c.name === 'time' ? { ...c, role: 'time' } : c.name === 'status' ? { ...c, role: 'event' } : c,
      ),
      endpoints: [{ name: 'survival', time: 'time', event: 'status', eventValue }],
      rules: [],
    },
  };
}

describe('Cox effects kept by synthesis', () => {
  it('simulated AML: TP53 (6 %), complex karyotype, FLT3-ITD, NPM1, age and ELN 2022', () => {
    const { table, schema } = simulate('aml', { patients: 2500, centres: 5, seed: 1 });
    expectKept(table, schema, {
      time: 'os_days',
      event: 'os_status',
      eventValue: '1',
      terms: ['age', 'tp53', 'cyto_complex', 'flt3_itd', 'npm1', 'eln2022'],
    });
  });

  it('lung: age + sex + ph.ecog (status 2 = death)', async () => {
    const { table, schema } = await rTable('lung', '2');
    expectKept(table, schema, {
      time: 'time',
      event: 'status',
      eventValue: '2',
      terms: ['age', 'sex', 'ph.ecog'],
    });
  });

  it('pbc: age + log(bili) + albumin + edema (status 2 = death; 1, transplant, is another status)', async () => {
    const { table, schema } = await rTable('pbc', '2');
    const prepare = (t: Table) => t.withColumn('log(bili)', numberColumn(t.numbers('bili').map(Math.log)));
    expectKept(table, schema, {
      time: 'time',
      event: 'status',
      eventValue: '2',
      terms: ['age', 'log(bili)', 'albumin', 'edema'],
      prepare,
    });
  });

  it('veteran: trt + celltype + karno (cell types against squamous, as R orders them)', async () => {
    const { table, schema } = await rTable('veteran', '1');
    const levels = ['squamous', 'smallcell', 'adeno', 'large'];
    const prepare = (t: Table) => {
      const column = t.codes('celltype');
      const codes = Int32Array.from(column.codes, (c) => (c < 0 ? -1 : levels.indexOf(column.levels[c])));
      return t.withColumn('celltype', codeColumn(codes, levels));
    };
    expectKept(table, schema, {
      time: 'time',
      event: 'status',
      eventValue: '1',
      terms: ['trt', 'celltype', 'karno'],
      prepare,
    });
  });
});
