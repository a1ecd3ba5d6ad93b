/** A small mixed table and its schema, shared by the measure tests. */
import { Rng } from '../../core/rng.js';
import { Schema } from '../../data/schema.js';
import { codeColumn, numberColumn, Table } from '../../data/table.js';

export const smallSchema = Schema.parse({
  version: 1,
  columns: [
    { name: 'id', kind: 'categorical', role: 'id', nullable: false },
    { name: 'sex', kind: 'categorical', categories: ['female', 'male'], nullable: false },
    { name: 'npm1', kind: 'boolean', role: 'mutation', nullable: false },
    { name: 'ecog', kind: 'integer', min: 0, max: 4 },
    { name: 'wbc', kind: 'numeric', min: 0, max: 500, nullable: false },
  ],
});

/** `rows` patients drawn from `seed`; ecog is missing for about one in five. */
export function smallTable(rows: number, seed: number): Table {
  const rng = Rng.from(seed);
  const sex = Int32Array.from({ length: rows }, () => rng.int(2));
  const npm1 = Int32Array.from({ length: rows }, (_, i) => (rng.bernoulli(sex[i] ? 0.3 : 0.2) ? 1 : 0));
  const ecog = Float64Array.from({ length: rows }, () => (rng.bernoulli(0.2) ? Number.NaN : rng.int(5)));
  const wbc = Float64Array.from({ length: rows }, (_, i) =>
    Math.min(500, rng.exponential(npm1[i] ? 1 / 60 : 1 / 15)),
  );
  return new Table([
    [
      'id',
      codeColumn(
        Int32Array.from({ length: rows }, (_, i) => i),
        Array.from({ length: rows }, (_, i) => `P${i}`),
      ),
    ],
    // The data's level order differs from the declared one: codes are matched by text.
    [
      'sex',
      codeColumn(
        sex.map((s) => 1 - s),
        ['male', 'female'],
      ),
    ],
    ['npm1', codeColumn(npm1, ['no', 'yes'])],
    ['ecog', numberColumn(ecog)],
    ['wbc', numberColumn(wbc)],
  ]);
}
