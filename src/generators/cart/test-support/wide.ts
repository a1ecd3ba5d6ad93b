/**
 * A wide cohort for timing: the small cohort plus 25 mutation flags (1–30 %, in pairs that
 * co-occur) and 12 correlated lab values with some missingness, about 50 columns in all.
 */
import { Rng } from '../../../core/rng.js';
import { parseSchema } from '../../../data/schema.js';
import { codeColumn, numberColumn, Table } from '../../../data/table.js';
import { type Cohort, cohort, cohortSchema } from './cohort.js';

const FLAGS = 25;
const LABS = 12;

export function wideCohort(n: number, seed: number | string = 1): Cohort {
  const base = cohort(n, seed);
  const rng = Rng.from(seed).split('wide');
  const x = base.table.numbers('x');
  const columns = base.table.columns();
  const flags: Int32Array[] = [];
  for (let f = 0; f < FLAGS; f++) {
    const p = 0.01 + (0.29 * f) / (FLAGS - 1);
    const partner = f % 2 === 1 ? flags[f - 1] : undefined;
    const codes = Int32Array.from({ length: n }, (_, i) =>
      rng.bernoulli(partner?.[i] ? Math.min(0.9, 4 * p) : p) ? 1 : 0,
    );
    flags.push(codes);
    columns.push([`gene_${f}`, codeColumn(codes, ['0', '1'])]);
  }
  for (let l = 0; l < LABS; l++) {
    const values = Float64Array.from({ length: n }, (_, i) =>
      rng.bernoulli(0.03 + 0.01 * l)
        ? Number.NaN
        : Math.exp(2 + 0.3 * x[i] + 0.2 * flags[l][i] + rng.normal(0, 0.6)),
    );
    columns.push([`lab_${l}`, numberColumn(values)]);
  }
  const schema = parseSchema({
    ...cohortSchema,
    columns: [
      ...cohortSchema.columns,
      ...Array.from({ length: FLAGS }, (_, f) => ({
        name: `gene_${f}`,
        kind: 'boolean',
        role: 'mutation',
        categories: ['0', '1'],
      })),
      ...Array.from({ length: LABS }, (_, l) => ({ name: `lab_${l}`, kind: 'numeric' })),
    ],
  });
  return { table: new Table(columns), schema };
}
