/**
 * Per-column work of the fit: check each column, measure its marginal (a quantile sketch for
 * numbers, frequencies for codes, the share missing), and build the codecs that map its values to
 * and from the latent normal scale. Each column is measured on its own, in O(n log n) for numbers
 * (one sort) and O(n) for codes.
 */
import { DataError } from '../../core/errors.js';
import { detectDecimals } from '../../data/decimals.js';
import type { Schema } from '../../data/schema.js';
import type { Column, Table } from '../../data/table.js';
import { CodeCodec, missingCodec, NumberCodec } from './codec.js';
import { sketchMarginal } from './marginal.js';
import type { CodeMarginal, ColumnModel, CopulaOptions, NumberMarginal } from './params.js';

/** A column as measured, before the latent layout is fixed. */
export type MeasuredColumn =
  | {
      readonly name: string;
      readonly column: Column;
      readonly missing: number;
      readonly observed: number;
      readonly marginal: NumberMarginal;
    }
  | {
      readonly name: string;
      readonly column: Column;
      readonly missing: number;
      readonly observed: number;
      readonly marginal: Omit<CodeMarginal, 'order' | 'probabilities'>;
      readonly counts: Float64Array;
    };

/** How the encoding changed a column: a fraction (continuous on [0, 1]), missingness of its own. */
export interface Encoding {
  readonly fraction?: boolean;
  /** 1 missing, 0 present, −1 not modelled; the column's own NaNs when absent. */
  readonly indicator?: Int8Array;
}

export function measureColumn(
  table: Table,
  name: string,
  schema: Schema,
  options: CopulaOptions,
  encoding: Encoding = {},
): MeasuredColumn {
  const column = table.column(name);
  const kind = encoding.fraction ? 'numeric' : schema.columns.find((c) => c.name === name)?.kind;
  if (column.type === 'number') {
    if (kind === 'categorical' || kind === 'boolean')
      throw new DataError(
        { column: name },
        `the schema declares a ${kind} column but the data holds numbers`,
      );
    const sorted = observedSorted(name, column.values);
    const decimals =
      kind === 'integer' || kind === 'date' ? 0 : encoding.fraction ? null : detectDecimals(sorted);
    const marginal: NumberMarginal = { type: 'number', knots: sketchMarginal(sorted, options), decimals };
    const missing = missingShare(encoding.indicator, sorted.length, table.nRows);
    return { name, column, missing, observed: sorted.length, marginal };
  }
  if (kind === 'numeric' || kind === 'integer' || kind === 'date')
    throw new DataError(
      { column: name },
      `the schema declares a ${kind} column but the data holds categories`,
    );
  const counts = levelCounts(name, column.codes, column.levels.length);
  const observed = counts.reduce((a, b) => a + b, 0);
  const marginal = { type: 'code' as const, levels: [...column.levels] };
  const missing = missingShare(encoding.indicator, observed, table.nRows);
  return { name, column, missing, observed, marginal, counts };
}

/** Share missing among the rows where missingness is modelled. */
function missingShare(indicator: Int8Array | undefined, observed: number, rows: number): number {
  if (!indicator) return 1 - observed / rows;
  let missing = 0;
  let modelled = 0;
  for (const v of indicator)
    if (v >= 0) {
      modelled++;
      missing += v;
    }
  return modelled === 0 ? 0 : missing / modelled;
}

function observedSorted(name: string, values: Float64Array): Float64Array {
  let observed = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY)
      throw new DataError({ column: name, row: i + 1 }, `value ${v} is not a finite number`);
    if (!Number.isNaN(v)) observed++;
  }
  if (observed === 0) throw allMissing(name);
  const out = new Float64Array(observed);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) out[j++] = values[i];
  return out.sort();
}

function levelCounts(name: string, codes: Int32Array, levels: number): Float64Array {
  const counts = new Float64Array(levels);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code >= levels)
      throw new DataError({ column: name, row: i + 1 }, `code ${code} has no level (${levels} levels)`);
    if (code >= 0) counts[code]++;
  }
  if (!counts.some((c) => c > 0)) throw allMissing(name);
  return counts;
}

function allMissing(name: string): DataError {
  return new DataError(
    { column: name },
    'every value is missing: drop the column or fill it in before fitting',
  );
}

/** Codes in latent order with their probabilities: the code marginal once the order is chosen. */
export function codeMarginal(measured: MeasuredColumn, order: readonly number[]): CodeMarginal {
  if (!('counts' in measured)) throw new TypeError(`column '${measured.name}' is not a code column`);
  const { counts, observed } = measured;
  return {
    ...measured.marginal,
    order: [...order],
    probabilities: order.map((code) => counts[code] / observed),
  };
}

/** The codecs of a fitted column: its value's latent scale, and its missingness indicator's. */
export interface ColumnCodecs {
  readonly model: ColumnModel;
  readonly value: NumberCodec | CodeCodec;
  readonly missing: CodeCodec | undefined;
}

export function columnCodecs(model: ColumnModel, rows: number): ColumnCodecs {
  const observed = Math.max(1, Math.round(rows * (1 - model.missing)));
  const value =
    model.marginal.type === 'number'
      ? new NumberCodec(model.marginal, observed)
      : new CodeCodec(model.marginal);
  return { model, value, missing: model.missingLatent === null ? undefined : missingCodec(model.missing) };
}
