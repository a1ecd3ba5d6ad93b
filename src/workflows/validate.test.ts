/**
 * The validation workflow's library part: the shareable form, a table read from CSV text, and the
 * federated report written as a coordinator reads it (centre folders that stay inside its folder).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatCsv } from '../data/csv/write.js';
import { mergeCentreReports, ShareableReport } from '../report/federated.js';
import { simulate } from '../simulate/index.js';
import { validate } from '../validate/index.js';
import { centreFolders, shareableReport, tableFromCsvText, writeFederatedReport } from './validate.js';

const { table, schema } = simulate('aml', { patients: 300, centres: 2, seed: 8 });

describe('shareableReport', () => {
  it('drops the local file names and the model file path, and nothing else', () => {
    const report = validate(table, table, {
      schema,
      seed: 1,
      files: { real: '/data/ward 7/patients.csv', synthetic: 'synthetic.csv' },
      model: {
        generator: 'cart',
        options: {},
        version: '0.1.0',
        fitSeed: 1,
        sampleSeed: 1,
        file: '/home/x/model.json',
      },
    });
    const shared = shareableReport(report);
    expect(shared.files).toEqual({});
    expect(shared.model).toEqual({
      generator: 'cart',
      options: {},
      version: '0.1.0',
      fitSeed: 1,
      sampleSeed: 1,
    });
    expect({ ...shared, files: report.files, model: report.model }).toEqual(report);
    expect(ShareableReport.safeParse(JSON.parse(JSON.stringify(shared))).success).toBe(true);
    expect(ShareableReport.safeParse(JSON.parse(JSON.stringify(report))).success).toBe(false);
  }, 60_000);
});

describe('tableFromCsvText', () => {
  it('reads CSV text as the schema declares and leaves no temporary file', () => {
    const before = readdirSync(tmpdir()).filter((f) => f.startsWith('synthcohort-csv-')).length;
    const read = tableFromCsvText(formatCsv(table, schema), schema, 'the synthetic cohort');
    expect(read.names).toEqual(table.names);
    expect([...read.numbers('wbc')]).toEqual([...table.numbers('wbc')]);
    expect(read.codes('centre').levels).toEqual(table.codes('centre').levels);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('synthcohort-csv-')).length).toBe(before);
    expect(() => tableFromCsvText('age,sex\n61,male\n', schema, 'the synthetic cohort')).toThrow(
      /the synthetic cohort/,
    );
  });
});

describe('centreFolders', () => {
  it('keeps every centre inside the report folder, one folder each', () => {
    expect(
      centreFolders(['C01', '../etc', 'a/b', 'c01', '.hidden', '', 'report.json', 'Hôpital Nord']),
    ).toEqual(['C01', '__etc', 'a_b', 'c01-2', '_hidden', 'centre', 'report.json-2', 'H_pital_Nord']);
  });
});

describe('writeFederatedReport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'synthcohort-federated-files-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the merged report and each centre's, linked from the merged page", () => {
    const centre = table.codes('centre');
    const centres = centre.levels.map((name, c) => {
      const real = table.filter((row) => centre.codes[row] === c);
      const report = validate(real, real, { schema, seed: 1 });
      return { name, report: ShareableReport.parse(JSON.parse(JSON.stringify(report))) };
    });
    const merged = mergeCentreReports(centres);
    const files = writeFederatedReport(merged, dir);
    expect(files.json).toBe(join(dir, 'report.json'));
    expect(JSON.parse(readFileSync(files.json, 'utf8'))).toEqual(JSON.parse(JSON.stringify(merged)));
    const page = readFileSync(files.html, 'utf8');
    for (const [i, c] of files.centres.entries()) {
      expect(c.json).toBe(join(dir, centre.levels[i], 'report.json'));
      expect(JSON.parse(readFileSync(c.json, 'utf8'))).toEqual(centres[i].report);
      expect(existsSync(c.html)).toBe(true);
      expect(page).toContain(`<a href="${centre.levels[i]}/report.html">`);
    }
  }, 60_000);
});
