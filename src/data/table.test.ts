import { describe, expect, it } from 'vitest';
import { codeColumnFromStrings, numberColumn, Table } from './table.js';

const table = () =>
  new Table([
    ['age', numberColumn([50, Number.NaN, 70])],
    ['sex', codeColumnFromStrings(['f', 'm', null])],
  ]);

describe('Table', () => {
  it('holds typed columns with missing values', () => {
    const t = table();
    expect(t.nRows).toBe(3);
    expect(t.names).toEqual(['age', 'sex']);
    expect(t.cell('age', 1)).toBeUndefined();
    expect(t.cell('sex', 0)).toBe('f');
    expect(t.cell('sex', 2)).toBeUndefined();
    expect(t.codes('sex').levels).toEqual(['f', 'm']);
  });

  it('takes, filters and selects rows and columns without changing the original', () => {
    const t = table();
    const taken = t.take([2, 0, 0]);
    expect(Array.from(taken.numbers('age'))).toEqual([70, 50, 50]);
    expect(t.filter((r) => t.cell('sex', r) === 'm').nRows).toBe(1);
    expect(t.select(['sex']).names).toEqual(['sex']);
    expect(t.withColumn('age', numberColumn([1, 2, 3])).numbers('age')[0]).toBe(1);
    expect(t.numbers('age')[0]).toBe(50);
  });

  it('refuses duplicate names, ragged columns and the wrong column type', () => {
    expect(
      () =>
        new Table([
          ['a', numberColumn([1])],
          ['a', numberColumn([2])],
        ]),
    ).toThrow(/duplicate/);
    expect(
      () =>
        new Table([
          ['a', numberColumn([1])],
          ['b', numberColumn([1, 2])],
        ]),
    ).toThrow(/rows/);
    expect(() => table().numbers('sex')).toThrow(/categories/);
    expect(() => table().column('nope')).toThrow(/no column/);
    expect(() => codeColumnFromStrings(['x'], ['a'])).toThrow(/levels/);
  });
});
