import { describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.js';
import type { Table } from '../data/table.js';
import { simulate } from './index.js';

function sameTable(a: Table, b: Table): boolean {
  if (a.names.join() !== b.names.join() || a.nRows !== b.nRows) return false;
  return a.names.every((name) => {
    const x = a.column(name);
    const y = b.column(name);
    if (x.type === 'number' && y.type === 'number')
      return x.values.every((v, i) => Object.is(v, y.values[i]));
    if (x.type === 'code' && y.type === 'code')
      return x.levels.join() === y.levels.join() && x.codes.every((c, i) => c === y.codes[i]);
    return false;
  });
}

describe('simulate', () => {
  it.each(['aml', 'scd'])('%s: same options and seed give an identical table', (disease) => {
    const a = simulate(disease, { patients: 300, centres: 3, seed: 42 });
    const b = simulate(disease, { patients: 300, centres: 3, seed: 42 });
    const c = simulate(disease, { patients: 300, centres: 3, seed: 43 });
    expect(sameTable(a.table, b.table)).toBe(true);
    expect(sameTable(a.table, c.table)).toBe(false);
  });

  it.each(['aml', 'scd'])('%s: the table has exactly the schema columns, in order', (disease) => {
    const { table, schema } = simulate(disease, { patients: 50, centres: 2, seed: 1 });
    expect(table.names).toEqual(schema.columns.map((c) => c.name));
    expect(table.nRows).toBe(50);
    expect(table.codes('centre').levels).toEqual(['C01', 'C02']);
    expect(table.cell('patient_id', 0)).toBe(`${disease.toUpperCase()}-000001`);
  });

  it('every centre gets patients', () => {
    const { table } = simulate('aml', { patients: 12, centres: 12, seed: 3 });
    expect(new Set(table.codes('centre').codes).size).toBe(12);
  });

  it('the lab unit shift is off by default and changes only haemoglobin at that centre', () => {
    const plain = simulate('aml', { patients: 400, centres: 4, seed: 5 }).table;
    const shifted = simulate('aml', { patients: 400, centres: 4, seed: 5, labUnitShiftCentre: 2 }).table;
    const centre = plain.codes('centre').codes;
    const hb = plain.numbers('hb');
    const hb2 = shifted.numbers('hb');
    for (let i = 0; i < plain.nRows; i++) expect(hb2[i]).toBeCloseTo(centre[i] === 1 ? hb[i] * 10 : hb[i], 9);
    expect(
      sameTable(plain.select(['wbc', 'os_days', 'npm1']), shifted.select(['wbc', 'os_days', 'npm1'])),
    ).toBe(true);
    expect(Math.max(...hb)).toBeLessThanOrEqual(17);
  });

  it('rejects an unknown disease, listing the known ones', () => {
    expect(() => simulate('cll', { patients: 10 })).toThrow(UsageError);
    expect(() => simulate('cll', { patients: 10 })).toThrow(/known diseases: aml, scd/);
  });

  it.each([0, -5, 2.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects patients = %s', (patients) => {
    for (const disease of ['aml', 'scd'])
      expect(() => simulate(disease, { patients })).toThrow(/patients must be a positive integer/);
  });

  it.each([0, -1, 1.5])('rejects centres = %s', (centres) => {
    expect(() => simulate('aml', { patients: 10, centres })).toThrow(/centres must be a positive integer/);
  });

  it('rejects more centres than patients, and AML-only options for SCD', () => {
    expect(() => simulate('scd', { patients: 3, centres: 4 })).toThrow(/cannot exceed patients/);
    expect(() => simulate('aml', { patients: 30, centres: 3, labUnitShiftCentre: 4 })).toThrow(UsageError);
    expect(() => simulate('aml', { patients: 30, intensiveShare: 1.2 })).toThrow(UsageError);
    expect(() => simulate('scd', { patients: 30, labUnitShiftCentre: 1 })).toThrow(/aml only/);
  });
});
