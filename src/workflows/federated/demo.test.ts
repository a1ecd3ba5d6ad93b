import { describe, expect, it } from 'vitest';
import { demoCohort } from './demo.js';

describe('the federated demo cohort', () => {
  it('splits the simulated cohort into one table per centre, every patient in exactly one', () => {
    const cohort = demoCohort({ patients: 400, centres: 5, seed: 3 });
    expect(cohort.sites.map((s) => s.name)).toEqual(['C01', 'C02', 'C03', 'C04', 'C05']);
    expect(cohort.sites.reduce((n, s) => n + s.table.nRows, 0)).toBe(400);
    const ids = cohort.sites.flatMap((s) =>
      [...s.table.codes('patient_id').codes].map((c) => s.table.codes('patient_id').levels[c]),
    );
    expect(new Set(ids).size).toBe(400);
    for (const site of cohort.sites) {
      const centre = site.table.codes('centre');
      expect(new Set([...centre.codes].map((c) => centre.levels[c]))).toEqual(new Set([site.name]));
    }
  });

  it('puts haemoglobin in g/L at the third centre only (about ten times the others’ median)', () => {
    const cohort = demoCohort({ patients: 1000, centres: 5, seed: 3 });
    expect(cohort.shiftedCentre).toBe('C03');
    const median = (name: string) => {
      const hb = [...cohort.sites.find((s) => s.name === name)!.table.numbers('hb')]
        .filter(Number.isFinite)
        .sort((a, b) => a - b);
      return hb[hb.length >> 1];
    };
    expect(median('C03') / median('C01')).toBeGreaterThan(7);
    expect(median('C02') / median('C01')).toBeLessThan(1.5);
  });

  it('with two centres shifts the second, and refuses one centre', () => {
    expect(demoCohort({ patients: 100, centres: 2, seed: 1 }).shiftedCentre).toBe('C02');
    expect(() => demoCohort({ patients: 100, centres: 1, seed: 1 })).toThrow(/at least 2 centres/);
  });

  it('writes the second centre’s file its own way, with the consortium’s values', () => {
    const cohort = demoCohort({ patients: 300, centres: 3, seed: 2 });
    expect(cohort.ownWayCentre).toBe('C02');
    const [header, first] = cohort.sites[1].csv.split('\n');
    expect(header.split(';')).toEqual(cohort.schema.columns.map((c) => c.name));
    const cells = Object.fromEntries(header.split(';').map((name, k) => [name, first.split(';')[k]]));
    const table = cohort.sites[1].table;
    expect(cells.sex).toBe({ female: 'F', male: 'M' }[table.cell('sex', 0) as string]);
    // The CSV writer quotes a cell holding a comma, whatever the delimiter.
    expect(cells.wbc).toMatch(/^"\d+,\d"$/);
    expect(Number(cells.wbc.slice(1, -1).replace(',', '.'))).toBe(table.cell('wbc', 0));
    // The others export the consortium's way.
    expect(cohort.sites[0].csv.split('\n')[0]).toBe(cohort.schema.columns.map((c) => c.name).join(','));
    expect(demoCohort({ patients: 100, centres: 2, seed: 1 }).ownWayCentre).toBeUndefined();
  });
});
