import { describe, expect, it } from 'vitest';
import { codeColumn, numberColumn, Table } from '../data/table.js';
import { encodeFeatures } from './features.js';

const real = new Table([
  ['age', numberColumn([40, 50, Number.NaN, 70])],
  ['risk', codeColumn([0, 1, 2, -1], ['favorable', 'intermediate', 'adverse'])],
  ['flt3', codeColumn([0, 1, 0, 0], ['false', 'true'])],
]);

describe('encodeFeatures', () => {
  it('standardises numbers, imputes the mean with an indicator, one-hots codes with a missing column', () => {
    const { matrix, n, p, names } = encodeFeatures(real, ['age', 'risk', 'flt3']);
    expect(names).toEqual([
      'age',
      'age:missing',
      'risk=favorable',
      'risk=intermediate',
      'risk=adverse',
      'risk:missing',
      'flt3=false',
      'flt3=true',
    ]);
    expect([n, p]).toEqual([4, 8]);
    const sd = Math.sqrt((100 + 0 + 400) / 3 - 0); // population sd of 40, 50, 70 around 53.33
    const mean = 160 / 3;
    const popSd = Math.sqrt(((40 - mean) ** 2 + (50 - mean) ** 2 + (70 - mean) ** 2) / 3);
    expect(sd).toBeGreaterThan(0);
    expect(matrix[0]).toBeCloseTo((40 - mean) / popSd, 12);
    expect(Array.from(matrix.subarray(2 * p, 3 * p))).toEqual([0, 1, 0, 0, 1, 0, 1, 0]);
    expect(Array.from(matrix.subarray(3 * p, 4 * p)).slice(2)).toEqual([0, 0, 0, 1, 1, 0]);
  });

  it('applies a reference encoding by label, whatever the other table’s level order', () => {
    const fitted = encodeFeatures(real, ['age', 'risk', 'flt3']);
    const other = new Table([
      ['age', numberColumn([160 / 3, 30])],
      ['risk', codeColumn([0, 1], ['adverse', 'unknown-level'])],
      ['flt3', codeColumn([0, 1], ['true', 'false'])],
    ]);
    const { matrix, p } = encodeFeatures(other, ['age', 'risk', 'flt3'], { reference: fitted.state });
    expect(p).toBe(8);
    expect(matrix[0]).toBeCloseTo(0, 12);
    expect(Array.from(matrix.subarray(2, 8))).toEqual([0, 0, 1, 0, 0, 1]);
    expect(Array.from(matrix.subarray(p + 2, p + 8))).toEqual([0, 0, 0, 0, 1, 0]);
  });

  it('round-trips its state through JSON and refuses other columns or kinds', () => {
    const { state } = encodeFeatures(real, ['age', 'risk']);
    const again = encodeFeatures(real, ['age', 'risk'], { reference: JSON.parse(JSON.stringify(state)) });
    expect(again.matrix).toEqual(encodeFeatures(real, ['age', 'risk']).matrix);
    expect(() => encodeFeatures(real, ['risk', 'age'], { reference: state })).toThrow(/reference encodes/);
    const swapped = new Table([
      ['age', codeColumn([0], ['x'])],
      ['risk', codeColumn([0], ['adverse'])],
    ]);
    expect(() => encodeFeatures(swapped, ['age', 'risk'], { reference: state })).toThrow(/expected numbers/);
  });

  it('rejects infinite values with the column and row', () => {
    const bad = new Table([['x', numberColumn([1, Number.POSITIVE_INFINITY])]]);
    expect(() => encodeFeatures(bad, ['x'])).toThrow(/row 2, column 'x'/);
  });
});

describe('encodeFeatures with compactBinary', () => {
  it('gives a two-level column a single indicator of its second level', () => {
    const { names, matrix, p } = encodeFeatures(real, ['flt3', 'risk'], { compactBinary: true });
    expect(names).toEqual([
      'flt3=true',
      'risk=favorable',
      'risk=intermediate',
      'risk=adverse',
      'risk:missing',
    ]);
    expect(Array.from({ length: 4 }, (_, i) => matrix[i * p])).toEqual([0, 1, 0, 0]);
  });
});
