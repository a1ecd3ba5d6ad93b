import { describe, expect, it } from 'vitest';
import { numberColumn, Table } from '../../data/table.js';
import { PREFIX_FACTORS } from '../../interop/harmonise/units.js';
import { simulate } from '../../simulate/index.js';
import { heterogeneityLayout, type NumericSlot, siteCounts } from './heterogeneity-layout.js';
import { HeterogeneityThresholds, unitSuspicion } from './heterogeneity-report.js';
import {
  binnedKs,
  binnedQuantile,
  categoricalShift,
  mergedSmallCells,
  numericShift,
} from './heterogeneity-statistics.js';

const f = (...values: number[]) => Float64Array.from(values);
const levels = (k: number) => Array.from({ length: k }, (_, i) => `L${i}`);

describe('categorical shifts', () => {
  it('are the total variation distance and the largest share differences (hand values)', () => {
    // Site 60/40 against others 30/70: TVD = (|0.6 − 0.3| + |0.4 − 0.7|)/2 = 0.3.
    const shift = categoricalShift({ name: 'x', levels: levels(2) }, f(60, 40), f(30, 70), 5);
    expect(shift).toEqual({
      name: 'x',
      type: 'categorical',
      tvd: 0.3,
      categories: [
        { category: 'L0', site: 0.6, others: 0.3 },
        { category: 'L1', site: 0.4, others: 0.7 },
      ],
    });
  });

  it('merge small cells with the next-smallest level until the part holds k, over that partition', () => {
    expect([...mergedSmallCells(f(2, 50, 48), 5)].sort()).toEqual([0, 2]);
    expect([...mergedSmallCells(f(2, 3, 95), 5)].sort()).toEqual([0, 1]);
    expect([...mergedSmallCells(f(0, 50, 50), 5)]).toEqual([]);
    // Site (2, 50, 48) of 100, others (10, 40, 50) of 100: parts {L1} and {L0, L2}.
    // TVD = (|0.5 − 0.4| + |0.5 − 0.6|)/2 = 0.1; only L1 is shown.
    const shift = categoricalShift({ name: 'x', levels: levels(3) }, f(2, 50, 48), f(10, 40, 50), 5);
    expect(shift.tvd).toBeCloseTo(0.1, 12);
    expect(shift.categories).toEqual([{ category: 'L1', site: 0.5, others: 0.4 }]);
  });

  it('withhold the distance when the merged part holds every patient of the site', () => {
    const shift = categoricalShift({ name: 'x', levels: levels(2) }, f(2, 98), f(30, 70), 5);
    expect(shift).toEqual({ name: 'x', type: 'categorical', tvd: null, categories: [] });
  });

  it('show a level the site lacks (0 patients) and the missing state last', () => {
    // Site (0, 85, 15) against others (20, 70, 10): differences 0.2, 0.15, 0.05; TVD = 0.2.
    const shift = categoricalShift({ name: 'x', levels: levels(2) }, f(0, 85, 15), f(20, 70, 10), 5);
    expect(shift.tvd).toBeCloseTo(0.2, 12);
    expect(shift.categories).toEqual([
      { category: 'L0', site: 0, others: 0.2 },
      { category: 'L1', site: 0.85, others: 0.7 },
      { category: '(missing)', site: 0.15, others: 0.1 },
    ]);
    const missing = categoricalShift({ name: 'x', levels: levels(1) }, f(80, 20), f(95, 5), 5);
    expect(missing.categories.map((c) => c.category)).toContain('(missing)');
  });

  it('say nothing when the site or the others hold fewer than k patients', () => {
    expect(categoricalShift({ name: 'x', levels: levels(2) }, f(1, 3), f(50, 50), 5).tvd).toBeNull();
    expect(categoricalShift({ name: 'x', levels: levels(2) }, f(50, 50), f(1, 3), 5).tvd).toBeNull();
  });
});

describe('numeric shifts', () => {
  // Bins [0, 10), [10, 20), [20, 30), [30, 40).
  const slot = {
    name: 'v',
    kind: 'numeric' as const,
    low: f(0, 10, 20, 30),
    high: f(10, 20, 30, 40),
    middle: f(5, 15, 25, 35),
  };

  it('interpolate quantiles within bins and take KS over bin boundaries (hand values)', () => {
    // 10 values: 2 in [0,10), 6 in [10,20), 2 in [20,30). The median is 3 of 6 into [10,20): 15.
    expect(binnedQuantile(f(2, 6, 2, 0), slot, 0.5)).toBe(15);
    expect(binnedQuantile(f(2, 6, 2, 0), slot, 0.1)).toBe(5);
    // F_site = 0.2, 0.8, 1, 1; F_others = 0, 0.25, 0.75, 1: max |Δ| = 0.55.
    expect(binnedKs(f(2, 6, 2, 0), f(0, 1, 2, 1))).toBeCloseTo(0.55, 12);
  });

  it('give the standardised mean difference and the ratio of medians (hand values)', () => {
    // Site: 10 at 5 and 10 at 15 → mean 10, variance 25; others: 10 at 25, 10 at 35 → mean 30, var 25.
    // d = (10 − 30)/5 = −4; medians 10 and 30 → ratio 0.333.
    const shift = numericShift(slot, f(10, 10, 0, 0), f(0, 0, 10, 10), 5);
    expect(shift).toEqual({ name: 'v', type: 'numeric', smd: -4, ks: 1, medianRatio: 0.333 });
  });

  it('withhold every statistic below k values, and the ratio for dates', () => {
    expect(numericShift(slot, f(1, 2, 0, 0), f(9, 9, 9, 9), 5)).toMatchObject({
      smd: null,
      ks: null,
      medianRatio: null,
    });
    expect(numericShift({ ...slot, kind: 'date' }, f(5, 5, 0, 0), f(5, 5, 0, 0), 5)).toEqual({
      name: 'v',
      type: 'numeric',
      smd: 0,
      ks: 0,
      medianRatio: null,
    });
  });
});

describe('the public layout', () => {
  const { table, schema } = simulate('aml', { patients: 200, centres: 2, seed: 4 });
  const layout = heterogeneityLayout(schema);
  const hb = layout.columns.find((c) => c.name === 'hb') as NumericSlot;

  it('leaves out identifiers and the centre, and lays out the rest from the schema alone', () => {
    const names = layout.columns.map((c) => c.name);
    expect(names).not.toContain('patient_id');
    expect(names).not.toContain('centre');
    expect(names).toContain('hb');
    expect(heterogeneityLayout(schema)).toEqual(layout);
    expect(layout.length).toBeLessThan(20_000);
  });

  it('bins haemoglobin from 3·10^-4 to 20·10^4 g/dL with 16 bins a decade beyond its bounds', () => {
    expect(hb.unit).toBe('g/dL');
    expect(hb.edges[0]).toBe(Number.NEGATIVE_INFINITY);
    expect(hb.edges[1]).toBeCloseTo(3e-4, 12);
    expect(hb.edges.at(-2)).toBeCloseTo(2e5, 6);
    expect(hb.edges.at(-1)).toBe(Number.POSITIVE_INFINITY);
    const at = hb.edges.indexOf(20);
    expect(hb.edges[at + 1] / hb.edges[at]).toBeCloseTo(10 ** (1 / 16), 12);
    for (let b = 1; b < hb.edges.length; b++) expect(hb.edges[b]).toBeGreaterThan(hb.edges[b - 1]);
  });

  it('counts every row once per column, values beyond the bounds in the ladders', () => {
    const values = Float64Array.from(table.numbers('hb'));
    values[0] = 95;
    values[1] = 0.01;
    const counts = siteCounts(table.withColumn('hb', numberColumn(values)), layout);
    expect(counts[0]).toBe(200);
    for (const slot of layout.columns) {
      let sum = 0;
      const end =
        (slot.missingAt ??
          slot.offset + (slot.type === 'numeric' ? slot.edges.length - 2 : slot.levels.length - 1)) + 1;
      for (let k = slot.offset; k < end; k++) sum += counts[k];
      expect(sum, slot.name).toBe(200);
    }
    const ninetyFive = hb.edges.findIndex((e) => e > 95) - 1;
    expect(counts[hb.offset + ninetyFive]).toBe(1);
    const hundredth = hb.edges.findIndex((e) => e > 0.01) - 1;
    expect(counts[hb.offset + hundredth]).toBe(1);
    expect(hb.low[ninetyFive]).toBeLessThanOrEqual(95);
    expect(hb.high[ninetyFive]).toBeGreaterThan(95);
  });

  it('gives an integer column one bin per whole value, interpolated half a unit either side', () => {
    const tiny = new Table([['ecog', numberColumn([0, 1, 1, 2, 4])]]);
    const ecog = layout.columns.find((c) => c.name === 'ecog') as NumericSlot;
    const counts = siteCounts(
      simulate('aml', { patients: 5, centres: 1, seed: 2 }).table.withColumn('ecog', tiny.column('ecog')),
      layout,
    );
    const own = Float64Array.from({ length: ecog.edges.length - 1 }, (_, b) => counts[ecog.offset + b]);
    // Values 0, 1, 1, 2, 4 as grouped data: L + (n/2 − F)/f · w = 0.5 + (2.5 − 1)/2 · 1 = 1.25.
    expect(binnedQuantile(own, ecog, 0.5)).toBe(1.25);
  });
});

describe('unit suspicions', () => {
  const settings = {
    thresholds: HeterogeneityThresholds.parse({}),
    conversions: [],
    prefixFactors: PREFIX_FACTORS,
  };

  it('name the likely unit of the column’s quantity near the ratio', () => {
    expect(unitSuspicion(9.61, 'hb', 'g/dL', settings)).toEqual({
      factor: 10,
      likely: 'g/L',
      declared: 'g/dL',
    });
    expect(unitSuspicion(0.103, 'hb', 'g/L', settings)).toEqual({
      factor: 0.1,
      likely: 'g/dL',
      declared: 'g/L',
    });
    expect(unitSuspicion(0.6, 'hb', 'g/dL', settings)).toEqual({
      factor: 0.6206,
      likely: 'mmol/L',
      declared: 'g/dL',
    });
    expect(unitSuspicion(92, 'creatinine', 'mg/dL', settings)).toEqual({
      factor: 88.42,
      likely: 'µmol/L',
      declared: 'mg/dL',
    });
    // The same ratio in a glucose column is no known conversion of glucose: a bare prefix at most.
    expect(unitSuspicion(92, 'glucose', 'mg/dL', settings)).toEqual({ factor: 100, declared: 'mg/dL' });
  });

  it('use every quantity of a declared unit when the name names none', () => {
    // g/dL is haemoglobin's and albumin's: g/L (×10) and mmol/L (×0.6206) both apply.
    expect(unitSuspicion(9.61, 'lab_x', 'g/dL', settings)).toEqual({
      factor: 10,
      likely: 'g/L',
      declared: 'g/dL',
    });
    expect(unitSuspicion(0.6, 'lab_x', 'g/dL', settings)).toMatchObject({ likely: 'mmol/L' });
  });

  it('add the consortium’s own conversions', () => {
    const own = { ...settings, conversions: [{ unit: 'IU/L', other: 'nkat/L', factor: 16.67 }] };
    expect(unitSuspicion(17, 'factor_viii', 'IU/L', own)).toEqual({
      factor: 16.67,
      likely: 'nkat/L',
      declared: 'IU/L',
    });
    expect(unitSuspicion(17, 'factor_viii', 'IU/L', settings)).toBeUndefined();
  });

  it('fall back on a bare prefix factor, and stay silent for ordinary differences', () => {
    expect(unitSuspicion(1040, 'wbc', '10^9/L', settings)).toEqual({
      factor: 1000,
      likely: '/µL',
      declared: '10^9/L',
    });
    expect(unitSuspicion(1040, 'lab_x', undefined, settings)).toEqual({ factor: 1000 });
    expect(unitSuspicion(0.0105, 'ldh', 'U/L', settings)).toEqual({ factor: 0.01, declared: 'U/L' });
    for (const ratio of [1, 1.3, 0.7, 2, 5, 30])
      expect(unitSuspicion(ratio, 'ldh', 'U/L', settings)).toBeUndefined();
    // 0.7 is beyond ×/÷1.2 of 0.6206 (0.745 is the edge), so haemoglobin at 70 % of the others' is not a unit.
    expect(unitSuspicion(0.76, 'hb', 'g/dL', settings)).toBeUndefined();
  });
});
