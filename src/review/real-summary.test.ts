import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { parseSchema } from '../data/schema.js';
import { codeColumn, numberColumn, Table } from '../data/table.js';
import { simulateAml } from '../simulate/index.js';
import { histogram, niceStep, roundCount, summariseRealData, suppressCells } from './real-summary.js';
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
    // 'common' alone shown (233 → 235) would give the rare 4 back as the total minus it: both hidden.
    expect(subtype.cells).toEqual([
      { label: 'common', count: null },
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
      for (const cell of column.cells)
        expect(cell.count === null || cell.count === 0 || cell.count >= 5).toBe(true);
    const age = s.columns.find((c) => c.name === 'age')!;
    expect(age.mean).toBeGreaterThan(40);
    // Means and sds to two significant digits: no exact sum of a column leaves.
    for (const column of s.columns)
      for (const x of [column.mean, column.sd])
        if (x !== null && x !== 0) expect(Number(x.toPrecision(2))).toBe(x);
    const values = [...aml.table.numbers('age')].filter((v) => !Number.isNaN(v));
    const exact = values.reduce((a, b) => a + b, 0) / values.length;
    expect(Math.abs(age.mean! - exact)).toBeLessThan(0.5);
  });
});

describe('the differencing attack of the hostile review (issue 12)', () => {
  // The same cohort the review app's fixture uses as "real" data: 800 patients, no missing value in
  // the cytogenetic flags, t(9;11) in 8 of them and t(6;9) in 3.
  const { table, schema } = simulateAml({ patients: 800, centres: 2, seed: 12 });
  const summary = summariseRealData(table, schema);
  const n = table.nRows;

  /** A column's true cell counts and missing count, as the summary bins them. */
  function truth(name: string): { counts: number[]; missing: number } {
    const column = table.column(name);
    if (column.type === 'code') {
      const counts = new Array<number>(column.levels.length).fill(0);
      for (const c of column.codes) if (c >= 0) counts[c]++;
      return { counts, missing: column.codes.filter((c) => c < 0).length };
    }
    const present = Float64Array.from(column.values.filter((v) => !Number.isNaN(v))).sort();
    const spec = schema.columns.find((c) => c.name === name)!;
    const counts = present.length >= summary.minCell ? histogram(present, spec).counts : [];
    return { counts, missing: n - present.length };
  }

  it('shows every count as a multiple of 5 and no cell of 1 to 9 patients', () => {
    for (const column of summary.columns) {
      const { counts } = truth(column.name);
      column.cells.forEach((cell, i) => {
        if (cell.count !== null) expect(cell.count % 5).toBe(0);
        if (counts[i] > 0 && counts[i] < summary.minCell) expect(cell.count).toBeNull();
      });
    }
  });

  it('recovers no hidden count as the exact total minus the visible cells, even knowing n and the missing count', () => {
    let attacked = 0;
    for (const column of summary.columns) {
      const { counts, missing } = truth(column.name);
      const hidden = column.cells.flatMap((cell, i) => (cell.count === null ? [i] : []));
      if (hidden.length === 0) continue;
      attacked++;
      const visible = column.cells.reduce((s, cell) => s + (cell.count ?? 0), 0);
      const guess = n - missing - visible;
      for (const i of hidden)
        expect(guess, `${column.name} cell ${column.cells[i].label}`).not.toBe(counts[i]);
      // What is hidden is never one small group: at least two non-empty cells (the missing count
      // being one when its share is hidden) holding ≥ minCell together.
      const hiddenCounts = hidden.map((i) => counts[i]);
      if (column.missingPercent === null) hiddenCounts.push(missing);
      const nonEmpty = hiddenCounts.filter((c) => c > 0);
      expect(nonEmpty.length, column.name).toBeGreaterThanOrEqual(2);
      expect(nonEmpty.reduce((s, c) => s + c, 0)).toBeGreaterThanOrEqual(summary.minCell);
    }
    expect(attacked).toBeGreaterThan(3);
    const t911 = summary.columns.find((c) => c.name === 'cyto_t9_11')!;
    expect(t911.cells.every((c) => c.count === null)).toBe(true);
  });

  it('gives column totals that disagree with each other and leave the exact patient count open', () => {
    const totals: number[] = [];
    // Rounding to the nearest 5 moves a count by at most 2: the tightest bounds an attacker gets.
    let low = summary.patients - 5;
    let high = summary.patients + 5;
    for (const column of summary.columns) {
      if (column.missingPercent !== 0 || column.cells.some((c) => c.count === null)) continue;
      const total = column.cells.reduce((s, c) => s + (c.count ?? 0), 0);
      const nonEmpty = column.cells.filter((c) => (c.count ?? 0) > 0).length;
      totals.push(total);
      low = Math.max(low, total - 2 * nonEmpty);
      high = Math.min(high, total + 2 * nonEmpty);
    }
    expect(totals.length).toBeGreaterThan(20);
    expect(new Set(totals).size).toBeGreaterThan(1);
    expect(totals.filter((t) => t !== n).length).toBeGreaterThan(0);
    expect(low).toBeLessThanOrEqual(n);
    expect(high).toBeGreaterThanOrEqual(n);
    expect(high - low).toBeGreaterThanOrEqual(2);
  });
});

describe('suppressCells', () => {
  it('hides the next smallest cells until the hidden ones hold ≥ minCell in ≥ 2 cells; zeros stay', () => {
    expect(suppressCells([792, 8, 0], 10)).toEqual([true, true, false]);
    expect(suppressCells([100, 50, 3, 4], 10)).toEqual([false, true, true, true]);
    expect(suppressCells([100, 5, 6], 10)).toEqual([false, true, true]);
    expect(suppressCells([100, 12, 30], 10)).toEqual([false, false, false]);
    expect(suppressCells([100, 0, 0], 10)).toEqual([false, false, false]);
    expect(suppressCells([5], 10)).toEqual([true]);
    // Two small cells already hold ≥ minCell: nothing more hidden.
    expect(suppressCells([300, 6, 7, 40], 10)).toEqual([false, true, true, false]);
  });
});

describe('roundCount', () => {
  it('rounds to the nearest 5, halves up', () => {
    expect([0, 1, 2, 3, 7, 8, 12, 13, 792].map(roundCount)).toEqual([0, 0, 0, 5, 5, 10, 10, 15, 790]);
  });
});

describe('niceStep', () => {
  it('rounds up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0.7, 1, 1.1, 2.2, 3, 7, 12, 260].map(niceStep)).toEqual([1, 1, 2, 2.5, 5, 10, 20, 500]);
  });
});
