import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { fitModel, sampleModel } from '../generators/pipeline.js';
import { mergeCentreReports, ShareableReport } from '../report/federated.js';
import { simulateAml } from '../simulate/index.js';
import { type Report, validate } from '../validate/index.js';
import { reportDigest, reportHtml } from './report-digest.js';

let local: Report;
let federated: unknown;

beforeAll(() => {
  const reports = [1, 2].map((seed) => {
    const { table, schema } = simulateAml({ patients: 300, seed });
    const model = fitModel(table, schema, 'copula', { seed: 1 });
    const synthetic = sampleModel(model, { rows: 300, seed: 2 }).table;
    return validate(table, synthetic, { schema });
  });
  local = reports[0];
  // Through JSON, as the app reads it from a file.
  federated = JSON.parse(
    JSON.stringify(
      mergeCentreReports(reports.map((r, i) => ({ name: `C0${i + 1}`, report: ShareableReport.parse(r) }))),
    ),
  );
});

describe('reportDigest', () => {
  it('gives a local report’s verdict and every warn or fail, failures first', () => {
    const digest = reportDigest(JSON.parse(JSON.stringify(local)));
    expect(digest.verdict).toBe(local.verdict);
    expect(digest.centres).toEqual([]);
    const flagged = (['validity', 'fidelity', 'utility', 'privacy'] as const).filter(
      (d) => local[d].verdict !== 'pass',
    );
    expect(digest.discrepancies).toHaveLength(flagged.length + local.discrepancies.length);
    expect(digest.discrepancies.every((d) => d.verdict === 'warn' || d.verdict === 'fail')).toBe(true);
    const firstWarn = digest.discrepancies.findIndex((d) => d.verdict === 'warn');
    if (firstWarn >= 0)
      expect(digest.discrepancies.slice(firstWarn).every((d) => d.verdict === 'warn')).toBe(true);
    for (const d of local.discrepancies)
      expect(digest.discrepancies).toContainEqual({
        section: d.part,
        metric: `${d.kind}: ${d.subject}`,
        verdict: d.severity,
        detail: d.message,
      });
  });

  it('gives a federated report’s verdict, its centres and their findings', () => {
    const digest = reportDigest(federated);
    const f = federated as { verdict: string };
    expect(digest.verdict).toBe(f.verdict);
    expect(digest.centres.map((c) => c.name)).toEqual(['C01', 'C02']);
    expect(digest.discrepancies.some((d) => d.section.endsWith('(C02)'))).toBe(true);
    expect(digest.discrepancies.every((d) => d.verdict !== 'pass')).toBe(true);
  });

  it('refuses JSON that is neither, with a clear message', () => {
    for (const wrong of [null, 42, { verdict: 'pass' }, { kind: 'federated-validation' }]) {
      expect(() => reportDigest(wrong)).toThrow(InputError);
      expect(() => reportDigest(wrong)).toThrow(/not a synthcohort validation report/);
    }
  });
});

describe('reportHtml', () => {
  it('renders each kind’s own page', () => {
    expect(reportHtml(JSON.parse(JSON.stringify(local)))).toMatch(/<title>Synthetic data report/);
    expect(reportHtml(federated)).toMatch(/<title>Federated validation report/);
  });

  it('refuses a report that cannot be drawn', () => {
    const broken = { ...JSON.parse(JSON.stringify(local)), utility: { score: 1, verdict: 'pass' } };
    expect(() => reportHtml(broken)).toThrow(InputError);
  });
});
