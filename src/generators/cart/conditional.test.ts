import { describe, expect, it } from 'vitest';
import { UsageError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { codeColumn } from '../../data/table.js';
import { resample } from './conditional.js';
import { cartGenerator } from './index.js';
import { CartOptions } from './options.js';
import { cohort } from './test-support/cohort.js';
import { meanWhere, missingShare, share } from './test-support/stats.js';

const real = cohort(3000, 'conditions');
const options = CartOptions.parse({});
const model = cartGenerator.fit({ ...real, rng: Rng.from(1) }, options);
const codesOf = (name: string) => real.table.codes(name).codes;

describe('cart conditional sampling', () => {
  it('draws a first-visited column from its marginal restricted to the condition', () => {
    const rows = model.sample({ rows: 2000, rng: Rng.from(1), where: [{ column: 'centre', equals: 'C' }] });
    expect(share(rows, 'centre', 2)).toBe(1);
    // Centre C's patients are older (70 vs 58): the later columns follow the condition.
    const realAge = meanWhere(real.table, 'age', (i) => codesOf('centre')[i] === 2);
    expect(Math.abs(meanWhere(rows, 'age', () => true) - realAge)).toBeLessThan(1.5);
  });

  it('reweights the earlier columns by the probability of the condition (x given grade = high)', () => {
    const rows = model.sample({ rows: 3000, rng: Rng.from(2), where: [{ column: 'grade', equals: 'high' }] });
    expect(share(rows, 'grade', 2)).toBe(1);
    const realX = meanWhere(real.table, 'x', (i) => codesOf('grade')[i] === 2);
    const overallX = meanWhere(real.table, 'x', () => true);
    expect(realX - overallX).toBeGreaterThan(0.8);
    expect(Math.abs(meanWhere(rows, 'x', () => true) - realX)).toBeLessThan(0.15);
  });

  it('keeps a co-mutation under a condition on the rarer partner', () => {
    const rows = model.sample({ rows: 3000, rng: Rng.from(3), where: [{ column: 'mut_b', equals: '1' }] });
    expect(share(rows, 'mut_b', 1)).toBe(1);
    const carriers = [...codesOf('mut_b').keys()].filter((i) => codesOf('mut_b')[i] === 1);
    const realShare = carriers.filter((i) => codesOf('mut_a')[i] === 1).length / carriers.length;
    expect(realShare).toBeGreaterThan(0.45);
    expect(Math.abs(share(rows, 'mut_a', 1) - realShare)).toBeLessThan(0.1);
  });

  it('meets a 2 % subgroup quickly, every row meeting it', () => {
    const started = performance.now();
    const rows = model.sample({ rows: 5000, rng: Rng.from(4), where: [{ column: 'rare', equals: '1' }] });
    // Generous for a busy machine; generate-and-filter would take about 50 times as long.
    expect(performance.now() - started).toBeLessThan(8000);
    expect(share(rows, 'rare', 1)).toBe(1);
    // Prefixes are repeated by resampling, but not collapsed onto a handful of rows.
    expect(new Set(rows.numbers('x')).size).toBeGreaterThan(2000);
  });

  it('meets several conditions at once: in, equals on an integer, missing', () => {
    const where = [
      { column: 'centre', in: ['A', 'B'] },
      { column: 'age', equals: 60 },
      { column: 'y', missing: true },
    ];
    const rows = model.sample({ rows: 1000, rng: Rng.from(5), where });
    expect(share(rows, 'centre', 2)).toBe(0);
    expect(rows.numbers('age').every((a) => a === 60)).toBe(true);
    expect(missingShare(rows.numbers('y'))).toBe(1);
    // y is missing more often in men (real P(man | y missing) ≈ 0.77 against 0.45 overall), so
    // conditioning on it shifts sex towards men, through the sex split of y's missingness tree.
    const shifted = model.sample({ rows: 3000, rng: Rng.from(6), where: [where[0], where[2]] });
    expect(share(shifted, 'sex', 1)).toBeGreaterThan(share(real.table, 'sex', 1) + 0.25);
  });

  it('refuses a category that never occurs, naming column and value', () => {
    const centre = real.table.codes('centre');
    const noC = Int32Array.from(centre.codes, (c) => (c === 2 ? 0 : c));
    const table = real.table.withColumn('centre', codeColumn(noC, centre.levels));
    const fitted = cartGenerator.fit({ table, schema: real.schema, rng: Rng.from(1) }, options);
    const where = [{ column: 'centre', equals: 'C' }];
    expect(() => fitted.sample({ rows: 10, rng: Rng.from(1), where })).toThrow(UsageError);
    expect(() => fitted.sample({ rows: 10, rng: Rng.from(1), where })).toThrow(/centre = C/);
    expect(() =>
      model.sample({ rows: 10, rng: Rng.from(1), where: [{ column: 'grade', equals: 'x' }] }),
    ).toThrow(/'x' is not a category of grade/);
    expect(() =>
      model.sample({ rows: 10, rng: Rng.from(1), where: [{ column: 'age', equals: 200 }] }),
    ).toThrow(/age = 200/);
  });

  it('gives the same rows for the same seed', () => {
    const where = [{ column: 'rare', equals: '1' }];
    const a = model.sample({ rows: 300, rng: Rng.from(6), where });
    const b = model.sample({ rows: 300, rng: Rng.from(6), where });
    for (const name of a.names) expect(b.column(name)).toEqual(a.column(name));
  });
});

describe('systematic resampling', () => {
  it('picks rows in proportion to their weights and never a zero weight', () => {
    const weights = Float64Array.from([0, 1, 0, 3, 0, 0]);
    const picked = resample(weights, 400, Rng.from(1));
    const counts = [0, 0, 0, 0, 0, 0];
    for (const i of picked) counts[i]++;
    expect(counts).toEqual([0, 100, 0, 300, 0, 0]);
  });
});
