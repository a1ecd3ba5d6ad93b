/** The building blocks of the fidelity report, on small hand-made tables. */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import type { Schema } from '../../data/schema.js';
import { codeColumn, codeColumnFromStrings, numberColumn, Table } from '../../data/table.js';
import { cramersV } from '../../stats/association.js';
import { pearson, spearman } from '../../stats/correlation.js';
import { associationMatrix } from './associations.js';
import { benjaminiHochberg } from './genomic.js';
import { fidelity } from './index.js';
import { gridOverlap } from './pca-overlap.js';
import { prepareColumns } from './prepare.js';
import { combinedScore } from './score.js';
import { inputFor } from './test-support/cohorts.js';

const schema: Schema = {
  version: 1,
  columns: [
    { name: 'id', kind: 'categorical', role: 'id', nullable: true },
    { name: 'x', kind: 'numeric', role: 'feature', nullable: true },
    { name: 'y', kind: 'numeric', role: 'feature', nullable: true },
    { name: 'g', kind: 'categorical', role: 'feature', nullable: true },
    { name: 'm1', kind: 'boolean', role: 'mutation', nullable: true },
    { name: 'm2', kind: 'boolean', role: 'mutation', nullable: true },
  ],
  endpoints: [],
  rules: [],
};

function table(n: number, seed: number, levels = ['a', 'b', 'c']): Table {
  const rng = Rng.from(seed);
  const x = Float64Array.from({ length: n }, () => rng.normal());
  const y = Float64Array.from(x, (v, i) => (i % 9 === 0 ? Number.NaN : v + rng.normal(0, 0.7)));
  const g = Array.from(x, (v) => (v > 0.5 ? 'c' : v > -0.5 ? 'b' : 'a'));
  const m1 = Int32Array.from({ length: n }, () => (rng.bernoulli(0.3) ? 1 : 0));
  const m2 = Int32Array.from(m1, (v) => (rng.bernoulli(v ? 0.7 : 0.1) ? 1 : 0));
  return new Table([
    ['id', codeColumnFromStrings(Array.from({ length: n }, (_, i) => `P${i}`))],
    ['x', numberColumn(x)],
    ['y', numberColumn(y)],
    ['g', codeColumnFromStrings(g, levels)],
    ['m1', codeColumn(m1, ['0', '1'])],
    ['m2', codeColumn(m2, ['0', '1'])],
  ]);
}

describe('column alignment and skipping', () => {
  it('matches levels by label, whatever order each table lists them in', () => {
    const real = table(400, 1);
    const synthetic = table(400, 2);
    const reordered = table(400, 2, ['c', 'a', 'b']);
    const a = fidelity(inputFor(real, synthetic, schema));
    const b = fidelity(inputFor(real, reordered, schema));
    expect(b.columns).toEqual(a.columns);
    expect(b.correlation.synthetic).toEqual(a.correlation.synthetic);
    expect(b.score).toBeCloseTo(a.score!, 12);
  });

  it('is reproducible: same seed, same report', () => {
    const real = table(300, 1);
    const synthetic = table(300, 2);
    expect(fidelity(inputFor(real, synthetic, schema, 9))).toEqual(
      fidelity(inputFor(real, synthetic, schema, 9)),
    );
  });

  it('scores 0 a column that is entirely missing in one table, and says it could not be tested', () => {
    const real = table(200, 1);
    const blank = (t: Table) => t.withColumn('y', numberColumn(new Float64Array(200).fill(Number.NaN)));
    const good = fidelity(inputFor(real, table(200, 2), schema));
    const report = fidelity(inputFor(real, blank(table(200, 2)), schema));
    expect(report.columns.find((c) => c.name === 'y')).toMatchObject({
      test: 'none',
      statistic: null,
      p: null,
      score: 0,
      emptyIn: 'synthetic',
      missing: { synthetic: 1 },
    });
    expect(report.columns.map((c) => c.name)).toEqual(good.columns.map((c) => c.name));
    expect(report.skipped).toContainEqual({
      metric: 'fidelity.columns.y',
      reason: 'no test: the column has no values in the synthetic table, so it scores 0',
    });
    // Its associations are lost, and a classifier sees the empty column at once.
    expect(report.csfParts.distance!).toBeLessThan(good.csfParts.distance! - 0.15);
    expect(report.detection!.auc).toBeGreaterThan(0.9);
    expect(report.verdict).toBe('fail');
    // The same when the real table is the one without values.
    const reversed = fidelity(inputFor(blank(real), table(200, 2), schema));
    expect(reversed.columns.find((c) => c.name === 'y')).toMatchObject({ score: 0, emptyIn: 'real' });
    expect(reversed.score!).toBeLessThan(good.score! - 0.1);
  });

  it('skips table-level metrics for a table of one row instead of inventing numbers', () => {
    const report = fidelity(inputFor(table(200, 1), table(1, 2), schema));
    expect(report.pca).toBeNull();
    expect(report.detection).toBeNull();
    expect(report.correlation.meanAbsDiff).toBeNull();
    expect(report.skipped.map((s) => s.metric)).toEqual(
      expect.arrayContaining(['fidelity.correlation', 'fidelity.detection']),
    );
    expect(Number.isFinite(report.score)).toBe(true);
  });

  it('excludes identifiers', () => {
    const report = fidelity(inputFor(table(200, 1), table(200, 2), schema));
    expect(report.columns.map((c) => c.name)).toEqual(['x', 'y', 'g', 'm1', 'm2']);
    expect(report.genomic!.genes).toEqual(['m1', 'm2']);
  });
});

describe('association matrix', () => {
  it('agrees with the stats functions pair by pair (missing values dropped pairwise)', () => {
    const real = table(300, 3);
    const { columns } = prepareColumns(real, real, schema);
    const m = associationMatrix(columns, 'real', 'spearman');
    const p = associationMatrix(columns, 'real', 'pearson', true);
    const x = real.numbers('x');
    const y = real.numbers('y');
    expect(m[0][1]).toBeCloseTo(spearman(x, y).statistic, 12);
    expect(p[0][1]).toBeCloseTo(pearson(x, y).statistic, 12);
    const m1 = real.codes('m1').codes;
    const m2 = real.codes('m2').codes;
    const cross = [
      [0, 0],
      [0, 0],
    ];
    for (let i = 0; i < m1.length; i++) cross[m1[i]][m2[i]]++;
    expect(m[3][4]).toBeCloseTo(cramersV(cross), 12);
    expect(m[0][2]).toBeGreaterThan(0.7); // η of x by its own tertiles
  });
});

describe('helpers', () => {
  it('gridOverlap is 1 for the same points and 0 for disjoint ones', () => {
    const rng = Rng.from(1);
    const a = Float64Array.from({ length: 400 }, () => rng.normal());
    expect(gridOverlap(a, a, 2, 5)).toBeCloseTo(1, 12);
    expect(
      gridOverlap(
        a,
        a.map((v) => v + 100),
        2,
        5,
      ),
    ).toBeLessThan(0.1);
  });
  it('benjaminiHochberg matches the step-up definition', () => {
    // p sorted: 0.01, 0.02, 0.03, 0.5 → m·p/rank = 0.04, 0.04, 0.04, 0.5
    expect(benjaminiHochberg([0.03, 0.5, 0.01, 0.02])).toEqual([0.04, 0.5, 0.04, 0.04]);
  });
  it('combinedScore is the geometric mean of the parts present', () => {
    expect(combinedScore([0.81, null, 1])).toBeCloseTo(0.9, 12);
    expect(combinedScore([null, null])).toBeNull();
  });
});
