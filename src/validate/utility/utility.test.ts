import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { codeColumn, type Table } from '../../data/table.js';
import { type UtilityReport, utility } from './index.js';
import {
  type AmlTables,
  amlHalves,
  amlInput,
  independentSample,
  shuffleColumns,
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

  it('reports both endpoints with medians, landmarks and thinned curves', () => {
    expect(good.survival.map((s) => s.endpoint)).toEqual(['os', 'rfs']);
    for (const s of good.survival) {
      expect(s.unit).toBe('days');
      expect(s.realMedian).not.toBeNull();
      expect(s.at.map((a) => a.years)).toEqual([1, 3, 5]);
      expect(s.at[0].time).toBeCloseTo(365.25, 10);
      expect(s.logrank.p).toBeGreaterThan(0.001);
      expect(s.curves.real.time.length).toBeLessThanOrEqual(202);
      expect(s.curves.real.time[0]).toBe(0);
    }
    expect(JSON.parse(JSON.stringify(good))).toEqual(good);
  });

  it('keeps the stratified conclusions for ELN risk and treatment', () => {
    for (const column of ['eln2022', 'treatment']) {
      const os = good.stratified.find((s) => s.endpoint === 'os' && s.column === column);
      expect(os?.significantReal).toBe(true);
      expect(os?.agrees).toBe(true);
    }
    expect(good.stratifiedAgreement).toBeGreaterThanOrEqual(0.8);
  });

  it('keeps the Cox hazard ratios’ directions', () => {
    const os = good.cox.find((c) => c.endpoint === 'os');
    expect(os?.terms).toContain('age');
    expect(os?.terms).toContain('eln2022');
    expect(os?.terms).not.toContain('response');
    expect(os?.directionAgreement).toBe(1);
    expect(os?.overlapShare).toBeGreaterThanOrEqual(0.8);
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
      reason: expect.stringMatching(/needs --holdout/),
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
