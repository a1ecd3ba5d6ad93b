/**
 * A simulated cohort widened with a broad genomic panel, the shape of a haematology registry that
 * stores a sequencing panel per patient: many sparse 0/1 variant flags (frequencies 0.5–20 %, some in
 * correlated groups, as variants in one pathway are), a few extra lab values with gaps. Used by the
 * wide-table benchmarks and the test that guards the generators against quadratic slow-downs.
 */
import { Rng } from '../core/rng.js';
import type { ColumnSpec } from '../data/schema.js';
import { type Column, numberColumn, Table } from '../data/table.js';
import { normalSf } from '../stats/distributions.js';
import { BOOLEAN_LEVELS, booleanColumn, type SimulatedCohort } from './columns.js';

export interface WidePanelOptions {
  /** Extra 0/1 variant columns. */
  variants: number;
  /** Extra numeric lab columns, each with about 10 % missing. */
  labs?: number;
  seed?: number | string;
}

/** Variants come in groups of this many sharing a latent pathway factor (correlated flags). */
const GROUP = 8;

export function widenWithPanel(cohort: SimulatedCohort, options: WidePanelOptions): SimulatedCohort {
  const { variants, labs = 0, seed = 1 } = options;
  const rng = Rng.from(seed).split('wide-panel');
  const n = cohort.table.nRows;
  const columns: Array<[string, Column]> = cohort.table.columns();
  const specs: ColumnSpec[] = [...cohort.schema.columns];
  let pathway = new Float64Array(n);
  for (let v = 0; v < variants; v++) {
    if (v % GROUP === 0) pathway = Float64Array.from({ length: n }, () => rng.normal());
    const frequency = 0.005 + 0.195 * rng.uniform() ** 2;
    const loading = v % 3 === 0 ? 0.6 : 0;
    const threshold = quantileOfFrequency(frequency);
    const flags = new Uint8Array(n);
    for (let i = 0; i < n; i++)
      flags[i] = loading * pathway[i] + Math.sqrt(1 - loading ** 2) * rng.normal() > threshold ? 1 : 0;
    const name = `var_${String(v + 1).padStart(4, '0')}`;
    columns.push([name, booleanColumn(flags)]);
    specs.push({ name, kind: 'boolean', role: 'mutation', categories: [...BOOLEAN_LEVELS], nullable: false });
  }
  for (let l = 0; l < labs; l++) {
    const scale = 10 ** rng.int(3);
    const values = Float64Array.from({ length: n }, () =>
      rng.uniform() < 0.1 ? Number.NaN : Math.round(scale * Math.exp(rng.normal(0, 0.5)) * 10) / 10,
    );
    const name = `lab_${String(l + 1).padStart(3, '0')}`;
    columns.push([name, numberColumn(values)]);
    specs.push({ name, kind: 'numeric', role: 'feature', min: 0, nullable: true });
  }
  return { table: new Table(columns), schema: { ...cohort.schema, columns: specs } };
}

/** The threshold t with P(Z > t) = frequency for a standard normal Z (the mix keeps unit variance). */
function quantileOfFrequency(frequency: number): number {
  let lo = -8;
  let hi = 8;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (normalSf(mid) > frequency) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
