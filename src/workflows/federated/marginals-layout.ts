/**
 * Round 1 of the federated copula as one dense integer vector. A site's `CopulaMarginals` are
 * sparse (the grid points it occupies), but secure aggregation adds vectors position by position,
 * so every site must write the same positions, fixed before any data is read. The layout is built
 * from the schema alone (its bounds, decimals and categories) and the modelled column names:
 *
 *   [rows] then, per column in order:
 *   number: one count per grid point from the declared min to max, the missing count, and for
 *           `numeric` columns a one-hot of the site's decimals (slots 0..6, then "more than 6");
 *   code:   one count per declared category, the missing count.
 *
 * A number column's grid is the sketch's own (`gridDigits`). When the declared range holds more
 * than `maxGridEntries` points the grid loses a digit at a time, a public and deterministic
 * coarsening: values are then rounded to the coarser grid (each knot moves by at most half a
 * coarse step plus half a fine step, as the site rounds twice). A range still too wide at whole
 * numbers is refused rather than binned, since the sketch's grid cannot be coarser than 1.
 *
 * Decimals merge as a maximum, which sums cannot carry directly: each site adds 1 to the slot of
 * its own value, and the hub reads the maximum from the non-zero slots. The hub thereby learns how
 * many sites write each number of decimals (not which site).
 */
import { DataError, SchemaError } from '../../core/errors.js';
import { boundValue } from '../../data/rules.js';
import type { ColumnSpec, Schema } from '../../data/schema.js';
import type { CopulaMarginals } from '../../generators/copula/index.js';
import { gridDigits } from '../../generators/copula/sketch.js';

/** Grid points per number column before the grid is coarsened (2^16: LDH on 0–20,000 fits whole). */
export const MAX_GRID_ENTRIES = 1 << 16;
/** Decimals 0..6 as `detectDecimals` reports them, then null (more than 6). */
const DECIMAL_SLOTS = 8;
const NULL_DECIMALS = DECIMAL_SLOTS - 1;

interface NumberSlot {
  readonly type: 'number';
  readonly name: string;
  readonly kind: ColumnSpec['kind'];
  /** First entry of the grid counts. */
  readonly offset: number;
  /** Digits of the sketch each site measures with, and of the (possibly coarser) dense grid. */
  readonly siteDigits: number;
  readonly digits: number;
  /** Grid index (at `digits`) of the first entry. */
  readonly first: number;
  readonly points: number;
  /** First of the DECIMAL_SLOTS one-hot entries, or null (integer and date columns need none). */
  readonly decimals: number | null;
}

interface CodeSlot {
  readonly type: 'code';
  readonly name: string;
  readonly offset: number;
  readonly levels: readonly string[];
}

export type ColumnSlot = NumberSlot | CodeSlot;

export interface MarginalsLayout {
  readonly columns: readonly ColumnSlot[];
  /** Entries of the vector every site sends. */
  readonly length: number;
}

/** Missing count of a slot: right after its grid or its levels. */
function missingAt(slot: ColumnSlot): number {
  return slot.offset + (slot.type === 'number' ? slot.points : slot.levels.length);
}

/** The public layout of round 1 for `columns` (the modelled columns, in the sites' order). */
export function marginalsLayout(
  schema: Schema,
  columns: readonly string[],
  maxGridEntries = MAX_GRID_ENTRIES,
): MarginalsLayout {
  let next = 1;
  const slots = columns.map((name): ColumnSlot => {
    const spec = schema.columns.find((c) => c.name === name);
    if (!spec)
      throw new SchemaError(
        { column: name },
        'the sites measure this column but the schema does not declare it',
      );
    const offset = next;
    if (spec.kind === 'categorical' || spec.kind === 'boolean') {
      if (!spec.categories?.length)
        throw new SchemaError(
          { column: name },
          'a federated fit encodes categories from the schema alone: declare its categories',
        );
      next += spec.categories.length + 1;
      return { type: 'code', name, offset, levels: spec.categories };
    }
    const grid = denseGrid(spec, maxGridEntries);
    const decimals = spec.kind === 'numeric' ? offset + grid.points + 1 : null;
    next += grid.points + 1 + (decimals === null ? 0 : DECIMAL_SLOTS);
    return { type: 'number', name, kind: spec.kind, offset, decimals, ...grid };
  });
  return { columns: slots, length: next };
}

/** The grid from the declared bounds, losing digits until it holds at most `cap` points. */
function denseGrid(spec: ColumnSpec, cap: number) {
  const [min, max] = [boundValue(spec.min), boundValue(spec.max)];
  if (min === undefined || max === undefined || !Number.isFinite(min) || !Number.isFinite(max) || max < min)
    throw new SchemaError(
      { column: spec.name },
      'a federated fit lays out number columns from their declared bounds alone: declare min and max (min ≤ max)',
    );
  const siteDigits = gridDigits(spec);
  for (let digits = siteDigits; digits >= 0; digits--) {
    const scale = 10 ** digits;
    const first = Math.floor(min * scale);
    const points = Math.ceil(max * scale) - first + 1;
    if (points <= cap) return { siteDigits, digits, first, points };
  }
  throw new SchemaError(
    { column: spec.name },
    `its declared range ${spec.min}–${spec.max} holds more than ${cap} whole numbers, too many to lay out; declare narrower bounds or raise maxGridEntries`,
  );
}

/**
 * Two counts per ring element: entry j of the layout is 32-bit limb j of the ring vector, so a
 * ring element carries the counts j = 2i (low limb) and 2i + 1 (high limb). The ring adds limb by
 * limb with a carry from low to high only when a low limb's sum reaches 2^32, so the packing is
 * exact while every count summed over the sites stays below 2^32: each site's counts are checked
 * against `maxSiteCount`, and n · maxSiteCount < 2^32 is checked when the layout's job is set up.
 * It halves round 1 (and the masks every site expands) at no cost in exactness.
 */
export function packCounts(counts: Float64Array, maxSiteCount: number): Uint32Array {
  const limbs = new Uint32Array(counts.length + (counts.length % 2));
  for (let j = 0; j < counts.length; j++) {
    const c = counts[j];
    if (!Number.isInteger(c) || c < 0 || c > maxSiteCount)
      throw new DataError(
        {},
        `entry ${j} is ${c}; expected a count in 0..${maxSiteCount} (the job's rows per site)`,
      );
    limbs[j] = c;
  }
  return limbs;
}

/** The summed counts of `length` entries from a ring sum of packed vectors. */
export function unpackCounts(sum: Uint32Array, length: number): Float64Array {
  return Float64Array.from(sum.subarray(0, length));
}

/** The most rows per site for which n sites' counts, packed two to a ring element, cannot carry. */
export function packedCountLimit(sites: number): number {
  return Math.floor((2 ** 32 - 1) / sites);
}

/** A site's round-1 measurement as the dense integer vector of the layout. */
export function encodeMarginals(measured: CopulaMarginals, layout: MarginalsLayout): Float64Array {
  const vector = new Float64Array(layout.length);
  vector[0] = measured.rows;
  if (measured.columns.length !== layout.columns.length)
    throw new DataError(
      {},
      `the site measured ${measured.columns.length} columns; the job lays out ${layout.columns.length}`,
    );
  layout.columns.forEach((slot, i) => {
    const column = measured.columns[i];
    if (column.name !== slot.name || column.type !== slot.type)
      throw new DataError(
        { column: column.name },
        `expected column '${slot.name}' (${slot.type}) at position ${i}`,
      );
    vector[missingAt(slot)] = column.missing;
    if (column.type === 'code' && slot.type === 'code') {
      column.levels.forEach((level, k) => {
        if (column.counts[k] === 0) return;
        const at = slot.levels.indexOf(level);
        if (at < 0)
          throw new DataError({ column: slot.name }, `value '${level}' is not among the declared categories`);
        vector[slot.offset + at] += column.counts[k];
      });
      return;
    }
    if (column.type !== 'number' || slot.type !== 'number') return;
    if (column.digits !== slot.siteDigits)
      throw new DataError(
        { column: slot.name },
        `measured on a grid of ${column.digits} digits; the job expects ${slot.siteDigits}`,
      );
    const shrink = 10 ** (slot.siteDigits - slot.digits);
    column.index.forEach((k, j) => {
      const at = Math.round(k / shrink) - slot.first;
      if (at < 0 || at >= slot.points)
        throw new DataError(
          { column: slot.name },
          'a value lies outside the declared bounds: check the data against the schema',
        );
      vector[slot.offset + at] += column.count[j];
    });
    if (slot.decimals !== null) vector[slot.decimals + (column.decimals ?? NULL_DECIMALS)] = 1;
  });
  return vector;
}

/** The merged round-1 measurement from the sum of the sites' vectors (what `addMarginals` gives). */
export function decodeMarginals(sum: ArrayLike<number>, layout: MarginalsLayout): CopulaMarginals {
  if (sum.length !== layout.length)
    throw new DataError({}, `the round-1 sum has ${sum.length} entries; the layout ${layout.length}`);
  const columns = layout.columns.map((slot) => {
    const missing = sum[missingAt(slot)];
    if (slot.type === 'code') {
      const counts = slot.levels.map((_, k) => sum[slot.offset + k]);
      return { name: slot.name, type: 'code' as const, levels: [...slot.levels], counts, missing };
    }
    const index: number[] = [];
    const count: number[] = [];
    for (let j = 0; j < slot.points; j++)
      if (sum[slot.offset + j] > 0) {
        index.push(slot.first + j);
        count.push(sum[slot.offset + j]);
      }
    return {
      name: slot.name,
      type: 'number' as const,
      digits: slot.digits,
      index,
      count,
      missing,
      decimals: mergedDecimals(sum, slot),
    };
  });
  return { format: 'copula-marginals', version: 1, rows: sum[0], columns };
}

/** null if any site wrote more than 6 decimals, else the largest slot a site marked. */
function mergedDecimals(sum: ArrayLike<number>, slot: NumberSlot): number | null {
  if (slot.decimals === null) return 0;
  if (sum[slot.decimals + NULL_DECIMALS] > 0) return null;
  for (let d = NULL_DECIMALS - 1; d >= 0; d--) if (sum[slot.decimals + d] > 0) return d;
  throw new DataError({ column: slot.name }, 'no site reported its decimals: the round-1 sum is incomplete');
}
