import { describe, expect, test } from 'vitest';
import { parseSchema } from '../../data/schema.js';
import { codeColumnFromStrings, numberColumn, Table } from '../../data/table.js';
import { simulateAml } from '../../simulate/index.js';
import { correlationRatioFromCodes, cramersVFromCodes } from '../../stats/association.js';
import { spearman } from '../../stats/correlation.js';
import { associationOf, screenAssociations } from './associations.js';
import { SelectOptions } from './options.js';

const codes = (values: string[]) => codeColumnFromStrings(values);

describe('associationOf, on cases computed by hand', () => {
  test('|Spearman ρ| of two numbers: 1 − 6Σd²/(n(n²−1)) without ties', () => {
    // ranks of y: 2 1 4 3 5, d = −1 1 −1 1 0, Σd² = 4, ρ = 1 − 24/120 = 0.8.
    const r = associationOf(numberColumn([1, 2, 3, 4, 5]), numberColumn([20, 10, 40, 30, 50]));
    expect(r.method).toBe('spearman');
    expect(r.value).toBeCloseTo(0.8, 12);
    expect(r.n).toBe(5);
    // A reversed order is as redundant: the absolute value.
    expect(
      associationOf(numberColumn([1, 2, 3, 4, 5]), numberColumn([-20, -10, -40, -30, -50])).value,
    ).toBeCloseTo(0.8, 12);
  });

  test('only the rows where both are present count', () => {
    const x = numberColumn([1, 2, Number.NaN, 3, 4, 5, 9]);
    const y = numberColumn([20, 10, 99, 40, 30, 50, Number.NaN]);
    const r = associationOf(x, y);
    expect(r.n).toBe(5);
    expect(r.value).toBeCloseTo(0.8, 12);
  });

  test("Cramér's V of two categories: √(χ²/(n(k−1)))", () => {
    // Table [[3,1],[1,3]]: every expected count 2, χ² = 4·(1²/2) = 2, V = √(2/8) = 0.5.
    const a = codes(['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b']);
    const b = codes(['x', 'x', 'x', 'y', 'x', 'y', 'y', 'y']);
    const r = associationOf(a, b);
    expect(r.method).toBe('cramers_v');
    expect(r.value).toBeCloseTo(0.5, 12);
  });

  test('η of a number against categories: √(SS between / SS total)', () => {
    // Groups {1,2,3} and {7,8,9}: mean 5, SS total 58, SS between 3·9 + 3·9 = 54.
    const r = associationOf(numberColumn([1, 2, 3, 7, 8, 9]), codes(['a', 'a', 'a', 'b', 'b', 'b']));
    expect(r.method).toBe('eta');
    expect(r.value).toBeCloseTo(Math.sqrt(54 / 58), 12);
    // The same whichever side the number is on.
    expect(
      associationOf(codes(['a', 'a', 'a', 'b', 'b', 'b']), numberColumn([1, 2, 3, 7, 8, 9])).value,
    ).toBeCloseTo(Math.sqrt(54 / 58), 12);
  });
});

describe('screenAssociations', () => {
  const n = 40;
  const x = Float64Array.from({ length: n }, (_, i) => ((i * 7) % n) + 0.5);
  const table = new Table([
    ['id', codeColumnFromStrings(Array.from({ length: n }, (_, i) => `P${i}`))],
    ['x', numberColumn(x)],
    ['x_log', numberColumn(x.map(Math.log))],
    ['noise', numberColumn(Float64Array.from({ length: n }, (_, i) => (i * 13) % 11))],
    ['many', codeColumnFromStrings(Array.from({ length: n }, (_, i) => `L${i % 30}`))],
  ]);
  const schema = parseSchema({
    version: 1,
    columns: [
      { name: 'id', kind: 'categorical', role: 'id' },
      { name: 'x', kind: 'numeric' },
      { name: 'x_log', kind: 'numeric' },
      { name: 'noise', kind: 'numeric' },
      { name: 'many', kind: 'categorical' },
    ],
  });

  test('a monotone transform is redundant; identifiers and many-level categories are not compared', () => {
    const screen = screenAssociations(table, schema, SelectOptions.parse({ maxLevels: 20 }));
    expect(screen.redundant.map((p) => [p.a, p.b, p.method])).toEqual([['x', 'x_log', 'spearman']]);
    expect(screen.redundant[0].value).toBeCloseTo(1, 12);
    expect(screen.notCompared.map((c) => c.column)).toEqual(['id', 'many']);
  });

  test('too few complete pairs: not judged redundant', () => {
    const screen = screenAssociations(table, schema, SelectOptions.parse({ minPairs: 41 }));
    expect(screen.redundant).toEqual([]);
  });
});

test('the screen agrees with the plain measures of stats/ on every pair of a simulated cohort', () => {
  const { table, schema } = simulateAml({ patients: 150, centres: 2, seed: 2 });
  const names = [
    'age',
    'ecog',
    'wbc',
    'ldh',
    'bm_blasts',
    'sex',
    'eln2022',
    'npm1',
    'rfs_days',
    'rfs_status',
  ];
  const small = table.select(names);
  const smallSchema = parseSchema({
    ...schema,
    columns: schema.columns.filter((c) => names.includes(c.name)),
    endpoints: [],
    rules: [],
  });
  const screen = screenAssociations(small, smallSchema, SelectOptions.parse({ redundancy: 0, minPairs: 3 }));
  expect(screen.redundant).toHaveLength((names.length * (names.length - 1)) / 2);
  for (const pair of screen.redundant) {
    const a = small.column(pair.a);
    const b = small.column(pair.b);
    const [numbers, codes] = a.type === 'number' ? [a, b] : [b, a];
    const slow =
      a.type === 'number' && b.type === 'number'
        ? Math.abs(spearman(a.values, b.values).statistic)
        : a.type === 'code' && b.type === 'code'
          ? cramersVFromCodes(a.codes, a.levels.length, b.codes, b.levels.length)
          : numbers.type === 'number' && codes.type === 'code'
            ? correlationRatioFromCodes(numbers.values, codes.codes, codes.levels.length)
            : Number.NaN;
    expect(pair.value, `${pair.a} × ${pair.b}`).toBeCloseTo(slow, 12);
  }
});
