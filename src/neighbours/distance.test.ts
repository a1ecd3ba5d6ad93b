import { describe, expect, it } from 'vitest';
import type { Schema } from '../data/schema.js';
import { codeColumn, codeColumnFromStrings, numberColumn, Table } from '../data/table.js';
import { rawGower } from './distance.js';
import { encodeGower } from './encoding.js';
import { gowerDistance } from './index.js';

const schema: Schema = {
  version: 1,
  columns: [
    { name: 'id', kind: 'categorical', role: 'id', nullable: true },
    { name: 'age', kind: 'integer', role: 'feature', nullable: true },
    { name: 'sex', kind: 'categorical', role: 'feature', nullable: true },
    { name: 'stage', kind: 'categorical', role: 'feature', nullable: true },
    { name: 'tp53', kind: 'boolean', role: 'mutation', nullable: true },
  ],
  endpoints: [],
  rules: [],
};

// Real: ages 20..70 (range 50). The other table lists its levels in another order.
const real = new Table([
  ['id', codeColumnFromStrings(['a', 'b', 'c'])],
  ['age', numberColumn([20, 70, 45])],
  ['sex', codeColumnFromStrings(['f', 'm', 'f'])],
  ['stage', codeColumnFromStrings(['I', 'II', null])],
  ['tp53', codeColumn([0, 1, 0], ['0', '1'])],
]);
const other = new Table([
  ['id', codeColumnFromStrings(['x', 'y', 'z'])],
  ['age', numberColumn([30, 200, Number.NaN])],
  ['sex', codeColumnFromStrings(['m', 'f', 'm'])],
  ['stage', codeColumnFromStrings(['III', 'I', 'II'])],
  ['tp53', codeColumn([1, 1, 0], ['0', '1'])],
]);

describe('Gower distance', () => {
  const { space, rows } = encodeGower(schema, [real, other]);
  const [r, o] = rows;

  it('leaves identifiers out and sorts columns into numbers, flags and categories', () => {
    expect(space.columns).toBe(4);
    expect(space.numeric).toEqual(['age']);
    expect(space.flags).toEqual(['sex', 'tp53']);
    expect(space.categorical).toEqual(['stage']);
  });

  it('is 0 from a row to itself, missing values included', () => {
    for (let i = 0; i < 3; i++) expect(gowerDistance(space, r, i, r, i)).toBe(0);
    expect(gowerDistance(space, o, 2, o, 2)).toBe(0);
  });

  it('scales numbers by the real range and matches categories by label', () => {
    // real 0 (20, f, I, 0) vs other 1 (200, f, I, 1): age clipped to 1, tp53 differs.
    expect(gowerDistance(space, r, 0, o, 1)).toBe((1 + 0 + 0 + 1) / 4);
    // real 0 vs other 0 (30, m, III, 1): age 10/50, sex, stage and tp53 differ.
    expect(gowerDistance(space, r, 0, o, 0)).toBeCloseTo((0.2 + 3) / 4, 15);
    // real 1 (70, m, II, 1) vs other 2 (missing, m, II, 0): missing against present counts 1.
    expect(gowerDistance(space, r, 1, o, 2)).toBe((1 + 0 + 0 + 1) / 4);
    // real 2 (45, f, missing stage, 0) vs other 2: age 1, sex 1, stage missing vs II 1.
    expect(gowerDistance(space, r, 2, o, 2)).toBe(3 / 4);
  });

  it('is symmetric and obeys the triangle inequality', () => {
    const all = [...[0, 1, 2].map((i) => [r, i] as const), ...[0, 1, 2].map((i) => [o, i] as const)];
    for (const [a, i] of all)
      for (const [b, j] of all) {
        expect(rawGower(space, a, i, b, j)).toBe(rawGower(space, b, j, a, i));
        for (const [c, l] of all)
          expect(rawGower(space, a, i, c, l)).toBeLessThanOrEqual(
            rawGower(space, a, i, b, j) + rawGower(space, b, j, c, l) + 1e-12,
          );
      }
  });

  it('compares a number column that is constant in the real data as values', () => {
    const flat = new Table([['x', numberColumn([5, 5])]]);
    const moved = new Table([['x', numberColumn([5, 6, 7])]]);
    const s: Schema = {
      ...schema,
      columns: [{ name: 'x', kind: 'numeric', role: 'feature', nullable: true }],
    };
    const enc = encodeGower(s, [flat, moved]);
    expect(gowerDistance(enc.space, enc.rows[0], 0, enc.rows[1], 0)).toBe(0);
    expect(gowerDistance(enc.space, enc.rows[0], 0, enc.rows[1], 1)).toBe(1);
    expect(gowerDistance(enc.space, enc.rows[1], 1, enc.rows[1], 2)).toBe(1);
  });
});

describe('encodeGower', () => {
  it('refuses infinite numbers with the column named', () => {
    const s: Schema = {
      ...schema,
      columns: [{ name: 'x', kind: 'numeric', role: 'feature', nullable: true }],
    };
    const bad = new Table([['x', numberColumn([1, Number.POSITIVE_INFINITY])]]);
    expect(() => encodeGower(s, [bad])).toThrow(/column 'x': holds an infinite number/);
  });
});
