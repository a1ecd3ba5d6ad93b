/**
 * What a user gets without writing a schema: inference finds the survival endpoints and the
 * orderings of R's survival tables and of the simulated cohorts, and both generators then give
 * no synthetic patient that breaks an ordering every real patient obeys.
 */
import { describe, expect, it } from 'vitest';
import { readTable, writeTable } from '../data/io.js';
import { compileChecks } from '../data/rules.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import { temporaryFile } from '../data/test-support/tables.js';
import { simulate } from '../simulate/index.js';
import { fitModel, sampleModel } from './pipeline.js';

async function simulated(disease: 'aml' | 'scd') {
  const { table, schema } = simulate(disease, { patients: 1500, centres: 3, seed: 3 });
  const path = temporaryFile(`${disease}.csv`, '');
  await writeTable(path, table, schema);
  return path;
}

const orderings = (schema: Schema) =>
  schema.rules.flatMap((r) => (r.type === 'compare' ? [`${r.left} ${r.op} ${r.right}`] : []));
const endpoints = (schema: Schema) => schema.endpoints.map((e) => `${e.time}/${e.event}=${e.eventValue}`);

describe('schema inference on clinical tables', () => {
  it.each([
    ['pbc', ['time/status=2'], []],
    ['lung', ['time/status=2'], []],
    ['veteran', ['time/status=1'], []],
    ['flchain', ['futime/death=1'], []],
    ['mgus2', ['ptime/pstat=1', 'futime/death=1'], ['ptime <= futime']],
  ])('%s: endpoints %j, orderings %j', async (name, wanted, ordered) => {
    const { schema } = await readTable(`datasets/${name}.csv`);
    expect(endpoints(schema)).toEqual(wanted);
    expect(orderings(schema)).toEqual(ordered);
  });

  it('lets a weaker true rule through where a table has clear structure (false-rule control, not family-wise)', async () => {
    const { table, schema } = simulate('aml', { patients: 2500, centres: 5, seed: 1 });
    const path = temporaryFile('aml2500.csv', '');
    await writeTable(path, table, schema);
    const { rules } = (await readTable(path)).schema;
    // t(6;9) in 1 % of patients: about 10 breaks expected under independence, under a Bonferroni bar of ~11.
    expect(rules).toContainEqual(
      expect.objectContaining({
        if: [{ column: 'cyto_normal', equals: '1' }],
        then: { column: 'cyto_t6_9', equals: '0' },
      }),
    );
  });

  it('finds the simulated cohorts’ endpoints, orderings and exclusivities', async () => {
    const aml = (await readTable(await simulated('aml'))).schema;
    expect(endpoints(aml)).toEqual(['os_days/os_status=1', 'rfs_days/rfs_status=1']);
    expect(orderings(aml)).toEqual(
      expect.arrayContaining(['rfs_days <= os_days', 'relapse_days <= os_days', 'cr_days <= relapse_days']),
    );
    expect(aml.rules).toContainEqual(
      expect.objectContaining({
        if: [{ column: 'cyto_normal', equals: '1' }],
        then: { column: 'cyto_complex', equals: '0' },
      }),
    );
    expect(aml.rules).toContainEqual(
      expect.objectContaining({
        if: [{ column: 'relapse', equals: '0' }],
        then: { column: 'relapse_days', missing: true },
      }),
    );
    const scd = (await readTable(await simulated('scd'))).schema;
    expect(endpoints(scd)).toEqual(['fu_days/death=1']);
    expect(orderings(scd)).toEqual(['stroke_age <= age']);
  });
});

/** Rows of `synthetic` breaking a rule that every row of `real` obeys (each compare rule of the schema). */
function broken(real: Table, synthetic: Table, schema: Schema): Record<string, number> {
  const onlyOrderings = { ...schema, columns: [], rules: schema.rules.filter((r) => r.type === 'compare') };
  const counts: Record<string, number> = {};
  for (const check of compileChecks(real, onlyOrderings))
    for (let row = 0; row < real.nRows; row++) expect(check.violatedAt(row), check.description).toBe(false);
  for (const check of compileChecks(synthetic, onlyOrderings)) {
    counts[check.description] = 0;
    for (let row = 0; row < synthetic.nRows; row++) if (check.violatedAt(row)) counts[check.description]++;
  }
  return counts;
}

describe.each(['copula', 'cart'])('%s with an inferred schema', (generator) => {
  it.each(['mgus2', 'aml', 'scd'])(
    '%s: no synthetic row breaks an ordering every real row obeys',
    async (name) => {
      const path = name === 'mgus2' ? `datasets/${name}.csv` : await simulated(name as 'aml' | 'scd');
      const { table, schema } = await readTable(path);
      const model = fitModel(table, schema, generator, { seed: 5 });
      const { table: synthetic } = sampleModel(model, { rows: table.nRows, seed: 5 });
      const counts = broken(table, synthetic, model.schema);
      expect(Object.keys(counts).length).toBeGreaterThan(0);
      expect(
        Object.values(counts).every((c) => c === 0),
        JSON.stringify(counts),
      ).toBe(true);
    },
  );
});

it('without inferred rules the same generation breaks the orderings (what the rules prevent)', async () => {
  const path = await simulated('aml');
  const ruled = (await readTable(path)).schema;
  const { table, schema } = await readTable(path, { rules: false });
  const model = fitModel(table, schema, 'copula', { seed: 5 });
  const { table: synthetic } = sampleModel(model, { rows: table.nRows, seed: 5 });
  const counts = broken(table, synthetic, ruled);
  expect(counts['rfs_days <= os_days']).toBeGreaterThan(table.nRows * 0.05);
});
