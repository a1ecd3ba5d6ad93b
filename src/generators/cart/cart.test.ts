import { describe, expect, it } from 'vitest';
import { DataError, ModelError, UsageError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { readTable } from '../../data/io.js';
import type { Table } from '../../data/table.js';
import { fitModel, sampleModel } from '../pipeline.js';
import { cartGenerator } from './index.js';
import { CartOptions } from './options.js';
import { cohort } from './test-support/cohort.js';
import { correlation, mean, meanWhere, missingShare, oddsRatio, share } from './test-support/stats.js';

const real = cohort(3000, 'cart');
const options = CartOptions.parse({});
const model = cartGenerator.fit({ ...real, rng: Rng.from(1) }, options);
const synthetic = model.sample({ rows: 6000, rng: Rng.from(2), where: [] });

function sameTable(a: Table, b: Table): void {
  expect(b.names).toEqual(a.names);
  for (const [name, column] of a.columns()) expect(b.column(name)).toEqual(column);
}

describe('cart generator: contract', () => {
  it('returns the modelled columns in the training order, with their levels', () => {
    expect(synthetic.names).toEqual(real.table.names);
    expect(synthetic.nRows).toBe(6000);
    expect(synthetic.codes('grade').levels).toEqual(['low', 'mid', 'high']);
  });

  it('gives the same rows for the same seed, others for another', () => {
    const again = cartGenerator.fit({ ...real, rng: Rng.from(9) }, options);
    sameTable(synthetic, again.sample({ rows: 6000, rng: Rng.from(2), where: [] }));
    expect(model.sample({ rows: 50, rng: Rng.from(3), where: [] }).numbers('x')).not.toEqual(
      model.sample({ rows: 50, rng: Rng.from(4), where: [] }).numbers('x'),
    );
  });

  it('round-trips its parameters through JSON to identical samples', () => {
    const text = JSON.stringify(model.params);
    expect(text).not.toMatch(/NaN|Infinity/);
    const params = cartGenerator.paramsSchema.parse(JSON.parse(text));
    const restored = cartGenerator.restore(params, real.schema, options);
    const where = [{ column: 'mut_b', equals: '1' }];
    sameTable(
      model.sample({ rows: 500, rng: Rng.from(5), where }),
      restored.sample({ rows: 500, rng: Rng.from(5), where }),
    );
  });

  it('refuses parameters whose trees split on a later column', () => {
    const params = structuredClone(model.params);
    const column = params.columns.find((c) => c.type === 'code' && c.tree.nodes.length > 1)!;
    const root = (column as { tree: { nodes: Array<{ predictor?: number }> } }).tree.nodes[0];
    root.predictor = params.columns.length + 3;
    expect(() => cartGenerator.restore(params, real.schema, options)).toThrow(ModelError);
  });

  it('refuses fewer than 10 rows, and infinite numbers, with a DataError', () => {
    const tiny = real.table.take(Uint32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8]));
    expect(() => cartGenerator.fit({ table: tiny, schema: real.schema, rng: Rng.from(1) }, options)).toThrow(
      DataError,
    );
    const x = Float64Array.from(real.table.numbers('x'));
    x[7] = Number.POSITIVE_INFINITY;
    const bad = real.table.withColumn('x', { type: 'number', values: x });
    expect(() => cartGenerator.fit({ table: bad, schema: real.schema, rng: Rng.from(1) }, options)).toThrow(
      /row 8, column 'x'/,
    );
  });

  it('visits an explicit order first and rejects an unknown column', () => {
    const ordered = cartGenerator.fit(
      { ...real, rng: Rng.from(1) },
      CartOptions.parse({ order: ['os_days', 'x'] }),
    );
    expect(ordered.params.columns.slice(0, 3).map((c) => c.name)).toEqual(['os_days', 'x', 'centre']);
    expect(() =>
      cartGenerator.fit({ ...real, rng: Rng.from(1) }, CartOptions.parse({ order: ['nope'] })),
    ).toThrow(UsageError);
  });

  it('with a huge minLeaf draws every column from its marginal only', () => {
    const flat = cartGenerator.fit(
      { ...real, rng: Rng.from(1) },
      CartOptions.parse({ minLeaf: 5000, survival: 'tree' }),
    );
    for (const column of flat.params.columns) {
      const tree = column.type === 'code' ? column.tree : column.type === 'number' ? column.value! : null;
      expect(tree?.nodes).toHaveLength(1);
    }
  });
});

describe('cart generator: fidelity', () => {
  it('keeps the marginals', () => {
    for (const name of ['x', 'y', 'age', 'os_days']) {
      const sd = Math.sqrt(
        mean(real.table.numbers(name).map((v) => (v - mean(real.table.numbers(name))) ** 2)),
      );
      expect(Math.abs(mean(synthetic.numbers(name)) - mean(real.table.numbers(name)))).toBeLessThan(
        0.06 * sd,
      );
    }
    for (const [name, code] of [
      ['sex', 1],
      ['centre', 2],
      ['grade', 0],
      ['mut_a', 1],
    ] as const)
      expect(share(synthetic, name, code)).toBeCloseTo(share(real.table, name, code), 1);
  });

  it('keeps a numeric relationship y = 2x + noise and a category tied to x', () => {
    const r = correlation(real.table.numbers('x'), real.table.numbers('y'));
    expect(r).toBeGreaterThan(0.9);
    expect(correlation(synthetic.numbers('x'), synthetic.numbers('y'))).toBeGreaterThan(r - 0.05);
    const grade = synthetic.codes('grade').codes;
    const xBy = (g: number) => meanWhere(synthetic, 'x', (i) => grade[i] === g);
    expect(xBy(0)).toBeLessThan(xBy(1));
    expect(xBy(1)).toBeLessThan(xBy(2));
  });

  it('keeps a rare flag and the direction of a co-occurrence', () => {
    expect(share(synthetic, 'rare', 1)).toBeGreaterThan(0.01);
    expect(share(synthetic, 'rare', 1)).toBeLessThan(0.035);
    const realOr = oddsRatio(real.table, 'mut_a', 'mut_b');
    expect(realOr).toBeGreaterThan(3);
    expect(oddsRatio(synthetic, 'mut_a', 'mut_b')).toBeGreaterThan(realOr / 2);
  });

  it('keeps the missingness rate and its dependence on sex', () => {
    const y = synthetic.numbers('y');
    expect(missingShare(y)).toBeCloseTo(missingShare(real.table.numbers('y')), 1.5);
    const sex = synthetic.codes('sex').codes;
    const missingIn = (s: number) => missingShare(y.filter((_, i) => sex[i] === s));
    expect(missingIn(1)).toBeGreaterThan(2 * missingIn(0));
  });

  it('draws survival times given event status: never negative, censoring kept, rfs ≤ os mostly', () => {
    const os = synthetic.numbers('os_days');
    const rfs = synthetic.numbers('rfs_days');
    expect(Math.min(...os)).toBeGreaterThanOrEqual(0);
    expect(share(synthetic, 'os_event', 1)).toBeCloseTo(share(real.table, 'os_event', 1), 1);
    const event = synthetic.codes('os_event').codes;
    const realEvent = real.table.codes('os_event').codes;
    const eventTime = (t: Table, e: Int32Array, value: number) =>
      meanWhere(t, 'os_days', (i) => e[i] === value);
    // Deaths come earlier than censoring in both.
    expect(eventTime(real.table, realEvent, 1)).toBeLessThan(eventTime(real.table, realEvent, 0));
    expect(eventTime(synthetic, event, 1)).toBeLessThan(0.8 * eventTime(synthetic, event, 0));
    const ordered = rfs.filter((v, i) => v <= os[i]).length / rfs.length;
    expect(ordered).toBeGreaterThan(0.95);
    // Older patients die sooner.
    const age = synthetic.numbers('age');
    expect(correlation(age, os)).toBeLessThan(-0.1);
  });

  it('smooths numeric columns but leaves integers as observed values', () => {
    const observedAges = new Set(real.table.numbers('age'));
    expect(synthetic.numbers('age').every((v) => observedAges.has(v))).toBe(true);
    const observedX = new Set(real.table.numbers('x'));
    expect(synthetic.numbers('x').filter((v) => observedX.has(v)).length).toBeLessThan(60);
    const [lo, hi] = [Math.min(...real.table.numbers('x')), Math.max(...real.table.numbers('x'))];
    expect(synthetic.numbers('x').every((v) => v >= lo && v <= hi)).toBe(true);
  });
});

describe('cart generator: codes stored as numbers', () => {
  it('draws only observed values of a number column with a handful of values (pbc edema 0 / 0.5 / 1)', async () => {
    const { table, schema } = await readTable('datasets/pbc.csv');
    expect(schema.columns.find((c) => c.name === 'edema')?.kind).toBe('numeric');
    const model = fitModel(table, schema, 'cart', { seed: 2 });
    const { table: synthetic } = sampleModel(model, { rows: 1000, seed: 2 });
    const values = new Set(synthetic.numbers('edema'));
    expect([...values].every((v) => v === 0 || v === 0.5 || v === 1)).toBe(true);
    // A measurement keeps its smoothing: more distinct bilirubin values than the data has.
    expect(new Set(synthetic.numbers('bili')).size).toBeGreaterThan(new Set(table.numbers('bili')).size);
  });
});
