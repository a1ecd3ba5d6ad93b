import { describe, expect, it } from 'vitest';
import { codeColumn, numberColumn, Table } from '../data/table.js';
import { datasetKey } from './dataset-key.js';

const table = () =>
  new Table([
    ['age', numberColumn([61, 47, Number.NaN])],
    ['sex', codeColumn([0, 1, -1], ['F', 'M'])],
  ]);

describe('dataset key', () => {
  it('is a SHA-256 fingerprint that holds no values', () => {
    const key = datasetKey(table());
    expect(key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(key).not.toContain('61');
  });

  it('does not change with row order, column order or category codes', () => {
    const shuffled = new Table([
      ['sex', codeColumn([0, 1, -1], ['M', 'F'])],
      ['age', numberColumn([47, 61, Number.NaN])],
    ]);
    const reordered = new Table([
      ['sex', codeColumn([-1, 1, 0], ['F', 'M'])],
      ['age', numberColumn([Number.NaN, 47, 61])],
    ]);
    expect(datasetKey(shuffled)).toBe(datasetKey(table()));
    expect(datasetKey(reordered)).toBe(datasetKey(table()));
  });

  it('changes with any value, a missing cell, a column name or a column kind', () => {
    const base = datasetKey(table());
    expect(datasetKey(table().withColumn('age', numberColumn([61, 48, Number.NaN])))).not.toBe(base);
    expect(datasetKey(table().withColumn('age', numberColumn([61, 47, 0])))).not.toBe(base);
    expect(
      datasetKey(
        new Table(
          table()
            .columns()
            .map(([n, c]) => [n === 'age' ? 'Age' : n, c]),
        ),
      ),
    ).not.toBe(base);
    const asText = table().withColumn('age', codeColumn([0, 1, -1], ['61', '47']));
    expect(datasetKey(asText)).not.toBe(base);
  });

  it('tells one patient more from one patient fewer', () => {
    expect(datasetKey(table().take([0, 1]))).not.toBe(datasetKey(table()));
  });
});
