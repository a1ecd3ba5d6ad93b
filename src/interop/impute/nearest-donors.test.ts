import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { knnImputeColumns, nanEuclideanFrom } from './nearest-donors.js';

interface Fixture {
  tables: Array<{
    name: string;
    data: Array<Array<number | null>>;
    cases: Array<{ k: number; weights: 'uniform' | 'distance'; imputed: number[][] }>;
  }>;
}
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/knn-reference.json', import.meta.url), 'utf8'),
) as Fixture;

const columnsOf = (rows: Array<Array<number | null>>) =>
  rows[0].map((_, j) => Float64Array.from(rows, (row) => row[j] ?? Number.NaN));

describe('knnImputeColumns', () => {
  for (const table of fixture.tables)
    for (const c of table.cases)
      it(`equals scikit-learn's KNNImputer on ${table.name}, k=${c.k}, ${c.weights} weights, within 1e-9`, () => {
        const out = knnImputeColumns(columnsOf(table.data), c.k, c.weights);
        let cells = 0;
        for (const [i, row] of c.imputed.entries())
          for (const [j, v] of row.entries()) {
            if (table.data[i][j] === null) cells++;
            expect(Math.abs(out[j][i] - v), `row ${i} column ${j}`).toBeLessThanOrEqual(1e-9);
          }
        expect(cells).toBeGreaterThan(10);
      });
});

describe('nanEuclideanFrom', () => {
  it('scales the distance over shared coordinates up to all of them', () => {
    const a = Float64Array.from([0, 3]);
    const b = Float64Array.from([Number.NaN, 4]);
    const c = Float64Array.from([Number.NaN, Number.NaN]);
    // rows (0, NaN, NaN) and (3, 4, NaN) share only the first coordinate: sqrt(3 / 1 · (0 − 3)²)
    const d = nanEuclideanFrom([a, b, c], 0, new Float64Array(2));
    expect(d[1]).toBeCloseTo(Math.sqrt(27), 14);
    expect(d[0]).toBe(0);
  });
});
