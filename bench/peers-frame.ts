/**
 * The real and synthetic tables as SDV and SDMetrics would see them after `pandas.read_csv`, so
 * that our scores are computed on the same column types as the peers' published ones:
 * - the sdtype follows SDV's metadata auto-detection (`Metadata.detect_from_dataframe`,
 *   `_determine_sdtype_for_numbers`): text is categorical; a number column is categorical when it
 *   holds only whole, non-negative values with at most min(round(n / 10), 10) distinct ones;
 * - the pandas dtype (int64 / float64 / object) decides how DCRBaselineProtection draws its random
 *   baseline: an integer column with a missing value is float64 in pandas.
 * Identifier columns (role id; SDV's sdtype 'id') are left out, as SDMetrics skips them.
 */
import type { Schema } from '../src/data/schema.js';
import type { Column, Table } from '../src/data/table.js';

export type SdType = 'numerical' | 'categorical';
export type PandasDtype = 'int' | 'float' | 'object';

export interface FrameColumn {
  readonly name: string;
  readonly sdtype: SdType;
  readonly dtype: PandasDtype;
  /** Numbers, or for text columns one index per label (shared by both tables); NaN for missing. */
  readonly real: Float64Array;
  readonly synthetic: Float64Array;
}

/** SDV's `_MIN_ROWS_FOR_PREDICTION`: below it every number column stays numerical. */
const MIN_ROWS_FOR_PREDICTION = 5;

export function sdmetricsFrame(real: Table, synthetic: Table, schema: Schema): FrameColumn[] {
  return schema.columns
    .filter((spec) => spec.role !== 'id')
    .map((spec) => {
      const [r, s, text] = pandasValues(real.column(spec.name), synthetic.column(spec.name));
      return {
        name: spec.name,
        sdtype: text || detectsAsCategorical(r) ? 'categorical' : 'numerical',
        dtype: text ? 'object' : wholeWithoutMissing(r) ? 'int' : 'float',
        real: r,
        synthetic: s,
      };
    });
}

/**
 * Both columns as numbers: number columns as they are; category columns whose labels all read as
 * numbers (0/1 flags) as those numbers, as pandas reads them; text as indices into shared labels.
 */
function pandasValues(real: Column, synthetic: Column): [Float64Array, Float64Array, boolean] {
  if (real.type === 'number' && synthetic.type === 'number') return [real.values, synthetic.values, false];
  if (real.type === 'number' || synthetic.type === 'number')
    throw new TypeError('a column holds numbers in one table and categories in the other');
  const labels = [...new Set([...real.levels, ...synthetic.levels])];
  const text = labels.some((label) => label.trim() === '' || !Number.isFinite(Number(label)));
  const value = new Map(labels.map((label, i) => [label, text ? i : Number(label)]));
  const decode = (c: typeof real) =>
    Float64Array.from(c.codes, (code) => (code < 0 ? Number.NaN : value.get(c.levels[code])!));
  return [decode(real), decode(synthetic), text];
}

function detectsAsCategorical(values: Float64Array): boolean {
  if (values.length <= MIN_ROWS_FOR_PREDICTION) return false;
  const present = values.filter((v) => !Number.isNaN(v));
  if (present.length === 0) return false;
  const whole = present.every((v) => v === Math.round(v));
  const positive = present.every((v) => v >= 0);
  const distinct = new Set(present).size;
  return whole && positive && distinct <= Math.min(roundHalfEven(values.length / 10), 10);
}

function wholeWithoutMissing(values: Float64Array): boolean {
  return values.every((v) => Number.isInteger(v));
}

/** Python's `round`, which SDV's threshold uses. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
