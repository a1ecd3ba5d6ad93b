/**
 * A small synthetic cohort with known structure, built with the seeded Rng, for the cart tests:
 * a centre, demographics, a numeric y = 2x + noise with missingness that depends on sex, a category
 * tied to x, mutation flags with a common, a co-occurring and a rare one, and two survival
 * endpoints with rfs ≤ os.
 */
import { Rng } from '../../../core/rng.js';
import { parseSchema, type Schema } from '../../../data/schema.js';
import { codeColumn, numberColumn, Table } from '../../../data/table.js';

export interface Cohort {
  readonly table: Table;
  readonly schema: Schema;
}

const cohortSchema: Schema = parseSchema({
  version: 1,
  columns: [
    { name: 'x', kind: 'numeric' },
    { name: 'centre', kind: 'categorical', role: 'centre', categories: ['A', 'B', 'C'] },
    { name: 'age', kind: 'integer', min: 18, max: 90 },
    { name: 'sex', kind: 'boolean', categories: ['F', 'M'] },
    { name: 'y', kind: 'numeric' },
    { name: 'grade', kind: 'categorical', categories: ['low', 'mid', 'high'] },
    { name: 'rare', kind: 'boolean', role: 'mutation', categories: ['0', '1'] },
    { name: 'mut_b', kind: 'boolean', role: 'mutation', categories: ['0', '1'] },
    { name: 'mut_a', kind: 'boolean', role: 'mutation', categories: ['0', '1'] },
    { name: 'rfs_days', kind: 'integer', role: 'time', min: 0 },
    { name: 'rfs_event', kind: 'boolean', role: 'event', categories: ['0', '1'] },
    { name: 'os_days', kind: 'integer', role: 'time', min: 0 },
    { name: 'os_event', kind: 'boolean', role: 'event', categories: ['0', '1'] },
  ],
  endpoints: [
    { name: 'rfs', time: 'rfs_days', event: 'rfs_event' },
    { name: 'os', time: 'os_days', event: 'os_event' },
  ],
  rules: [{ type: 'compare', left: 'rfs_days', op: '<=', right: 'os_days' }],
});

export function cohort(n: number, seed: number | string = 1): Cohort {
  const rng = Rng.from(seed);
  const cols = {
    x: new Float64Array(n),
    centre: new Int32Array(n),
    age: new Float64Array(n),
    sex: new Int32Array(n),
    y: new Float64Array(n),
    grade: new Int32Array(n),
    rare: new Int32Array(n),
    mut_b: new Int32Array(n),
    mut_a: new Int32Array(n),
    rfs_days: new Float64Array(n),
    rfs_event: new Int32Array(n),
    os_days: new Float64Array(n),
    os_event: new Int32Array(n),
  };
  for (let i = 0; i < n; i++) patient(rng, cols, i);
  const levels: Record<string, readonly string[]> = {
    centre: ['A', 'B', 'C'],
    sex: ['F', 'M'],
    grade: ['low', 'mid', 'high'],
  };
  const table = new Table(
    Object.entries(cols).map(([name, values]) => [
      name,
      values instanceof Float64Array ? numberColumn(values) : codeColumn(values, levels[name] ?? ['0', '1']),
    ]),
  );
  return { table, schema: cohortSchema };
}

type Columns = Record<string, Float64Array | Int32Array>;

function patient(rng: Rng, c: Columns, i: number): void {
  c.centre[i] = rng.categorical([0.5, 0.3, 0.2]);
  c.sex[i] = rng.bernoulli(0.45) ? 1 : 0;
  c.age[i] = Math.round(Math.min(90, Math.max(18, rng.normal(c.centre[i] === 2 ? 70 : 58, 12))));
  c.x[i] = rng.normal(c.centre[i], 1);
  // Missing more often in men: missing at random given sex.
  c.y[i] = rng.bernoulli(c.sex[i] ? 0.2 : 0.05) ? Number.NaN : 2 * c.x[i] + rng.normal(0, 0.5);
  c.grade[i] = c.x[i] < 0.3 ? 0 : c.x[i] < 1.5 ? 1 : 2;
  if (rng.bernoulli(0.1)) c.grade[i] = rng.int(3);
  c.mut_a[i] = rng.bernoulli(0.25) ? 1 : 0;
  c.mut_b[i] = rng.bernoulli(c.mut_a[i] ? 0.15 : 0.03) ? 1 : 0;
  c.rare[i] = rng.bernoulli(0.02) ? 1 : 0;
  const hazard = Math.exp(0.03 * (c.age[i] - 60) + 0.5 * c.mut_b[i]) / 700;
  const death = rng.exponential(hazard);
  const censor = 200 + rng.uniform() * 1800;
  c.os_days[i] = Math.round(Math.min(death, censor));
  c.os_event[i] = death <= censor ? 1 : 0;
  const relapse = rng.exponential(hazard * 1.5);
  c.rfs_days[i] = Math.round(Math.min(relapse, c.os_days[i]));
  c.rfs_event[i] = relapse <= c.os_days[i] || c.os_event[i] === 1 ? 1 : 0;
}
