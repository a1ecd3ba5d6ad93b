import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { parseSchema } from '../data/schema.js';
import { codeColumn, numberColumn, Table } from '../data/table.js';
import { simulateAml } from '../simulate/index.js';
import { niceStep, summariseRealData } from './real-summary.js';
import { RealDataSummary } from './types.js';

describe('summariseRealData', () => {
  const rng = Rng.from(4);
  const n = 237;
  const ldh = Float64Array.from({ length: n }, () => 150 + 300 * rng.uniform());
  // One patient each at the extremes, with values no rounding could produce by chance.
  ldh[17] = 9876.54321;
  ldh[18] = 3.27183;
  ldh[19] = Number.NaN;
  const schema = parseSchema({
    version: 1,
    columns: [
      { name: 'id', kind: 'categorical', role: 'id' },
      { name: 'centre', kind: 'categorical', role: 'centre' },
      { name: 'ldh', kind: 'numeric' },
      { name: 'subtype', kind: 'categorical' },
      { name: 'rare_missing', kind: 'integer' },
    ],
  });
  const table = new Table([
    [
      'id',
      codeColumn(
        Int32Array.from({ length: n }, (_, i) => i),
        Array.from({ length: n }, (_, i) => `P${i}`),
      ),
    ],
    [
      'centre',
      codeColumn(
        Int32Array.from({ length: n }, (_, i) => i % 3),
        ['A', 'B', 'C'],
      ),
    ],
    ['ldh', numberColumn(ldh)],
    // 4 patients of a rare subtype: a small cell.
    [
      'subtype',
      codeColumn(
        Int32Array.from({ length: n }, (_, i) => (i < 4 ? 1 : 0)),
        ['common', 'rare'],
      ),
    ],
    ['rare_missing', numberColumn(Float64Array.from({ length: n }, (_, i) => (i < 3 ? Number.NaN : i % 7)))],
  ]);
  const summary = summariseRealData(table, schema);

  it('is a valid summary: patients rounded to 10, centres counted, the id column left out', () => {
    expect(RealDataSummary.parse(summary)).toEqual(summary);
    expect(summary.patients).toBe(240);
    expect(summary.centres).toBe(3);
    expect(summary.minCell).toBe(10);
    expect(summary.columns.map((c) => c.name)).toEqual(['centre', 'ldh', 'subtype', 'rare_missing']);
  });

  it('suppresses small cells and small missing counts', () => {
    const subtype = summary.columns.find((c) => c.name === 'subtype')!;
    expect(subtype.cells).toEqual([
      { label: 'common', count: n - 4 },
      { label: 'rare', count: null },
    ]);
    expect(summary.columns.find((c) => c.name === 'rare_missing')!.missingPercent).toBeNull();
    expect(summary.columns.find((c) => c.name === 'subtype')!.missingPercent).toBe(0);
  });

  it('bins numbers between nice edges with open ends, counts adding up to the patients with a value', () => {
    const column = summary.columns.find((c) => c.name === 'ldh')!;
    expect(column.mean).not.toBeNull();
    expect(column.cells[0].label).toMatch(/^< \d+$/);
    expect(column.cells.at(-1)!.label).toMatch(/^≥ \d+$/);
    expect(column.cells.length).toBeGreaterThanOrEqual(5);
    expect(column.cells.length).toBeLessThanOrEqual(13);
    const shown = column.cells.reduce((s, c) => s + (c.count ?? 0), 0);
    expect(shown).toBeLessThanOrEqual(n - 1);
    expect(shown).toBeGreaterThan(n * 0.8);
  });

  it('shows no single patient’s extreme value anywhere', () => {
    const text = JSON.stringify(summary);
    for (const extreme of ['9876', '3.27', '9877', '3.2']) expect(text).not.toContain(extreme);
    // nor the exact minimum or maximum of the ordinary values
    const ordinary = [...ldh].filter((v, i) => i > 19 && !Number.isNaN(v));
    for (const v of [Math.min(...ordinary), Math.max(...ordinary)]) expect(text).not.toContain(String(v));
  });

  it('summarises the simulated AML cohort without small cells', () => {
    const aml = simulateAml({ patients: 500, centres: 4, seed: 2 });
    const s = summariseRealData(aml.table, aml.schema, { minCell: 5 });
    expect(s.centres).toBe(4);
    for (const column of s.columns)
      for (const cell of column.cells) expect(cell.count === null || cell.count >= 5).toBe(true);
    const age = s.columns.find((c) => c.name === 'age')!;
    expect(age.mean).toBeGreaterThan(40);
  });
});

describe('niceStep', () => {
  it('rounds up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0.7, 1, 1.1, 2.2, 3, 7, 12, 260].map(niceStep)).toEqual([1, 1, 2, 2.5, 5, 10, 20, 500]);
  });
});
