/**
 * The real data a model was fitted on, as aggregates a reviewer may see (issue 12, step 1): the
 * patient count rounded to 10, and per column the share missing, mean and sd, and a histogram or
 * category counts, every count below the small-cell threshold suppressed (null).
 *
 * No patient's own value may show: histogram edges are "nice" round numbers around the 5th–95th
 * percentiles, with open-ended first and last bins, so the minimum and maximum — one patient
 * each — never become an edge (the usual leak of a min/max-binned histogram).
 */
import { isoFromDays } from '../data/dates.js';
import type { ColumnSpec, Schema } from '../data/schema.js';
import type { Column, Table } from '../data/table.js';
import type { RealDataSummary } from './types.js';

export interface RealSummaryOptions {
  /** Counts below this are suppressed (default 10, the usual registry threshold). */
  minCell?: number;
}

type ColumnSummary = RealDataSummary['columns'][number];
type Cell = ColumnSummary['cells'][number];

/** About this many bins between the rounded 5th and 95th percentiles. */
const TARGET_BINS = 8;

export function summariseRealData(
  table: Table,
  schema: Schema,
  options: RealSummaryOptions = {},
): RealDataSummary {
  const minCell = options.minCell ?? 10;
  if (!(Number.isInteger(minCell) && minCell >= 1))
    throw new RangeError(`minCell must be a whole number ≥ 1, got ${minCell}`);
  const centre = schema.columns.find((c) => c.role === 'centre' && table.has(c.name));
  return {
    patients: Math.round(table.nRows / 10) * 10,
    centres: centre ? distinctCodes(table.column(centre.name)) : null,
    minCell,
    columns: schema.columns
      .filter((spec) => spec.role !== 'id' && table.has(spec.name))
      .map((spec) => summariseColumn(spec, table.column(spec.name), minCell)),
  };
}

function summariseColumn(spec: ColumnSpec, column: Column, minCell: number): ColumnSummary {
  const n = column.type === 'number' ? column.values.length : column.codes.length;
  const present =
    column.type === 'number'
      ? column.values.filter((v) => !Number.isNaN(v))
      : column.codes.filter((c) => c >= 0);
  const missing = n - present.length;
  const base = {
    name: spec.name,
    kind: spec.kind,
    role: spec.role,
    // A handful of missing values is a small cell too: "1 %" of 100 patients is one patient.
    missingPercent: n === 0 || (missing > 0 && missing < minCell) ? null : Math.round((100 * missing) / n),
  };
  if (column.type === 'code') {
    const counts = new Array<number>(column.levels.length).fill(0);
    for (const code of present) counts[code]++;
    return {
      ...base,
      mean: null,
      sd: null,
      cells: column.levels.map((label, i) => suppressed(label, counts[i], minCell)),
    };
  }
  const values = Float64Array.from(present as Float64Array).sort();
  if (values.length < minCell) return { ...base, mean: null, sd: null, cells: [] };
  return { ...base, ...meanSd(values), cells: histogram(values, spec, minCell) };
}

function suppressed(label: string, count: number, minCell: number): Cell {
  return { label, count: count < minCell ? null : count };
}

function meanSd(values: Float64Array): { mean: number; sd: number | null } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  if (values.length < 2) return { mean, sd: null };
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { mean, sd: Math.sqrt(squares / (values.length - 1)) };
}

/** Bins between nice edges around the 5th–95th percentiles, open below the first and above the last. */
export function histogram(sorted: Float64Array, spec: ColumnSpec, minCell: number): Cell[] {
  const whole = spec.kind !== 'numeric';
  const low = quantile(sorted, 0.05);
  const high = quantile(sorted, 0.95);
  let step = niceStep((high - low) / TARGET_BINS || Math.abs(low) / TARGET_BINS || 1);
  if (whole) step = Math.max(1, Math.round(step));
  const first = Math.floor(low / step) * step;
  let last = Math.ceil(high / step) * step;
  if (last <= first) last = first + step;
  const edges: number[] = [];
  for (let i = 0; first + i * step <= last + step / 2; i++) edges.push(tidy(first + i * step, step));
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const v of sorted) counts[binOf(v, edges)]++;
  const label = (x: number) => (spec.kind === 'date' ? isoFromDays(x) : String(x));
  return counts.map((count, i) => {
    const text =
      i === 0
        ? `< ${label(edges[0])}`
        : i === edges.length
          ? `≥ ${label(edges[edges.length - 1])}`
          : `${label(edges[i - 1])} to < ${label(edges[i])}`;
    return suppressed(text, count, minCell);
  });
}

/** 0 below the first edge, i for [edges[i-1], edges[i]), edges.length at or above the last. */
function binOf(v: number, edges: readonly number[]): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v >= edges[mid]) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Linear interpolation between order statistics (R's type 7, numpy's default). */
function quantile(sorted: Float64Array, p: number): number {
  const at = (sorted.length - 1) * p;
  const below = Math.floor(at);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (at - below) * (sorted[above] - sorted[below]);
}

/** The smallest of 1, 2, 2.5, 5 × 10^k at least `raw`. */
export function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= raw * (1 - 1e-12)) return m * power;
  return 10 * power;
}

/** An edge without floating-point dust: 0.30000000000000004 → 0.3. */
function tidy(x: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const rounded = Number(x.toFixed(decimals));
  return rounded === 0 ? 0 : rounded;
}

function distinctCodes(column: Column): number {
  if (column.type === 'number') return new Set(column.values.filter((v) => !Number.isNaN(v))).size;
  return new Set(column.codes.filter((c) => c >= 0)).size;
}
