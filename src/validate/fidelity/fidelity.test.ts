/**
 * Behaviour of the fidelity dimension on simulated AML cohorts: an independent sample of the same
 * distribution and a bootstrap copy pass; the same table with every column shuffled on its own
 * (marginals intact, associations destroyed) fails; a shifted column fails its own KS test.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { numberColumn, type Table } from '../../data/table.js';
import { fidelity } from './index.js';
import { amlCohort, bootstrap, halves, inputFor, shuffleColumns } from './test-support/cohorts.js';
import type { FidelityReport } from './types.js';

let schema: ReturnType<typeof amlCohort>['schema'];
let real: Table;
let independent: FidelityReport;
let shuffled: FidelityReport;
let copy: FidelityReport;

beforeAll(() => {
  const cohort = amlCohort();
  schema = cohort.schema;
  const [a, b] = halves(cohort.table, Rng.from(3));
  real = a;
  independent = fidelity(inputFor(a, b, schema));
  shuffled = fidelity(inputFor(a, shuffleColumns(a, Rng.from(5)), schema));
  copy = fidelity(inputFor(a, bootstrap(a, a.nRows, Rng.from(6)), schema));
});

/** Every number in the report is finite (JSON would silently turn NaN into null). */
function expectFiniteNumbers(value: unknown, path = 'fidelity'): void {
  if (typeof value === 'number') expect(Number.isFinite(value), path).toBe(true);
  else if (Array.isArray(value))
    for (const [i, v] of value.entries()) expectFiniteNumbers(v, `${path}[${i}]`);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) expectFiniteNumbers(v, `${path}.${k}`);
}

describe('fidelity on simulated AML cohorts', () => {
  it('passes an independent sample of the same distribution with a high score', () => {
    expect(independent.verdict).toBe('pass');
    expect(independent.score).toBeGreaterThan(0.9);
    expect(independent.csf).toBeGreaterThan(0.85);
    expect(independent.gsf).toBeGreaterThan(0.85);
  });

  it('passes a bootstrap copy with a high score', () => {
    expect(copy.verdict).toBe('pass');
    expect(copy.score).toBeGreaterThan(0.9);
  });

  it('fails the same table with every column shuffled independently', () => {
    expect(shuffled.verdict).toBe('fail');
    expect(shuffled.score).toBeLessThan(0.5);
    // The marginals are intact …
    expect(shuffled.csfParts.distance).toBe(1);
    // … every view of the joint distribution sees the damage.
    expect(shuffled.correlation.meanAbsDiff!).toBeGreaterThan(1.5 * independent.correlation.meanAbsDiff!);
    expect(shuffled.correlation.preservation.score!).toBeLessThan(0.3);
    // SDMetrics' all-pairs mean barely moves (it is dominated by the intact marginals) …
    expect(shuffled.contingency.meanSimilarity!).toBeGreaterThan(0.95);
    // … the pairs that carry structure in the real table lose it.
    expect(shuffled.contingency.associated.meanSimilarity!).toBeLessThan(
      independent.contingency.associated.meanSimilarity! - 0.03,
    );
    expect(shuffled.detection!.auc).toBeGreaterThan(0.9);
    expect(shuffled.detection!.score).toBeLessThan(independent.detection!.score - 0.5);
    expect(shuffled.pca!.overlap).toBeLessThan(independent.pca!.overlap - 0.3);
    expect(shuffled.csf!).toBeLessThan(0.7);
    expect(shuffled.genomic!.comutation.score!).toBeLessThan(0.3);
    expect(shuffled.genomic!.comutation.pairs.some((p) => p.change !== 'none')).toBe(true);
  });

  it('has the contract keys and only finite numbers', () => {
    for (const report of [independent, shuffled, copy]) {
      expect(report.columns.length).toBe(schema.columns.filter((c) => c.role !== 'id').length);
      for (const column of report.columns) {
        expect(column).toHaveProperty('name');
        expect(column).toHaveProperty('test');
        expect(column).toHaveProperty('p');
        expect(column.score).toBeGreaterThanOrEqual(0);
        expect(column.score).toBeLessThanOrEqual(1);
      }
      expect(report.correlation.real.length).toBe(report.columns.length);
      expect(report.pca!.grid.real.length).toBe(report.pca!.grid.y.length - 1);
      expect(report.detection!.folds).toHaveLength(5);
      expect(report.skipped).toEqual([]);
      expectFiniteNumbers({
        ...report,
        correlation: undefined,
        columns: report.columns.map((c) => ({ ...c, statistic: 0 })),
      });
    }
  });

  it('fails the KS test of a shifted numeric column, and only that column', () => {
    const small = real.take(Uint32Array.from({ length: 600 }, (_, i) => i));
    const shifted = small.withColumn('age', numberColumn(small.numbers('age').map((v) => v + 8)));
    const report = fidelity(inputFor(small, shifted, schema));
    const column = report.columns.find((c) => c.name === 'age')!;
    expect(column.test).toBe('ks');
    expect(column.p).toBeLessThan(1e-10);
    expect(column.score).toBeLessThan(0.8);
    if (column.test === 'ks') expect(column.wilcoxon?.p).toBeLessThan(1e-10);
    const others = report.columns.filter((c) => c.name !== 'age');
    expect(Math.min(...others.map((c) => c.score))).toBe(1);
  });
});
