import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import type { Schema } from '../data/schema.js';
import { type Column, codeColumn, numberColumn, Table } from '../data/table.js';
import { bruteForceKNearest, buildNeighbourIndex, encodeGower, gowerDistance, kNearest } from './index.js';

/** A random mixed table: numbers with missing values, multi-level categories, 40 flags (two words). */
function randomTable(
  rng: Rng,
  n: number,
  levelsOrder: 'forward' | 'reverse',
): { table: Table; schema: Schema } {
  const columns: Array<[string, Column]> = [];
  const specs: Schema['columns'] = [];
  for (let c = 0; c < 6; c++) {
    // Rounded values give ties; a skewed column gives dense clusters.
    const values = Float64Array.from({ length: n }, () =>
      rng.bernoulli(0.1) ? Number.NaN : Math.round(rng.normal(0, c === 0 ? 0.2 : 1) * 4) / 4,
    );
    columns.push([`x${c}`, numberColumn(values)]);
    specs.push({ name: `x${c}`, kind: 'numeric', role: 'feature', nullable: true });
  }
  for (let c = 0; c < 3; c++) {
    const levels = ['a', 'b', 'c', 'd', 'e'].slice(0, 3 + c);
    const shown = levelsOrder === 'reverse' ? [...levels].reverse() : levels;
    const codes = Int32Array.from({ length: n }, () => {
      if (rng.bernoulli(0.05)) return -1;
      return shown.indexOf(levels[rng.int(levels.length)]);
    });
    columns.push([`cat${c}`, codeColumn(codes, shown)]);
    specs.push({ name: `cat${c}`, kind: 'categorical', role: 'feature', nullable: true });
  }
  for (let c = 0; c < 40; c++) {
    const p = 0.03 + (c % 7) * 0.07;
    columns.push([
      `flag${c}`,
      codeColumn(
        Int32Array.from({ length: n }, () => (rng.bernoulli(p) ? 1 : 0)),
        ['0', '1'],
      ),
    ]);
    specs.push({ name: `flag${c}`, kind: 'boolean', role: 'mutation', nullable: true });
  }
  columns.push([
    'id',
    codeColumn(
      Int32Array.from({ length: n }, (_, i) => i % 3),
      ['p', 'q', 'r'],
    ),
  ]);
  specs.push({ name: 'id', kind: 'categorical', role: 'id', nullable: true });
  return { table: new Table(columns), schema: { version: 1, columns: specs, endpoints: [], rules: [] } };
}

describe('kNearest', () => {
  const rng = Rng.from('knn-test');
  const reference = randomTable(rng.split('reference'), 1500, 'forward');
  const queries = randomTable(rng.split('queries'), 400, 'reverse');
  // A query set that also holds exact copies of reference rows.
  const copies = reference.table.take(Int32Array.from({ length: 50 }, (_, i) => i * 7));
  const { space, rows } = encodeGower(reference.schema, [reference.table, queries.table, copies]);

  it('returns exactly the distances of brute force, for k = 1, 2 and 3 and any leaf size', () => {
    const indexes = [1, 4, 24, 5000].map((leafSize) => buildNeighbourIndex(space, rows[0], { leafSize }));
    for (const q of [rows[1], rows[2]])
      for (const k of [1, 2, 3]) {
        const slow = bruteForceKNearest(space, rows[0], q, k);
        for (const index of indexes) {
          const fast = kNearest(index, q, k);
          expect(fast.distances).toEqual(slow.distances);
          // Each returned index really lies at the reported distance.
          for (let i = 0; i < q.n * k; i++)
            expect(gowerDistance(space, q, Math.floor(i / k), rows[0], fast.indices[i])).toBe(
              fast.distances[i],
            );
        }
      }
  });

  it('finds copies at distance 0 and can exclude a row (self-join, leave one out)', () => {
    const index = buildNeighbourIndex(space, rows[0]);
    const found = kNearest(index, rows[2], 1);
    for (let i = 0; i < 50; i++) expect(found.distances[i]).toBe(0);
    const self = Int32Array.from({ length: 200 }, (_, i) => i);
    const loo = kNearest(index, rows[0], 1, { rows: self, exclude: self });
    const both = kNearest(index, rows[0], 2, { rows: self });
    for (let i = 0; i < 200; i++) {
      expect(loo.indices[i]).not.toBe(i);
      expect(loo.distances[i]).toBe(both.distances[i * 2 + 1]);
    }
  });

  it('pads with Infinity and −1 when the reference has fewer than k rows', () => {
    const small = buildNeighbourIndex(space, { ...rows[2], n: 1 });
    const found = kNearest(small, rows[1], 2, { rows: [0] });
    expect(found.distances[1]).toBe(Number.POSITIVE_INFINITY);
    expect(found.indices[1]).toBe(-1);
  });

  it('rejects a k that is not a positive integer', () => {
    const index = buildNeighbourIndex(space, rows[0]);
    expect(() => kNearest(index, rows[1], 0)).toThrow(/positive integer/);
  });
});
