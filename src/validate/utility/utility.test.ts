import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { codeColumn, type Table } from '../../data/table.js';
import { type UtilityReport, utility } from './index.js';
import {
  type AmlTables,
  amlHalves,
  amlInput,
  independentSample,
  reverseRiskEffect,
  shuffleColumns,
  shuffleOutcomesWithin,
} from './test-support/aml.js';

let tables: AmlTables;
let independent: Table;
let good: UtilityReport;
let shuffled: UtilityReport;

beforeAll(() => {
  tables = amlHalves(2500, 1);
  independent = independentSample(2500, 2);
  good = utility(amlInput(tables, independent));
  shuffled = utility(amlInput(tables, shuffleColumns(tables.real, Rng.from(5))));
});

describe('utility on an independent sample of the same population', () => {
  it('scores high and passes', () => {
    expect(good.score).toBeGreaterThan(0.85);
    expect(good.verdict).toBe('pass');
  });

  it('reports both endpoints with medians, landmarks and curves on a monthly grid', () => {
    expect(good.survival.map((s) => s.endpoint)).toEqual(['os', 'rfs']);
    for (const s of good.survival) {
      expect(s.unit).toBe('days');
      expect(s.realMedian).not.toBeNull();
      expect(s.at.map((a) => a.years)).toEqual([1, 3, 5]);
      expect(s.at[0].time).toBeCloseTo(365.25, 10);
      expect(s.logrank.p).toBeGreaterThan(0.001);
      const { grid, real } = s.curves;
      expect(grid.unit).toBe('months');
      expect(grid.time.slice(0, 3)).toEqual([0, 1, 2]);
      expect(real.survival[0]).toBe(1);
      expect(real.survival.length).toBe(grid.time.length);
      expect(real.atRisk.length).toBe(grid.ticks.length);
    }
    expect(JSON.parse(JSON.stringify(good))).toEqual(good);
  });

  it('shows KM by ELN 2022 risk, the declared risk classification, for both tables', () => {
    const groups = good.survival[0].riskGroups;
    expect(groups?.column).toBe('eln2022');
    expect(groups?.why).toMatch(/derives/);
    expect(groups?.levels.map((l) => l.level)).toEqual(['favourable', 'intermediate', 'adverse']);
    for (const level of groups?.levels ?? [])
      expect(level.synthetic.survival.length).toBe(good.survival[0].curves.grid.time.length);
  });

  it('keeps the stratified conclusions for ELN risk and treatment', () => {
    for (const column of ['eln2022', 'treatment']) {
      const os = good.stratified.find((s) => s.endpoint === 'os' && s.column === column);
      expect(os?.significantReal).toBe(true);
      expect(os?.agrees).toBe(true);
    }
    expect(good.stratifiedAgreement).toBeGreaterThanOrEqual(0.8);
  });

  it('keeps the Cox hazard ratios: no effect reversed or lost, agreement high', () => {
    for (const c of good.cox) {
      expect(c.terms).toContain('age');
      expect(c.terms).toContain('eln2022');
      expect(c.hazardRatios.filter((h) => h.reversed)).toEqual([]);
      expect(c.agreement).toBeGreaterThan(0.7);
    }
    expect(good.discrepancies.filter((d) => d.severity === 'fail')).toEqual([]);
  });

  it('labels hazard ratios as a paper does, with the reference level', () => {
    const rows = good.cox[0].hazardRatios;
    const adverse = rows.find((h) => h.term === 'eln2022adverse');
    expect(adverse).toMatchObject({
      label: 'ELN2022 adverse vs favourable',
      column: 'eln2022',
      level: 'adverse',
      reference: 'favourable',
      per: null,
    });
    const age = rows.find((h) => h.column === 'age');
    expect(age).toMatchObject({ label: 'Age (per 10 years)', per: 10, level: null });
    // Per 10 years: the per-year hazard ratio to the 10th power.
    expect(age!.real.estimate! ** 0.1).toBeGreaterThan(1);
    expect(age!.real.estimate!).toBeGreaterThan(age!.real.estimate! ** 0.1);
  });

  it('trains on synthetic about as well as on real (TSTR)', () => {
    expect(good.tstr.map((t) => [t.target, t.model, t.metric])).toEqual([
      ['response', 'logistic-regression', 'macro-auc'],
      ['response', 'random-forest', 'macro-auc'],
    ]);
    for (const t of good.tstr) {
      expect(t.trainRealTestReal).toBeGreaterThan(0.65);
      expect(t.ratio).toBeGreaterThan(0.85);
    }
  });
});

describe('utility on a table whose strongest prognostic effect is reversed', () => {
  // ELN favourable and adverse patients swap outcomes; every column's marginal is unchanged.
  let reversed: UtilityReport;
  beforeAll(() => {
    reversed = utility(amlInput(tables, reverseRiskEffect(independent, tables.schema)));
  });

  it('fails, although overall survival is unchanged', () => {
    expect(reversed.verdict).toBe('fail');
    expect(reversed.parts.survival).toBeCloseTo(good.parts.survival!, 10);
  });

  it('scores the reversed hazard ratios ≈ 0 and lists them first', () => {
    const os = reversed.cox.find((c) => c.endpoint === 'os')!;
    const adverse = os.hazardRatios.find((h) => h.term === 'eln2022adverse')!;
    expect(adverse.reversed).toBe(true);
    expect(adverse.significance).toBe('lost');
    expect(adverse.agreement).toBeLessThan(1e-9);
    expect(adverse.standardisedDifference!).toBeLessThan(-5);
    expect(os.agreement).toBeLessThan(0.6);
    expect(reversed.discrepancies[0]).toMatchObject({ severity: 'fail', kind: 'hr-reversed' });
    expect(reversed.discrepancies[0].message).toMatch(
      /ELN2022 adverse vs favourable for OS: HR .* real vs .* synthetic — reversed/,
    );
  });

  it('sees the stratified order reversed as disagreement', () => {
    const eln = reversed.stratified.find((s) => s.endpoint === 'os' && s.column === 'eln2022')!;
    expect(eln.orderConcordance).toBe(-1);
    expect(eln.agrees).toBe(false);
    expect(reversed.discrepancies).toContainEqual(
      expect.objectContaining({ kind: 'logrank-reversed', subject: 'os: eln2022', severity: 'fail' }),
    );
  });
});

describe('utility on a table whose strongest prognostic effect vanished', () => {
  // Outcomes permuted within each treatment group: ELN risk no longer predicts survival.
  let vanished: UtilityReport;
  beforeAll(() => {
    vanished = utility(
      amlInput(tables, shuffleOutcomesWithin(independent, tables.schema, 'treatment', Rng.from(4)), {
        targets: [],
      }),
    );
  });

  it('fails: ELN adverse for OS, established on real data, is lost far beyond chance', () => {
    const adverse = vanished.cox
      .find((c) => c.endpoint === 'os')!
      .hazardRatios.find((h) => h.term === 'eln2022adverse')!;
    expect(adverse.real.estimate!).toBeGreaterThan(2.5);
    expect(adverse.synthetic.lower!).toBeLessThan(1);
    expect(adverse.synthetic.upper!).toBeGreaterThan(1);
    expect(adverse.reversed).toBe(false);
    expect(vanished.discrepancies).toContainEqual(
      expect.objectContaining({
        kind: 'hr-lost',
        subject: 'os: ELN2022 adverse vs favourable',
        severity: 'fail',
      }),
    );
    expect(vanished.verdict).toBe('fail');
    expect(vanished.diagnostics.join(' ')).toMatch(/reversed or lost \(.*os: ELN2022 adverse vs favourable/);
  });

  it('while independent samples of other seeds lose nothing beyond chance and pass', () => {
    for (const seed of [3, 5, 7]) {
      const halves = amlHalves(1500, seed);
      const report = utility(amlInput(halves, independentSample(1500, seed + 100), { targets: [] }));
      expect(report.discrepancies.filter((d) => d.severity === 'fail')).toEqual([]);
      expect(report.verdict).toBe('pass');
    }
  });
});

describe('utility on a table whose columns were shuffled independently', () => {
  it('fails with the default thresholds', () => {
    expect(shuffled.verdict).toBe('fail');
    expect(shuffled.score).toBeLessThan(0.6);
  });

  it('loses the stratified conclusions and the predictive value', () => {
    expect(shuffled.stratifiedAgreement).toBeLessThan(0.5);
    for (const t of shuffled.tstr) expect(t.ratio).toBeLessThan(0.3);
  });
});

describe('utility: what it skips, and why', () => {
  it('skips TSTR without a holdout, never scoring on training rows', () => {
    const report = utility(amlInput(tables, independent, { holdout: undefined, endpoints: [] }));
    expect(report.tstr).toEqual([]);
    expect(report.skipped).toContainEqual({
      metric: 'tstr',
      reason: expect.stringMatching(/needs a holdout/),
    });
    expect(report.parts.tstr).toBeNull();
  });

  it('skips a target with a single class', () => {
    const oneClass = (t: Table) =>
      t.withColumn('response', codeColumn(new Int32Array(t.nRows), ['CR', 'PR']));
    const report = utility(
      amlInput({ ...tables, real: oneClass(tables.real) }, independent, { endpoints: [] }),
    );
    expect(report.skipped).toContainEqual({
      metric: 'tstr:response',
      reason: expect.stringMatching(/single class/),
    });
  });

  it('reports a failing Cox model in skipped, with the reason, not NaN', () => {
    // Early death implies death: a term that separates the events.
    const report = utility(
      amlInput(tables, independent, { targets: [], endpoints: [tables.schema.endpoints[0]] }),
      { coxTerms: ['age', 'response'] },
    );
    expect(report.cox).toEqual([]);
    const skip = report.skipped.find((s) => s.metric === 'cox:os');
    expect(skip?.reason).toMatch(/real table: .*response/);
    expect(Number.isFinite(report.score)).toBe(true);
  });

  it('is reproducible for a seed', () => {
    const again = utility(amlInput(tables, independent));
    expect(again).toEqual(good);
  });
});
