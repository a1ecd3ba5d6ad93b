/**
 * Merging centres' shareable reports, on hand-made reports whose pooled figures are worked out by
 * hand: weights by patients, the pooling rule of each dimension, disagreements in words, suppressed
 * cells left as they are, and the hub's refusal of anything row-level.
 */
import { describe, expect, it } from 'vitest';
import { DataError } from '../core/errors.js';
import { FederatedReport, mergeCentreReports, perPatientArrays, ShareableReport } from './federated.js';

type Verdict = 'pass' | 'warn' | 'fail';
interface Part {
  score: number | null;
  verdict: Verdict;
}

function report(options: {
  patients: number;
  validity?: Part;
  fidelity: Part;
  utility: Part;
  privacy: Part;
  discrepancies?: unknown[];
  extra?: Record<string, unknown>;
}): ShareableReport {
  const { patients, fidelity, utility, privacy } = options;
  const worst = [fidelity, utility, privacy].some((p) => p.verdict === 'fail')
    ? 'fail'
    : [fidelity, utility, privacy].some((p) => p.verdict === 'warn')
      ? 'warn'
      : 'pass';
  return ShareableReport.parse({
    version: '1.0',
    tool: { name: 'synthcohort', version: '0.1.0' },
    seed: 1,
    files: {},
    verdict: worst,
    rows: { real: patients, synthetic: 500, holdout: null },
    thresholds: {
      fidelity: { pass: 0.85, warn: 0.7 },
      utility: { pass: 0.8, warn: 0.6 },
      privacy: { pass: 0.8, warn: 0.6 },
      alpha: 0.05,
      ruleBreaks: 0.01,
    },
    model: null,
    discrepancies: options.discrepancies ?? [],
    validity: options.validity ?? { score: 1, verdict: 'pass' },
    fidelity: { ...fidelity, parts: { csf: fidelity.score, gsf: 0.9 } },
    utility,
    privacy: { ...privacy, scoreParts: { dcr: privacy.score, mia: null } },
    skipped: [],
    ...options.extra,
  });
}

const pass = (score: number): Part => ({ score, verdict: 'pass' });
const warn = (score: number): Part => ({ score, verdict: 'warn' });
const fail = (score: number): Part => ({ score, verdict: 'fail' });

const ageFinding = {
  part: 'fidelity',
  severity: 'fail',
  kind: 'distribution',
  subject: 'age',
  message: 'age: distributions differ (KS 0.31, p < 0.0001)',
  magnitude: 0.31,
};

describe('mergeCentreReports', () => {
  const a = report({ patients: 100, fidelity: pass(0.9), utility: pass(0.85), privacy: pass(0.95) });
  const b = report({
    patients: 300,
    fidelity: warn(0.7),
    utility: { score: null, verdict: 'warn' },
    privacy: pass(0.9),
    discrepancies: [ageFinding],
  });

  it('pools scores weighted by patients, leaving out centres without a score', () => {
    const merged = mergeCentreReports([
      { name: 'A', report: a },
      { name: 'B', report: b },
    ]);
    expect(merged.patients).toBe(400);
    // (100 · 0.9 + 300 · 0.7) / 400 = 0.75: between warn (0.7) and pass (0.85).
    expect(merged.pooled.fidelity).toEqual({
      score: 0.75,
      verdict: 'warn',
      rule: 'weighted-score',
      centres: 2,
      patients: 400,
    });
    // B has no utility score: A's alone, with A's weight only.
    expect(merged.pooled.utility).toMatchObject({ score: 0.85, verdict: 'pass', centres: 1, patients: 100 });
    // (100 · 0.95 + 300 · 0.9) / 400 = 0.9125; both pass.
    expect(merged.pooled.privacy.score).toBeCloseTo(0.9125, 12);
    expect(merged.pooled.privacy).toMatchObject({ verdict: 'pass', rule: 'worst-centre' });
    expect(merged.verdict).toBe('warn');
    expect(merged.centres.map((c) => [c.name, c.patients, c.verdict])).toEqual([
      ['A', 100, 'pass'],
      ['B', 300, 'warn'],
    ]);
  });

  it('lets the worst centre decide privacy and validity, whatever the pooled score', () => {
    const leaky = report({ patients: 20, fidelity: pass(0.9), utility: pass(0.9), privacy: fail(0.4) });
    const broken = report({
      patients: 20,
      validity: fail(0.5),
      fidelity: pass(0.9),
      utility: pass(0.9),
      privacy: pass(0.9),
    });
    const merged = mergeCentreReports([
      { name: 'A', report: a },
      { name: 'L', report: leaky },
      { name: 'V', report: broken },
    ]);
    // (100 · 0.95 + 20 · 0.4 + 20 · 0.9) / 140 ≈ 0.864 would pass; one exposed centre fails.
    expect(merged.pooled.privacy.score).toBeCloseTo((95 + 8 + 18) / 140, 12);
    expect(merged.pooled.privacy.verdict).toBe('fail');
    expect(merged.pooled.validity.verdict).toBe('fail');
    // A broken rule caps fidelity, as in a local report.
    expect(merged.pooled.fidelity).toMatchObject({ score: 0.9, verdict: 'fail', cappedBy: 'validity' });
    expect(merged.verdict).toBe('fail');
  });

  it('says when a centre fails fidelity because of a broken rule, not its score', () => {
    const capped = report({
      patients: 50,
      validity: fail(0.5),
      fidelity: fail(0.9),
      utility: pass(0.85),
      privacy: pass(0.95),
      extra: { fidelity: { score: 0.9, verdict: 'fail', cappedBy: 'validity' } },
    });
    const merged = mergeCentreReports([
      { name: 'A', report: a },
      { name: 'K', report: capped },
    ]);
    expect(merged.disagreements.find((d) => d.check === 'fidelity')?.message).toBe(
      'Fidelity fails at K (0.90); passes at A (0.90). At K fidelity fails because synthetic rows break a rule no real row breaks (validity), whatever its score.',
    );
  });

  it('puts every check side by side and explains where centres disagree', () => {
    const merged = mergeCentreReports([
      { name: 'A', report: a },
      { name: 'B', report: b },
    ]);
    const fidelity = merged.checks.find((c) => c.id === 'fidelity');
    expect(fidelity?.centres).toEqual([
      { centre: 'A', verdict: 'pass', score: 0.9 },
      { centre: 'B', verdict: 'warn', score: 0.7 },
    ]);
    expect(merged.checks.find((c) => c.id === 'fidelity.csf')?.centres.map((m) => m.score)).toEqual([
      0.9, 0.7,
    ]);
    const age = merged.checks.find((c) => c.id === 'fidelity:distribution:age');
    expect(age?.centres.map((m) => m.verdict)).toEqual(['none', 'fail']);

    const byCheck = new Map(merged.disagreements.map((d) => [d.check, d]));
    expect(byCheck.get('fidelity')).toEqual({
      check: 'fidelity',
      part: 'fidelity',
      kind: 'dimension',
      reasons: ['verdicts', 'spread'],
      spread: expect.closeTo(0.2, 12),
      message:
        'Fidelity warns at B (0.70); passes at A (0.90); scores range from 0.70 at B to 0.90 at A (spread 0.20, above 0.15).',
    });
    expect(byCheck.get('fidelity:distribution:age')?.message).toBe(
      'The finding “fidelity: distribution — age” fails at B; is not flagged at A.',
    );
    // Utility: A passes, B has no score (a warning): verdicts differ, no spread of one score.
    expect(byCheck.get('utility')).toMatchObject({ reasons: ['verdicts'], spread: null });
    // Privacy: both pass, 0.95 and 0.9 are within the threshold.
    expect(byCheck.has('privacy')).toBe(false);
    expect(byCheck.has('fidelity.gsf')).toBe(false);
  });

  it('takes the spread threshold from the caller', () => {
    const close = [
      { name: 'A', report: a },
      {
        name: 'C',
        report: report({ patients: 50, fidelity: pass(0.86), utility: pass(0.85), privacy: pass(0.95) }),
      },
    ];
    expect(mergeCentreReports(close).disagreements.map((d) => d.check)).toEqual([]);
    expect(
      mergeCentreReports(close, { spreadThreshold: 0.01 }).disagreements.map((d) => [d.check, d.reasons]),
    ).toEqual([
      ['fidelity', ['spread']],
      ['fidelity.csf', ['spread']],
    ]);
  });

  it('carries each centre report as it came: suppressed cells stay suppressed', () => {
    const suppressed = report({
      patients: 40,
      fidelity: pass(0.9),
      utility: pass(0.85),
      privacy: pass(0.95),
      extra: { fidelity: { score: 0.9, verdict: 'pass', pca: { real: [0.25, null, null, 0.5] } } },
    });
    const merged = mergeCentreReports([
      { name: 'A', report: a },
      { name: 'S', report: suppressed },
    ]);
    expect(merged.centres[1].report).toBe(suppressed);
    const json = JSON.parse(JSON.stringify(merged));
    expect(json.centres[1].report.fidelity.pca.real).toEqual([0.25, null, null, 0.5]);
    // Nothing pooled reads below the dimension scores: no cell is summed over centres.
    expect(Object.keys(merged.pooled.fidelity).sort()).toEqual([
      'centres',
      'patients',
      'rule',
      'score',
      'verdict',
    ]);
    // The merged report reads back through its own schema unchanged.
    expect(FederatedReport.parse(json)).toEqual(json);
  });

  it('refuses what cannot be merged, saying why', () => {
    expect(() => mergeCentreReports([])).toThrow(DataError);
    expect(() =>
      mergeCentreReports([
        { name: 'A', report: a },
        { name: 'A', report: b },
      ]),
    ).toThrow('two reports carry the same centre name');
    const stricter = { ...b, thresholds: { ...b.thresholds, fidelity: { pass: 0.9, warn: 0.8 } } };
    expect(() =>
      mergeCentreReports([
        { name: 'A', report: a },
        { name: 'B', report: stricter },
      ]),
    ).toThrow('centres A and B were judged by different thresholds');
  });
});

describe('ShareableReport at the hub', () => {
  const base = report({ patients: 120, fidelity: pass(0.9), utility: pass(0.85), privacy: pass(0.95) });
  const issues = (value: unknown) => {
    const parsed = ShareableReport.safeParse(value);
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('keeps keys it does not name, as they came', () => {
    const withMore = { ...base, future: { key: [1, 2, 3] } };
    expect(ShareableReport.parse(withMore)).toEqual(withMore);
  });

  it('refuses an array with one entry per real patient, local file names and model paths', () => {
    const perPatient = {
      ...base,
      fidelity: { ...base.fidelity, scores: Array.from({ length: 120 }, (_, i) => i) },
    };
    expect(issues(perPatient)).toEqual([
      'fidelity.scores: an array with one entry per real patient is row-level data; a centre never sends it',
    ]);
    expect(issues({ ...base, files: { real: '/data/ward7/patients.csv' } })).toHaveLength(1);
    expect(issues({ ...base, model: { generator: 'copula', file: '/home/dr-x/model.json' } })).toHaveLength(
      1,
    );
    expect(issues({ ...base, rows: { real: 0, synthetic: 10, holdout: null } })).toHaveLength(1);
    expect(issues({ ...base, verdict: 'fine' })).toHaveLength(1);
  });

  it('cannot tell per-patient arrays from per-column lists at a centre smaller than its column count', () => {
    const columns = Array.from({ length: 30 }, (_, i) => `c${i}`);
    const small = {
      ...base,
      rows: { real: 30, synthetic: 10, holdout: null },
      privacy: { ...base.privacy, columns },
    };
    expect(perPatientArrays(ShareableReport.parse(small))).toEqual([]);
  });
});
