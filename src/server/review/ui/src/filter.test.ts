import { describe, expect, it } from 'vitest';
import {
  type CellValue,
  cellText,
  filterRecords,
  formatNumber,
  indexRecords,
  labelsOf,
  NOT_REALISTIC,
  PENDING,
  REALISTIC,
  rangeOf,
  sortOrder,
} from './filter.js';

const names = ['age', 'sex', 'eln_risk', 'hsct'];
const rows: CellValue[][] = [
  [61, 'female', 'adverse', 0],
  [45, 'male', 'favorable', 1],
  [null, 'female', 'intermediate', 1],
  [72, 'male', 'adverse', null],
  [30, null, 'favorable', 0],
];
const index = indexRecords(names, rows, [false, false, false, true]);
const all = (): Uint32Array => sortOrder(index, null, false);
const list = (a: Uint32Array): number[] => Array.from(a);

describe('indexRecords', () => {
  it('keeps numbers in a Float64Array and labels as codes, missing as NaN / -1', () => {
    const age = index.columns[0];
    const sex = index.columns[1];
    expect(age.type).toBe('number');
    expect(sex.type).toBe('label');
    if (age.type !== 'number' || sex.type !== 'label') return;
    expect(Number.isNaN(age.values[2])).toBe(true);
    expect(sex.codes[4]).toBe(-1);
    expect(cellText(sex, 1)).toBe('male');
    expect(cellText(age, 2)).toBe('');
  });

  it('shows numbers readably: integers as they are, three decimals, small values to three digits', () => {
    expect(formatNumber(42)).toBe('42');
    expect(formatNumber(12.34567)).toBe('12.346');
    expect(formatNumber(1e-6)).toBe('0.000001');
    expect(formatNumber(0.012345)).toBe('0.0123');
  });

  it('keeps a column marked as labels as labels even when its values are numbers', () => {
    expect(index.columns[3].type).toBe('label');
    expect(labelsOf(index, 3)).toEqual(['0', '1']);
  });
});

describe('filterRecords', () => {
  const statuses = Uint8Array.from([REALISTIC, PENDING, NOT_REALISTIC, PENDING, NOT_REALISTIC]);

  it('filters by the reviewer status', () => {
    expect(list(filterRecords(index, statuses, all(), { status: 'all' }))).toEqual([0, 1, 2, 3, 4]);
    expect(list(filterRecords(index, statuses, all(), { status: 'pending' }))).toEqual([1, 3]);
    expect(list(filterRecords(index, statuses, all(), { status: 'not-realistic' }))).toEqual([2, 4]);
    expect(list(filterRecords(index, statuses, all(), { status: 'realistic' }))).toEqual([0]);
  });

  it('filters by subgroup, by label text and by a numeric range, combined', () => {
    const order = all();
    expect(
      list(
        filterRecords(index, statuses, order, { status: 'all', subgroup: { column: 2, label: 'adverse' } }),
      ),
    ).toEqual([0, 3]);
    expect(
      list(filterRecords(index, statuses, order, { status: 'all', subgroup: { column: 3, label: '1' } })),
    ).toEqual([1, 2]);
    expect(
      list(filterRecords(index, statuses, order, { status: 'all', subgroup: { column: 2, label: 'none' } })),
    ).toEqual([]);
    expect(
      list(filterRecords(index, statuses, order, { status: 'all', value: { column: 1, text: 'FEM' } })),
    ).toEqual([0, 2]);
    // The range excludes the missing age (row 2).
    expect(
      list(filterRecords(index, statuses, order, { status: 'all', value: { column: 0, min: 40, max: 70 } })),
    ).toEqual([0, 1]);
    expect(
      list(filterRecords(index, statuses, order, { status: 'all', value: { column: 0, min: 50 } })),
    ).toEqual([0, 3]);
    expect(
      list(
        filterRecords(index, statuses, order, {
          status: 'pending',
          subgroup: { column: 2, label: 'adverse' },
          value: { column: 0, min: 70 },
        }),
      ),
    ).toEqual([3]);
  });

  it('walks the sort order, so the result is sorted', () => {
    const byAgeDown = sortOrder(index, 0, true);
    expect(list(byAgeDown)).toEqual([3, 0, 1, 4, 2]);
    expect(list(sortOrder(index, 0, false))).toEqual([4, 1, 0, 3, 2]);
    expect(list(sortOrder(index, 2, false))).toEqual([0, 3, 1, 4, 2]);
    expect(
      list(filterRecords(index, statuses, byAgeDown, { status: 'all', value: { column: 1, text: 'male' } })),
    ).toEqual([3, 0, 1, 2]);
  });

  it('reuses the output buffer it is given', () => {
    const out = new Uint32Array(5);
    const result = filterRecords(index, statuses, all(), { status: 'pending' }, out);
    expect(result.buffer).toBe(out.buffer);
  });

  it('gives shift-click ranges in either direction', () => {
    const visible = Uint32Array.from([4, 1, 0, 3]);
    expect(rangeOf(visible, 3, 1)).toEqual([1, 0, 3]);
    expect(rangeOf(visible, 0, 9)).toEqual([4, 1, 0, 3]);
  });
});

describe('filtering 10,000 × 50 records', () => {
  // A deterministic stand-in cohort (no Math.random): half numeric, half categorical columns.
  const n = 10_000;
  const width = 50;
  const big: CellValue[][] = [];
  let x = 12345;
  const next = (): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 32;
  };
  for (let r = 0; r < n; r++) {
    const row: CellValue[] = [];
    for (let c = 0; c < width; c++) {
      const u = next();
      row.push(u < 0.05 ? null : c % 2 === 0 ? Math.round(u * 1000) / 10 : `level_${Math.floor(u * 8)}`);
    }
    big.push(row);
  }
  const bigIndex = indexRecords(
    big[0].map((_, c) => `col_${c}`),
    big,
  );
  const statuses = new Uint8Array(n);
  for (let r = 0; r < n; r++) statuses[r] = r % 3;

  it('answers a combined filter in well under the 200 ms the browser test allows', () => {
    const order = sortOrder(bigIndex, 4, true);
    const out = new Uint32Array(n);
    const started = performance.now();
    let matched = 0;
    for (let repeat = 0; repeat < 10; repeat++) {
      matched = filterRecords(
        bigIndex,
        statuses,
        order,
        {
          status: 'pending',
          subgroup: { column: 1, label: 'level_3' },
          value: { column: 6, min: 10, max: 60 },
        },
        out,
      ).length;
    }
    const perFilter = (performance.now() - started) / 10;
    expect(perFilter).toBeLessThan(20);
    // Brute force over the row-major records agrees with the columnar filter.
    let expected = 0;
    for (let r = 0; r < n; r++) {
      const v = big[r][6];
      if (statuses[r] === PENDING && big[r][1] === 'level_3' && typeof v === 'number' && v >= 10 && v <= 60)
        expected++;
    }
    expect(matched).toBe(expected);
    expect(matched).toBeGreaterThan(0);
  });

  it('sorts 10,000 rows quickly', () => {
    const started = performance.now();
    const order = sortOrder(bigIndex, 3, false);
    expect(performance.now() - started).toBeLessThan(200);
    const col = bigIndex.columns[3];
    if (col.type !== 'label') throw new Error('expected a label column');
    for (let i = 1; i < order.length; i++) {
      const a = col.codes[order[i - 1]];
      const b = col.codes[order[i]];
      if (b >= 0) expect(a >= 0 && col.rank[a] <= col.rank[b]).toBe(true);
    }
  });
});
