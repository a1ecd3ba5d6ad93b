/**
 * The real data a model was fitted on, as aggregates a reviewer may see (issue 12, step 1): the
 * patient count rounded to 10, and per column the share missing, mean and sd, and a histogram or
 * category counts, every count below the small-cell threshold suppressed (null).
 *
 * Suppressing small cells one at a time is not enough: a column's cells and its missing count add
 * up to the patient count, so a lone hidden cell is that total minus the visible ones (a hostile
 * review recovered 8 patients with t(9;11) that way). Two defences, as statistics offices use them:
 * - every count shown is rounded to a multiple of ROUNDING_BASE, so no total is exact and a
 *   difference of totals is off by several patients;
 * - secondary suppression: within a column (cells and the missing count together), once a cell is
 *   hidden, the next smallest are hidden too until the hidden cells hold at least `minCell`
 *   patients between at least two cells — differencing then yields only a sum of ≥ minCell
 *   patients over several cells, never one cell's count.
 *
 * No patient's own value may show: histogram edges are "nice" round numbers around the 5th–95th
 * percentiles, with open-ended first and last bins, so the minimum and maximum — one patient
 * each — never become an edge (the usual leak of a min/max-binned histogram).
 *
 * Means and sds are shown to two significant digits (age 61, haemoglobin 9.2, LDH 810): what a
 * reviewer compares with the synthetic cohort's, no more. An exact mean times the patient count is
 * an exact sum: with a few-valued column it narrows hidden counts, and two summaries a week apart
 * would tell, by the difference of their sums, the value of a patient added between them.
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

/**
 * Shown counts are rounded to a multiple of 5: half the usual threshold of 10, so a shown count is
 * off by at most 2 patients — enough that totals minus visible cells stop pinning a patient down —
 * while counts of 10, 15, 20 stay readable; a base of 10 would blur the just-shown cells (10–14)
 * as much as the threshold itself.
 */
const ROUNDING_BASE = 5;

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
  const base = { name: spec.name, kind: spec.kind, role: spec.role };
  if (column.type === 'code') {
    const counts = new Array<number>(column.levels.length).fill(0);
    for (const code of present) counts[code]++;
    return { ...base, mean: null, sd: null, ...protect(column.levels, counts, missing, n, minCell) };
  }
  const values = Float64Array.from(present as Float64Array).sort();
  // Too few values to show anything: the values form one unlabelled small cell, which hides the
  // missing count with it (n − missing would give it back).
  if (values.length < minCell)
    return { ...base, mean: null, sd: null, ...protect([], [values.length], missing, n, minCell) };
  const { labels, counts } = histogram(values, spec);
  return { ...base, ...meanSd(values), ...protect(labels, counts, missing, n, minCell) };
}

/**
 * A column's cells and missing share as shown: small cells hidden, then secondary suppression,
 * then every remaining count rounded. The missing count is one more cell of the same partition
 * (cells + missing = n), so it is hidden and rounded by the same rules.
 */
function protect(
  labels: readonly string[],
  counts: readonly number[],
  missing: number,
  n: number,
  minCell: number,
): { cells: Cell[]; missingPercent: number | null } {
  const all = [...counts, missing];
  const hidden = suppressCells(all, minCell);
  const shownMissing = hidden[all.length - 1] ? null : roundCount(missing);
  return {
    // `counts` may hold one more entry than `labels`: a cell that is never shown (see above).
    cells: labels.map((label, i) => ({ label, count: hidden[i] ? null : roundCount(counts[i]) })),
    // The share comes from the rounded count over the rounded total, so it says no more than they do.
    missingPercent:
      n === 0 || shownMissing === null ? null : Math.round((100 * shownMissing) / Math.max(roundCount(n), 1)),
  };
}

/**
 * Which counts of one partition to hide. Primary: every count from 1 to minCell − 1. Secondary:
 * while anything is hidden and the hidden counts hold fewer than minCell patients or fewer than two
 * cells, hide the smallest count still shown. Empty cells (0) are neither hidden nor used as
 * complements: "nobody" is no patient's secret, and hiding a zero adds nothing to the hidden total.
 * A column that runs out of non-empty cells ends fully hidden — say, t(9;11) in 8 of 800 patients
 * with nothing missing hides both the 8 and the 792, since 792 alone would give the 8 back.
 */
export function suppressCells(counts: readonly number[], minCell: number): boolean[] {
  const hidden = counts.map((c) => c > 0 && c < minCell);
  if (!hidden.some(Boolean)) return hidden;
  const order = counts
    .map((count, i) => ({ count, i }))
    .filter(({ count, i }) => count > 0 && !hidden[i])
    .sort((a, b) => a.count - b.count || a.i - b.i);
  let total = counts.reduce((s, c, i) => s + (hidden[i] ? c : 0), 0);
  let nHidden = hidden.filter(Boolean).length;
  for (const { count, i } of order) {
    if (total >= minCell && nHidden >= 2) break;
    hidden[i] = true;
    total += count;
    nHidden++;
  }
  return hidden;
}

/** A count as shown: the nearest multiple of ROUNDING_BASE (halves up). */
export function roundCount(count: number): number {
  return Math.floor(count / ROUNDING_BASE + 0.5) * ROUNDING_BASE;
}

/** Significant digits a mean or sd is shown to. */
const SUMMARY_DIGITS = 2;

function meanSd(values: Float64Array): { mean: number; sd: number | null } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  const shown = (x: number) => Number(x.toPrecision(SUMMARY_DIGITS));
  if (values.length < 2) return { mean: shown(mean), sd: null };
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { mean: shown(mean), sd: shown(Math.sqrt(squares / (values.length - 1))) };
}

/** Bins between nice edges around the 5th–95th percentiles, open below the first and above the last: raw counts. */
export function histogram(sorted: Float64Array, spec: ColumnSpec): { labels: string[]; counts: number[] } {
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
  const labels = counts.map((_, i) =>
    i === 0
      ? `< ${label(edges[0])}`
      : i === edges.length
        ? `≥ ${label(edges[edges.length - 1])}`
        : `${label(edges[i - 1])} to < ${label(edges[i])}`,
  );
  return { labels, counts };
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
