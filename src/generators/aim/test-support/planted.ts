/**
 * A small table with a planted 3-way interaction that no 2-way marginal shows: a, b uniform and
 * independent, c = a XOR b with probability 0.95; d depends on a; e and f are independent noise.
 * Every pair among a, b, c looks independent, so only measuring a × b × c recovers the structure.
 */
import { Rng } from '../../../core/rng.js';
import { Schema } from '../../../data/schema.js';
import { codeColumn, Table } from '../../../data/table.js';

const BOOL = ['0', '1'];

export const plantedSchema = Schema.parse({
  version: 1,
  columns: [
    ...['a', 'b', 'c', 'd'].map((name) => ({ name, kind: 'boolean', categories: BOOL, nullable: false })),
    { name: 'e', kind: 'categorical', categories: ['x', 'y', 'z'], nullable: false },
    { name: 'f', kind: 'categorical', categories: ['p', 'q', 'r', 's'], nullable: false },
  ],
});

export function plantedTable(rows: number, seed: number): Table {
  const rng = Rng.from(seed);
  const a = Int32Array.from({ length: rows }, () => rng.int(2));
  const b = Int32Array.from({ length: rows }, () => rng.int(2));
  const c = Int32Array.from({ length: rows }, (_, i) => a[i] ^ b[i] ^ (rng.bernoulli(0.05) ? 1 : 0));
  const d = Int32Array.from({ length: rows }, (_, i) => (rng.bernoulli(a[i] ? 0.8 : 0.2) ? 1 : 0));
  const e = Int32Array.from({ length: rows }, () => rng.int(3));
  const f = Int32Array.from({ length: rows }, () => rng.int(4));
  return new Table([
    ['a', codeColumn(a, BOOL)],
    ['b', codeColumn(b, BOOL)],
    ['c', codeColumn(c, BOOL)],
    ['d', codeColumn(d, BOOL)],
    ['e', codeColumn(e, ['x', 'y', 'z'])],
    ['f', codeColumn(f, ['p', 'q', 'r', 's'])],
  ]);
}
