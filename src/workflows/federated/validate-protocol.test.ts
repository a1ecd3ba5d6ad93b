/**
 * Federated validation end to end with the plain runner: three AML centres of a simulated cohort,
 * a synthetic cohort sampled from a copula fitted on the pooled table. Each site writes its own
 * report.json and report.html; the hub's result holds exactly the sites' shareable reports, and no
 * value of a real patient (a planted laboratory value and every patient identifier are searched
 * for in the result's JSON).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatCsv } from '../../data/csv/write.js';
import { numberColumn } from '../../data/table.js';
import { fitModel, sampleModel } from '../../generators/pipeline.js';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { type FederatedReport, ShareableReport } from '../../report/federated.js';
import { simulate } from '../../simulate/index.js';
import { runProtocolInProcess } from './in-process.js';
import { runProtocolPlain } from './protocol.js';
import { MAX_SYNTHETIC_CHARS, ValidateJobParameters, validateProtocol } from './validate-protocol.js';

/** A white-cell count no simulated patient has and no rounding produces: 287.654321 × 10⁹/L (inside the schema's bounds). */
const PLANTED = 287.654321;

describe('validateProtocol on three AML centres', () => {
  const folder = mkdtempSync(join(tmpdir(), 'synthcohort-federated-validate-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const { table, schema } = simulate('aml', { patients: 600, centres: 3, seed: 11 });
  const model = fitModel(table, schema, 'copula', { seed: 11 });
  const synthetic = formatCsv(sampleModel(model, { rows: 600, seed: 11 }).table, model.schema);
  const centre = table.codes('centre');
  const sites = centre.levels.map((name, c) => {
    let rows = table.filter((row) => centre.codes[row] === c);
    if (c === 1) {
      // Planted after the fit: only the site's own table holds it.
      const wbc = Float64Array.from(rows.numbers('wbc'));
      wbc[7] = PLANTED;
      rows = rows.withColumn('wbc', numberColumn(wbc));
    }
    return { name, table: rows, outputDir: join(folder, name) };
  });
  const parameters = { schema: model.schema, synthetic, options: { seed: 3 } };
  const outcome = runProtocolPlain(validateProtocol, parameters, sites, seededRandomBits('validate test'));

  it('writes every centre its own report.json and report.html', async () => {
    const done = await outcome;
    expect(done.status).toBe('done');
    for (const site of sites) {
      const local = JSON.parse(readFileSync(join(site.outputDir, 'report.json'), 'utf8'));
      expect(local.rows.real).toBe(site.table.nRows);
      // Scope 'centre': the synthetic patients of the site's centre only.
      expect(local.fidelity.columns.find((c: { name: string }) => c.name === 'centre').tvd).toBe(0);
      const html = readFileSync(join(site.outputDir, 'report.html'), 'utf8');
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain(`${site.table.nRows} real`);
    }
  }, 120_000);

  it("holds exactly the sites' shareable reports, pooled by patients", async () => {
    const done = await outcome;
    if (done.status !== 'done') throw new Error(done.reason);
    const result: FederatedReport = done.result;
    const [phase] = done.phases;
    if (phase.result.kind !== 'shareable') throw new Error('expected a shareable phase');
    expect(result.centres.map((c) => c.name)).toEqual(centre.levels);
    for (const c of result.centres) {
      expect(c.report).toEqual(phase.result.answers[c.name]);
      const local = JSON.parse(readFileSync(join(folder, c.name, 'report.json'), 'utf8'));
      // The shareable form is the local report (no file names to drop here: none were given).
      expect(c.report).toEqual(local);
      expect(ShareableReport.safeParse(c.report).success).toBe(true);
    }
    expect(result.patients).toBe(600);
    const weighted =
      result.centres.reduce((s, c) => s + (c.report.fidelity.score as number) * c.patients, 0) / 600;
    expect(result.pooled.fidelity.score).toBeCloseTo(weighted, 12);
    expect(result.checks.filter((c) => c.kind === 'dimension').map((c) => c.id)).toEqual([
      'validity',
      'fidelity',
      'utility',
      'privacy',
    ]);
  }, 120_000);

  it('gives the same report in process, as JSON parameters cross to the sites, one message per site', async () => {
    const plain = await outcome;
    const wire = JSON.parse(JSON.stringify(parameters));
    const inProcess = await runProtocolInProcess(
      validateProtocol,
      wire,
      sites,
      seededRandomBits('in process'),
    );
    expect(inProcess.status).toBe('done');
    expect(inProcess.status === 'done' && inProcess.result).toEqual(plain.status === 'done' && plain.result);
    const [phase] = inProcess.traffic;
    expect(phase.declined).toEqual([]);
    for (const site of sites) expect(phase.traffic[site.name].sentMessages).toBe(1);
  }, 120_000);

  it("holds no real patient's value or identifier", async () => {
    const done = await outcome;
    const json = JSON.stringify(done.status === 'done' ? done.result : null);
    const local = readFileSync(join(folder, sites[1].name, 'report.json'), 'utf8');
    expect(json.length).toBeGreaterThan(100_000);
    for (const text of [json, local]) {
      expect(text).not.toContain('287.65');
      expect(text).not.toContain('287.7');
    }
    const ids = table.codes('patient_id');
    const leaked = ids.levels.filter((id) => json.includes(`"${id}"`));
    expect(ids.levels.length).toBe(600);
    expect(leaked).toEqual([]);
  }, 120_000);
});

describe('validateProtocol refusals', () => {
  const { table, schema } = simulate('aml', { patients: 120, centres: 2, seed: 4 });
  const csv = formatCsv(table, schema);

  it('refuses a cohort beyond its bound and a centre scope without a centre column', () => {
    const refusal = (value: unknown) => {
      const parsed = ValidateJobParameters.safeParse(value);
      return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(refusal({ schema, synthetic: 'x'.repeat(MAX_SYNTHETIC_CHARS + 1) })).toEqual([
      `synthetic: expected at most ${MAX_SYNTHETIC_CHARS} characters of CSV`,
    ]);
    const noCentre = { ...schema, columns: schema.columns.filter((c) => c.role !== 'centre') };
    expect(refusal({ schema: noCentre, synthetic: csv, scope: 'centre' })).toEqual([
      "scope: scope 'centre' needs a column with role centre in the schema; the schema has none",
    ]);
    expect(refusal({ schema, synthetic: csv, options: { smallCell: 1 } })).toHaveLength(1);
  });

  it('makes a site decline when the synthetic cohort has none of its centre, or is not CSV of the schema', async () => {
    const centre = table.codes('centre');
    const onlyFirst = formatCsv(
      table.filter((row) => centre.codes[row] === 0),
      schema,
    );
    const sites = centre.levels.map((name, c) => ({
      name,
      table: table.filter((row) => centre.codes[row] === c),
    }));
    const random = seededRandomBits('refusals');
    const none = await runProtocolPlain(validateProtocol, { schema, synthetic: onlyFirst }, sites, random);
    expect(none).toMatchObject({ status: 'aborted' });
    expect(none.status === 'aborted' && none.reason).toContain(
      "the synthetic cohort has no patient of this site's centre; validate with scope 'cohort'",
    );
    const badCsv = await runProtocolPlain(
      validateProtocol,
      { schema, synthetic: 'age,sex\n1,2\n' },
      sites,
      random,
    );
    expect(badCsv.status === 'aborted' && badCsv.reason).toContain('the synthetic cohort');
  }, 60_000);
});
