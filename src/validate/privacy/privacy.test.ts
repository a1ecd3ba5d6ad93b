import { describe, expect, it } from 'vitest';
import { DataError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { numberColumn, Table } from '../../data/table.js';
import { simulate } from '../../simulate/index.js';
import { DEFAULT_THRESHOLDS } from '../thresholds.js';
import type { ValidationInput } from '../types.js';
import { PrivacyReport, privacy } from './index.js';

const cohort = simulate('aml', { patients: 2500, centres: 5, seed: 1 });
const rowsFrom = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);
const training = cohort.table.take(rowsFrom(0, 1250));
const holdout = cohort.table.take(rowsFrom(1250, 2500));
const independent = simulate('aml', { patients: 2500, centres: 5, seed: 2 }).table;

/** The training rows with every number moved by N(0, (2 % of its range)²). */
function noisyCopy(table: Table, rng: Rng): Table {
  return new Table(
    table.columns().map(([name, column]) => {
      if (column.type !== 'number') return [name, column];
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (const v of column.values) if (!Number.isNaN(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
      const moved = column.values.map((v) => (Number.isNaN(v) ? v : v + rng.normal(0, 0.02 * (hi - lo))));
      return [name, numberColumn(moved)];
    }),
  );
}

function input(synthetic: Table, options: { holdout?: Table | null; real?: Table } = {}): ValidationInput {
  const held = options.holdout === undefined ? holdout : options.holdout;
  return {
    real: options.real ?? training,
    synthetic,
    ...(held ? { holdout: held } : {}),
    schema: cohort.schema,
    smallCell: 5,
    endpoints: [],
    targets: [],
    quasiIdentifiers: ['age', 'sex', 'centre'],
    thresholds: DEFAULT_THRESHOLDS,
    rng: Rng.from(11),
  };
}

describe('privacy on the simulated AML cohort', () => {
  const independentReport = privacy(input(independent));
  const copyReport = privacy(input(training));
  const noisyReport = privacy(input(noisyCopy(training, Rng.from(5))));

  it('(a) passes an independent sample from the same population', () => {
    const r = independentReport;
    expect(r.verdict).toBe('pass');
    expect(r.exactMatches).toBe(0);
    expect(Math.abs(r.mia.auc! - 0.5)).toBeLessThan(0.05);
    const close = r.dcr.closerThanBaselineP5!;
    expect(close.baseline).toBe('holdout');
    expect(close.synthetic).toBeLessThan(close.reference + 0.03);
    expect(r.dcr.holdoutToReal!.rows).toBe(1250);
    expect(Math.abs(r.attributeDisclosure!.meanAdvantage!)).toBeLessThan(0.06);
    expect(r.skipped).toEqual([]);
    expect(r.discrepancies).toEqual([]);
  });

  it('(b) fails the training table offered as synthetic', () => {
    const r = copyReport;
    expect(r.verdict).toBe('fail');
    expect(r.score).toBe(0);
    expect(r.exactMatches).toBe(1250);
    expect(r.exactMatchShare).toBe(1);
    expect(r.exactMatchBaseline).toEqual({ source: 'holdout', matches: 0, share: 0 });
    expect(r.dcr.syntheticToReal.median).toBe(0);
    expect(r.mia.auc).toBeGreaterThan(0.99);
    expect(r.nndr!.synthetic.median).toBe(0);
    expect(r.attributeDisclosure!.meanAdvantage).toBeGreaterThan(0.05);
    // Every attack that works is listed, copies first among the failures' largest.
    expect(r.discrepancies.map((d) => [d.kind, d.severity])).toEqual(
      expect.arrayContaining([
        ['exact-copies', 'fail'],
        ['dcr-close', 'fail'],
        ['membership-inference', 'fail'],
      ]),
    );
    const copies = r.discrepancies.find((d) => d.kind === 'exact-copies')!;
    expect(copies.message).toMatch(/^1250 synthetic rows \(100\.0 %\) copy a training patient/);
    expect(copies.magnitude).toBe(1);
  });

  it('(c) catches a noisy copy: no exact copies, but a clear membership signal and a worse score', () => {
    const r = noisyReport;
    expect(r.exactMatches).toBe(0);
    expect(r.mia.auc).toBeGreaterThan(0.9);
    expect(r.dcr.closerThanBaselineP5!.synthetic).toBeGreaterThan(0.5);
    expect(r.score).toBeLessThan(independentReport.score! - 0.5);
    expect(r.verdict).toBe('fail');
  });

  it('reports both attacks, on equal-sized member and non-member samples', () => {
    const mia = copyReport.mia;
    expect(mia.members).toBe(625);
    expect(mia.nonMembers).toBe(625);
    expect(mia.reference).toBe(625);
    expect(mia.auc).toBe(Math.max(mia.distance!.auc, mia.densityRatio!.auc));
  });

  it('writes JSON that its schema accepts, and the same report for the same seed', () => {
    expect(PrivacyReport.parse(JSON.parse(JSON.stringify(independentReport)))).toEqual(independentReport);
    expect(privacy(input(independent))).toEqual(independentReport);
    const h = independentReport.dcr.histogram;
    expect(h.edges).toHaveLength(h.synthetic.length + 1);
    expect(h.synthetic.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
  });

  it("bins distances at round edges ending at 1, never at one pair's distance, with small real bins merged", () => {
    const r = independentReport;
    const h = r.dcr.histogram;
    expect(h.edges[0]).toBe(0);
    expect(h.edges.at(-1)).toBe(1);
    // Cut points are multiples of a round step (1, 2 or 5 × 10^k), as d3's ticks give.
    const gaps = h.edges.slice(1, -1).map((e, i) => e - h.edges[i]);
    const step = 10 ** Math.floor(Math.log10(Math.min(...gaps))) / 2;
    for (const e of h.edges) expect(Math.abs(e / step - Math.round(e / step))).toBeLessThan(1e-9);
    const largest = Math.max(r.dcr.syntheticToReal.median, r.dcr.holdoutToReal!.median);
    expect(h.edges.at(-2)).toBeGreaterThan(largest);
    // Every baseline bin holds 0 or at least 5 of the 1,250 holdout patients.
    for (const p of h.baseline!) expect(p === 0 || p * 1250 >= 5 - 1e-9).toBe(true);
  });
});

describe('privacy without a holdout or with tiny tables', () => {
  it('never passes without a holdout, and says what was not measured', () => {
    const r = privacy(input(independent, { holdout: null }));
    // An independent sample scores well against the leave-one-out baseline…
    expect(r.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLDS.privacy.pass);
    // …but membership inference was not measured, so the verdict is warn, and the first finding says why.
    expect(r.verdict).toBe('warn');
    expect(r.discrepancies[0]).toMatchObject({ part: 'privacy', severity: 'warn', kind: 'no-holdout' });
    expect(r.discrepancies[0].message).toMatch(/not measured: they need a holdout/);
    expect(r.dcr.closerThanBaselineP5!.baseline).toBe('training');
    expect(r.dcr.holdoutToReal).toBeUndefined();
    expect(JSON.stringify(r)).not.toMatch(/--holdout/);
  });

  it('skips membership inference with its reason and never invents an AUC', () => {
    const r = privacy(input(noisyCopy(training, Rng.from(5)), { holdout: null }));
    expect(r.mia).toEqual({ auc: null, reason: 'needs a holdout (real patients the generator never saw)' });
    expect(r.skipped.map((s) => s.metric)).toEqual([
      'privacy.dcr.holdoutToReal',
      'privacy.mia',
      'privacy.attributeDisclosure.advantage',
    ]);
    expect(r.rows.holdout).toBeNull();
    expect(r.dcr.closerThanBaselineP5!.baseline).toBe('training');
    // The leave-one-out baseline still catches the noisy copy.
    expect(r.verdict).toBe('fail');
    expect(r.scoreParts.mia).toBeNull();
    expect(r.attributeDisclosure!.attributes[0].holdoutAccuracy).toBeNull();
    expect(r.attributeDisclosure!.note).toMatch(/majority baseline/);
  });

  it('scores exact copies from the baseline as published: a hidden twin count cannot be read back', () => {
    // 2 or 4 training rows with a twin (row 0 twice, then row 1 twice): both hidden (< 5).
    const withTwins = (n: number) =>
      training.take(Int32Array.from([...rowsFrom(0, 1250), ...rowsFrom(0, n)]));
    // 1,240 patients the generator never saw, and 10 training rows copied.
    const copies = cohort.table.take(Int32Array.from([...rowsFrom(1250, 2490), ...rowsFrom(100, 110)]));
    const reports = [1, 2].map((n) => privacy(input(copies, { real: withTwins(n), holdout: null })));
    for (const r of reports) {
      expect(r.exactMatchBaseline).toEqual({ source: 'training', matches: null, share: null });
      expect(r.exactMatchShare).toBeCloseTo(10 / 1250, 12);
      // 1 − 0.8 % / 5 %: the part as if there were no twin, whatever their hidden number.
      expect(r.scoreParts.exactMatches).toBeCloseTo(1 - 10 / 1250 / 0.05, 12);
    }
  });

  it("publishes distance quantiles, one pair's distance each, with 2 significant digits", () => {
    const r = privacy(input(independent, { holdout: null }));
    const quantiles = [
      r.dcr.syntheticToReal.p5,
      r.dcr.syntheticToReal.median,
      r.dcr.trainingToTraining!.p5,
      r.dcr.trainingToTraining!.median,
      r.dcr.closerThanBaselineP5!.threshold,
      r.nndr!.synthetic.p5,
      r.nndr!.synthetic.median,
    ];
    for (const q of quantiles) {
      expect(q).toBeGreaterThan(0);
      expect(Number(q.toPrecision(2))).toBe(q);
    }
    expect(r.dcr.closerThanBaselineP5!.threshold).toBe(r.dcr.trainingToTraining!.p5);
  });

  it('handles one-row tables with clear reasons', () => {
    const one = (t: Table) => t.take([0]);
    const r = privacy(input(one(independent), { real: one(training), holdout: one(holdout) }));
    expect(r.rows).toEqual({ training: 1, synthetic: 1, holdout: 1 });
    expect(r.nndr).toBeNull();
    expect(r.mia.auc).toBeNull();
    expect(r.mia.reason).toMatch(/at least 2 holdout rows/);
    expect(r.skipped.map((s) => s.metric)).toEqual([
      'privacy.nndr',
      'privacy.mia',
      'privacy.attributeDisclosure.advantage',
    ]);
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(PrivacyReport.parse(JSON.parse(JSON.stringify(r)))).toEqual(r);
  });

  it('refuses an empty table with a message naming it', () => {
    const empty = training.take([]);
    expect(() => privacy(input(empty))).toThrow(DataError);
    expect(() => privacy(input(empty))).toThrow(/synthetic table has no rows/);
  });
});
