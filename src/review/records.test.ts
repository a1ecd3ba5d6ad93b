import { describe, expect, it } from 'vitest';
import { daysFromIso } from '../data/dates.js';
import { parseSchema } from '../data/schema.js';
import { codeColumn, numberColumn, Table } from '../data/table.js';
import { simulateAml } from '../simulate/index.js';
import { recordsOf } from './records.js';

describe('recordsOf', () => {
  const schema = parseSchema({
    version: 1,
    columns: [
      { name: 'id', kind: 'categorical', role: 'id' },
      { name: 'age', kind: 'integer' },
      { name: 'wbc', kind: 'numeric', decimals: 1 },
      { name: 'ldh', kind: 'numeric' },
      { name: 'diagnosed', kind: 'date' },
      { name: 'risk', kind: 'categorical', categories: ['favourable', 'intermediate', 'adverse'] },
      { name: 'hsct', kind: 'boolean', categories: ['no', 'yes'] },
      { name: 'not_in_table', kind: 'numeric' },
    ],
  });
  const table = new Table([
    ['risk', codeColumn([2, -1], ['favourable', 'intermediate', 'adverse'])],
    ['id', codeColumn([0, 1], ['P1', 'P2'])],
    ['age', numberColumn([61.4, Number.NaN])],
    ['wbc', numberColumn([12.345, -0.01])],
    ['ldh', numberColumn([310.25, 99])],
    ['diagnosed', numberColumn([daysFromIso('2021-03-04'), Number.NaN])],
    ['hsct', codeColumn([1, 0], ['no', 'yes'])],
  ]);

  it('shows rows in schema order: rounded numbers, ISO dates, labels, null for missing', () => {
    const { columns, rows } = recordsOf(table, schema);
    expect(columns.map((c) => c.name)).toEqual(['id', 'age', 'wbc', 'ldh', 'diagnosed', 'risk', 'hsct']);
    expect(rows).toEqual([
      ['P1', 61, 12.3, 310.25, '2021-03-04', 'adverse', 'yes'],
      ['P2', null, 0, 99, null, null, 'no'],
    ]);
    expect(Object.is(rows[1][2], -0)).toBe(false);
    expect(columns[5]).toEqual({
      name: 'risk',
      kind: 'categorical',
      role: 'feature',
      categories: ['favourable', 'intermediate', 'adverse'],
    });
    expect(columns[1].categories).toBeUndefined();
  });

  it('offers categorical features with 2–12 categories as subgroups', () => {
    expect(recordsOf(table, schema).subgroups).toEqual(['risk']);
    const aml = simulateAml({ patients: 200, seed: 3 });
    expect(recordsOf(aml.table, aml.schema).subgroups).toEqual(['sex', 'eln2022', 'treatment']);
  });
});
