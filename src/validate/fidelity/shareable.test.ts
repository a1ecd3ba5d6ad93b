/**
 * What fidelity reports can leave the hospital: no count of 1..k − 1 real patients, no real
 * extreme as a bin edge, no array with one entry per real row; and the presentation data the page
 * needs (discrete columns, log axes), and pMSE against its numpy reference.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { codeColumn, codeColumnFromStrings, numberColumn, Table } from '../../data/table.js';
import { axisScale, isDiscrete, shareableHistogram } from './histogram.js';
import { fidelity } from './index.js';
import { pmse } from './pmse.js';
import { amlCohort, halves, inputFor } from './test-support/cohorts.js';
import type { NumericColumnFidelity } from './types.js';

const K = 5;

function sorted(values: number[]): Float64Array {
  return Float64Array.from(values).sort();
}

/** Real counts behind reported shares: each must be 0 or at least k. */
function expectNoSmallCounts(shares: readonly (number | null)[], n: number): void {
  for (const share of shares) {
    if (share === null) continue;
    const count = Math.round(share * n);
    expect(count === 0 || count >= K, `a bin of ${count} real patients`).toBe(true);
  }
}

describe('shareable histograms', () => {
  const rng = Rng.from(11);
  const values = Array.from({ length: 300 }, () => 40 + 10 * rng.normal());
  values.push(3.107, 471.3); // one patient far below, one far above everyone else
  const real = sorted(values);
  const synthetic = Float64Array.from({ length: 300 }, () => 41 + 10 * rng.normal());

  it('has no real extreme as an edge and no real bin below k', () => {
    const h = shareableHistogram(real, synthetic, { discrete: false, scale: 'linear', smallCell: K });
    expect(h.edges).not.toContain(3.107);
    expect(h.edges).not.toContain(471.3);
    // Round edges, one step apart (the step a 1, 2 or 5 times a power of ten).
    expect(h.edges.every((e) => Number.isInteger(e / 2))).toBe(true);
    expect(h.edges.at(-1)!).toBeLessThan(100);
    expectNoSmallCounts(h.real, real.length);
    expect(h.labels[0]).toMatch(/^< /);
    expect(h.labels.at(-1)).toMatch(/^≥ /);
    expect(h.real.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(h.synthetic.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });

  it('bins a discrete column one bin per value, labelled by the value, rare values merged', () => {
    const ecog = sorted([
      ...Array(120).fill(0),
      ...Array(90).fill(1),
      ...Array(40).fill(2),
      ...Array(8).fill(3),
      4,
      4,
    ]);
    expect(isDiscrete(true, ecog, K)).toBe(true);
    expect(isDiscrete(false, ecog, K)).toBe(false);
    expect(isDiscrete(true, sorted(Array.from({ length: 200 }, (_, i) => 18 + (i % 70))), K)).toBe(false);
    const h = shareableHistogram(ecog, Float64Array.from([0, 1, 2, 3, 4, 5]), {
      discrete: true,
      scale: 'linear',
      smallCell: K,
    });
    expect(h.labels).toEqual(['0', '1', '2', '≥ 3']);
    expectNoSmallCounts(h.real, ecog.length);
    expect(h.synthetic[3]).toBeCloseTo(3 / 6, 12);
  });

  it('chooses a log axis for positive right-skewed values only', () => {
    const r = Rng.from(3);
    const wbc = sorted(Array.from({ length: 500 }, () => Math.exp(2.5 + 1.3 * r.normal())));
    const hb = sorted(Array.from({ length: 500 }, () => 9 + 1.5 * r.normal()));
    const skewedButNarrow = sorted(Array.from({ length: 500 }, () => 10 + Math.exp(0.5 * r.normal())));
    expect(axisScale(wbc)).toBe('log');
    expect(axisScale(hb)).toBe('linear');
    expect(axisScale(skewedButNarrow)).toBe('linear');
    expect(axisScale(sorted([0, ...Array.from(wbc)]))).toBe('linear');
  });
});

/** Arrays in the report as long as the real table: one entry per real row would be row-level data. */
function perRowArrays(value: unknown, n: number, path = 'fidelity'): string[] {
  if (Array.isArray(value))
    return [
      ...(value.length === n ? [path] : []),
      ...value.flatMap((v, i) => perRowArrays(v, n, `${path}[${i}]`)),
    ];
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => perRowArrays(v, n, `${path}.${k}`));
  return [];
}

describe('the fidelity report of a simulated AML cohort', () => {
  const cohort = amlCohort(900, 4);
  const [real, synthetic] = halves(cohort.table, Rng.from(8));
  const report = JSON.parse(JSON.stringify(fidelity(inputFor(real, synthetic, cohort.schema))));

  it('holds no per-row array, no real bin, level, flag or grid cell below k', () => {
    expect(perRowArrays(report, real.nRows)).toEqual([]);
    for (const c of report.columns) {
      if (c.test === 'ks') expectNoSmallCounts(c.histogram.real, c.n.real);
      else if (c.test !== 'none') expectNoSmallCounts(c.proportions.real, c.n.real);
    }
    for (const f of report.flags) if (f.real !== null) expectNoSmallCounts([f.real, 1 - f.real], real.nRows);
    expectNoSmallCounts(report.genomic.burden.real, real.nRows);
    expectNoSmallCounts(report.pca.grid.real.flat(), report.pca.rows.real);
    expect(report.pca.grid.real.flat().filter((v: number | null) => v === null).length).not.toBe(1);
    for (const pair of report.genomic.comutation.pairs)
      expect(pair.real.both === 0 || pair.real.both >= K).toBe(true);
  });

  it('gives the page units, log axes for the skewed labs and ECOG as categories', () => {
    const column = (name: string) => report.columns.find((c: NumericColumnFidelity) => c.name === name);
    expect(column('wbc').unit).toBe('10^9/L');
    expect(column('wbc').scale).toBe('log');
    expect(column('hb').scale).toBe('linear');
    expect(column('ecog').discrete).toBe(true);
    expect(column('ecog').histogram.labels.slice(0, 2)).toEqual(['0', '1']);
    expect(column('age').discrete).toBe(false);
    expect(report.flags.map((f: { name: string }) => f.name)).toContain('npm1');
  });

  it('computes pMSE near its null expectation for two halves of one cohort', () => {
    expect(report.pmse.sPmse).toBeGreaterThan(0.3);
    expect(report.pmse.sPmse).toBeLessThan(3);
    expect(report.pmse.rows).toEqual({ real: real.nRows, synthetic: synthetic.nRows });
  });
});

describe('pMSE against the numpy reference (tools/reference/pmse.py)', () => {
  const fixture = JSON.parse(readFileSync(new URL('./fixtures/pmse.json', import.meta.url), 'utf8'));
  type Rows = { x: (number | null)[]; g: (string | null)[]; b: number[] };
  const tableOf = (rows: Rows) =>
    new Table([
      ['x', numberColumn(Float64Array.from(rows.x, (v) => (v === null ? Number.NaN : v)))],
      ['g', codeColumnFromStrings(rows.g)],
      ['b', codeColumn(Int32Array.from(rows.b), ['0', '1'])],
    ]);
  type Case = { name: string; real: Rows; synthetic: Rows; pmse: number; sPmse: number; parameters: number };
  it.each((fixture.cases as Case[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = pmse(tableOf(c.real), tableOf(c.synthetic), ['x', 'g', 'b'], Rng.from(1));
    expect(result.parameters).toBe(c.parameters);
    // Both fits converge to machine precision; the two sums differ only in rounding.
    expect(Math.abs(result.pmse - c.pmse) / c.pmse).toBeLessThan(1e-9);
    expect(Math.abs(result.sPmse - c.sPmse) / c.sPmse).toBeLessThan(1e-9);
  });
});
