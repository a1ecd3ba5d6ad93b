/**
 * SDMetrics' DCRBaselineProtection (docs.sdv.dev/sdmetrics › DCRBaselineProtection; source
 * sdmetrics/single_table/privacy/dcr_baseline_protection.py and dcr_utils.py), by brute force:
 * - DCR of a row = its distance to the closest real row. The distance is Gower's: per column,
 *   numerical |a − b| / range of the real column, capped at 1 (a column constant in the real data:
 *   0 if equal, else 1), categorical 0 if equal, else 1; missing against missing 0, against a value
 *   1; averaged over the columns (identifiers left out).
 * - The baseline is random data of the synthetic table's size, drawn per column from the real
 *   column: int64 → uniform integers in [min, max], float64 → uniform in [min, max], text → a
 *   uniform choice among the observed values; then made missing at the real column's missing rate.
 * - Score = min(1, median DCR of the synthetic rows / median DCR of the random rows); 1 means the
 *   synthetic rows are as far from the real ones as random rows are.
 * We reuse neither src/neighbours' encoding nor its tree: that encoding follows our schema's column
 * types, whereas SDMetrics compares SDV's sdtypes (status, stage, … as categories), and brute force
 * is instant at a few hundred rows.
 */
import type { Rng } from '../src/core/rng.js';
import type { Schema } from '../src/data/schema.js';
import type { Table } from '../src/data/table.js';
import { rowKeys } from '../src/generators/row-keys.js';
import type { FrameColumn } from './peers-frame.js';

export interface DcrBaseline {
  readonly score: number;
  readonly medianSynthetic: number;
  readonly medianRandom: number;
}

export function dcrBaselineProtection(frame: readonly FrameColumn[], rng: Rng): DcrBaseline {
  const rows = frame[0]?.synthetic.length ?? 0;
  const random = frame.map((column, c) => randomBaseline(column, rows, rng.split(c)));
  const medianSynthetic = median(
    distancesToClosest(
      frame,
      frame.map((c) => c.synthetic),
    ),
  );
  const medianRandom = median(distancesToClosest(frame, random));
  const score = medianRandom === 0 ? Number.NaN : Math.min(1, medianSynthetic / medianRandom);
  return { score, medianSynthetic, medianRandom };
}

/** `DCRBaselineProtection._generate_random_data` for one column. */
function randomBaseline(column: FrameColumn, rows: number, rng: Rng): Float64Array {
  const present = column.real.filter((v) => !Number.isNaN(v));
  const missingRate = 1 - present.length / column.real.length;
  const observed = [...new Set(present)];
  const min = Math.min(...present);
  const max = Math.max(...present);
  return Float64Array.from({ length: rows }, () => {
    let value: number;
    if (column.dtype === 'object') value = observed[rng.int(observed.length)];
    else if (column.dtype === 'int') value = min + rng.int(max - min + 1);
    else value = min + (max - min) * rng.uniform();
    return rng.uniform() < missingRate ? Number.NaN : value;
  });
}

/** For each row of `dataset` (columns in frame order), the Gower distance to the closest real row. */
function distancesToClosest(frame: readonly FrameColumn[], dataset: readonly Float64Array[]): Float64Array {
  const ranges = frame.map((column) => range(column.real));
  const rows = dataset[0]?.length ?? 0;
  const realRows = frame[0]?.real.length ?? 0;
  const result = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = Number.POSITIVE_INFINITY;
    for (let j = 0; j < realRows && best > 0; j++) {
      let sum = 0;
      for (let c = 0; c < frame.length; c++)
        sum += columnDistance(dataset[c][i], frame[c].real[j], frame[c].sdtype, ranges[c]);
      best = Math.min(best, sum / frame.length);
    }
    result[i] = best;
  }
  return result;
}

function columnDistance(a: number, b: number, sdtype: FrameColumn['sdtype'], span: number): number {
  const aMissing = Number.isNaN(a);
  const bMissing = Number.isNaN(b);
  if (aMissing || bMissing) return aMissing && bMissing ? 0 : 1;
  if (sdtype === 'categorical' || span === 0) return a === b ? 0 : 1;
  return Math.min(Math.abs(a - b) / span, 1);
}

function range(values: Float64Array): number {
  const present = values.filter((v) => !Number.isNaN(v));
  return present.length ? Math.max(...present) - Math.min(...present) : 0;
}

/** pandas' `Series.median`: the mean of the two middle values for an even count. */
function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Share of synthetic rows equal to some real row on every non-identifier column (missing = missing). */
export function exactCopyShare(real: Table, synthetic: Table, schema: Schema): number {
  const columns = schema.columns.filter((c) => c.role !== 'id').map((c) => c.name);
  const seen = new Set(rowKeys(real, columns));
  const copies = rowKeys(synthetic, columns).filter((key) => seen.has(key)).length;
  return copies / synthetic.nRows;
}
