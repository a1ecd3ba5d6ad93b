/**
 * Columns of a Table as numeric coordinates for distances and regressions. A number column is one
 * coordinate (standardised by its observed mean and sd for distances, so that platelets in 10⁹/L
 * do not drown age in years); a category column with L levels becomes L indicator coordinates
 * scaled by 1/√2, so that two different categories are at distance 1, as one sd of a number is.
 * A missing cell is NaN in each of its coordinates.
 */
import type { Table } from '../../data/table.js';
import type { PlannedColumn } from './plan.js';

export function distanceCoordinates(table: Table, columns: readonly PlannedColumn[], standardise: boolean) {
  const out: Float64Array[] = [];
  for (const planned of columns) {
    const column = table.column(planned.name);
    if (column.type === 'number') {
      const values = Float64Array.from(column.values);
      if (standardise) {
        const { mean, sd } = observedMeanSd(values);
        for (let i = 0; i < values.length; i++) values[i] = (values[i] - mean) / (sd > 0 ? sd : 1);
      }
      out.push(values);
      continue;
    }
    const scale = Math.SQRT1_2;
    for (let level = 0; level < column.levels.length; level++)
      out.push(
        Float64Array.from(column.codes, (code) => (code < 0 ? Number.NaN : code === level ? scale : 0)),
      );
  }
  return out;
}

export function observedMeanSd(values: Float64Array): { mean: number; sd: number } {
  let n = 0;
  let sum = 0;
  for (const v of values)
    if (!Number.isNaN(v)) {
      n++;
      sum += v;
    }
  const mean = sum / n;
  let ss = 0;
  for (const v of values) if (!Number.isNaN(v)) ss += (v - mean) ** 2;
  return { mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0 };
}
