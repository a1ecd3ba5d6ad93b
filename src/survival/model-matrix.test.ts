import { describe, expect, it } from 'vitest';
import { DataError, StatisticsError } from '../core/errors.js';
import { codeColumn, numberColumn, Table } from '../data/table.js';
import { modelMatrix } from './model-matrix.js';

// Levels a, b, c, d: a absent, b on rows 0–1, c on rows 2–4, d on row 5.
const table = new Table([
  ['x', numberColumn([1, 2, 3, 4, 5, 6])],
  ['g', codeColumn([1, 1, 2, 2, 2, 3], ['a', 'b', 'c', 'd'])],
]);

describe('modelMatrix', () => {
  it("codes as R's treatment contrasts by default: the first level present is the reference", () => {
    const m = modelMatrix(table, ['x', 'g']);
    expect(m.names).toEqual(['x', 'gc', 'gd']);
    expect(m.terms).toEqual(['x', 'g', 'g']);
    expect([...m.columns[1]]).toEqual([0, 0, 1, 1, 1, 0]);
  });

  it('codes only the levels given, the first as reference, skipping one absent from the rows', () => {
    const rows = [0, 1, 2, 3, 4];
    const m = modelMatrix(table, ['g'], rows, { levels: new Map([['g', [2, 1, 0]]]) });
    // Reference c; b coded; a listed but absent, so no column of zeros.
    expect(m.names).toEqual(['gb']);
    expect([...m.columns[0]]).toEqual([1, 1, 0, 0, 0]);
  });

  it('refuses a row whose level is not coded, and an absent reference', () => {
    expect(() => modelMatrix(table, ['g'], undefined, { levels: new Map([['g', [2, 1]]]) })).toThrow(
      DataError,
    );
    expect(() => modelMatrix(table, ['g'], [2, 3, 5], { levels: new Map([['g', [1, 2, 3]]]) })).toThrow(
      StatisticsError,
    );
  });
});
