/**
 * The public binning of the heterogeneity protocol's secure sum: one dense count vector per site,
 * laid out from the schema alone so that every site writes the same positions:
 *
 *   [rows] then, per compared column in schema order:
 *   categorical / boolean: one count per declared category, then the missing count (nullable only);
 *   numeric / integer / date: one count per bin, then the missing count (nullable only).
 *
 * Why the private generators' domain (`domainFromSchema`) and not the copula's dense grid
 * (`marginals-layout.ts`), though both are public: the copula's layout refuses any value outside
 * the declared bounds, and a centre reporting a lab in another unit puts all its values there
 * (haemoglobin in g/L against a g/dL schema: 60–170 for a range of 3–20), which is exactly what this
 * protocol must report, not abort on. Its grid is also fine enough (up to 2^16 points per column)
 * that a pooled count of 1 is one patient's value to the last decimal; heterogeneity needs
 * distributions, not values. So the domain's bins are kept within the bounds (256 per column,
 * spaced on its log scale so that low values keep relative resolution: a median ratio needs it at
 * both ends), and each side gets a public overflow ladder:
 *
 * - beyond the upper bound `top`, bins top·r^1 … top·r^64 with r = 10^(1/16): four decades at
 *   16 bins each (a bin is 15 % wide), which holds a ×10, ×88.4 or ×1000 conversion of any value
 *   in range; then one open bin;
 * - below a positive lower bound `min`, the same ladder down to min·10^-4, then one open bin; with
 *   min ≤ 0 a single bin (−∞, min), since no unit conversion makes values negative.
 *
 * Date columns get the two open bins only: no conversion factor applies to a date.
 */
import { DataError } from '../../core/errors.js';
import type { Schema } from '../../data/schema.js';
import { MISSING_CODE, type Table } from '../../data/table.js';
import { binOf } from '../../generators/measure/bins.js';
import { type Attribute, domainFromSchema } from '../../generators/measure/domain.js';

/** Bins within the declared bounds of a numeric, integer or date column. */
export const IN_RANGE_BINS = 256;
/** Overflow bins per decade beyond a bound, and decades covered. */
const LADDER_PER_DECADE = 16;
const LADDER_DECADES = 4;

interface SlotBase {
  readonly name: string;
  /** Index of the first count in the site vector. */
  readonly offset: number;
  /** Index of the missing count, or null for a column the schema declares not nullable. */
  readonly missingAt: number | null;
}

export interface CategoricalSlot extends SlotBase {
  readonly type: 'categorical';
  readonly levels: readonly string[];
  readonly boolean: boolean;
}

export interface NumericSlot extends SlotBase {
  readonly type: 'numeric';
  readonly kind: 'numeric' | 'integer' | 'date';
  readonly unit?: string;
  /** Bin b is [edges[b], edges[b + 1]); edges[0] = −∞ and the last edge = +∞ (open bins). */
  readonly edges: readonly number[];
  /** Where a bin's values lie, for quantiles: [low[b], high[b]] (the finite edge for an open bin). */
  readonly low: Float64Array;
  readonly high: Float64Array;
  /** A bin's value for means and variances (its middle; the finite edge for an open bin). */
  readonly middle: Float64Array;
}

export type HeterogeneitySlot = CategoricalSlot | NumericSlot;

export interface HeterogeneityLayout {
  readonly columns: readonly HeterogeneitySlot[];
  /** Entries of the count vector every site sends. */
  readonly length: number;
}

/** Number of bins (categories) of a slot, missing excluded. */
export function binCount(slot: HeterogeneitySlot): number {
  return slot.type === 'categorical' ? slot.levels.length : slot.edges.length - 1;
}

/**
 * The layout for `schema`: every column a generator models (no identifier, no derived column, as
 * `domainFromSchema` decides) except the centre column, whose distribution differs by definition.
 */
export function heterogeneityLayout(schema: Schema): HeterogeneityLayout {
  const centres = new Set(schema.columns.filter((c) => c.role === 'centre').map((c) => c.name));
  const numbers = schema.columns.filter((c) => c.kind === 'numeric' || c.kind === 'integer');
  const domain = domainFromSchema(schema, {
    bins: IN_RANGE_BINS,
    columns: Object.fromEntries(numbers.map((c) => [c.name, { scale: 'log' as const }])),
  });
  let next = 1;
  const columns = domain.attributes
    .filter((a) => !centres.has(a.name))
    .map((attribute) => {
      const slot = slotOf(attribute, next, schema.columns.find((c) => c.name === attribute.name)?.unit);
      next = (slot.missingAt ?? slot.offset + binCount(slot) - 1) + 1;
      return slot;
    });
  return { columns, length: next };
}

function slotOf(attribute: Attribute, offset: number, unit: string | undefined): HeterogeneitySlot {
  if (attribute.type === 'categorical') {
    const levels = attribute.levels;
    return {
      type: 'categorical',
      name: attribute.name,
      offset,
      missingAt: attribute.missing ? offset + levels.length : null,
      levels,
      boolean: attribute.kind === 'boolean',
    };
  }
  const inRange = attribute.bins.edges;
  const integer = attribute.kind !== 'numeric' && attribute.kind !== 'date';
  const ladders = attribute.kind !== 'date';
  const [min, top] = [inRange[0], inRange[inRange.length - 1]];
  const below = ladders && min > 0 ? ladder(min, -1) : [];
  const above = ladders && top > 0 ? ladder(top, 1) : [];
  const edges = [Number.NEGATIVE_INFINITY, ...below, ...inRange, ...above, Number.POSITIVE_INFINITY];
  const bins = edges.length - 1;
  const low = new Float64Array(bins);
  const high = new Float64Array(bins);
  const middle = new Float64Array(bins);
  const firstInRange = 1 + below.length;
  const lastInRange = firstInRange + inRange.length - 2;
  for (let b = 0; b < bins; b++) {
    // Integer bins hold whole values e_b … e_{b+1} − 1: half a unit either side, for interpolation.
    const whole = integer && b >= firstInRange && b <= lastInRange;
    low[b] = Number.isFinite(edges[b]) ? edges[b] - (whole ? 0.5 : 0) : edges[b + 1];
    high[b] = Number.isFinite(edges[b + 1]) ? edges[b + 1] - (whole ? 0.5 : 0) : edges[b];
    middle[b] = (low[b] + high[b]) / 2;
  }
  return {
    type: 'numeric',
    name: attribute.name,
    kind: attribute.kind,
    ...(unit === undefined ? {} : { unit }),
    offset,
    missingAt: attribute.missing ? offset + bins : null,
    edges,
    low,
    high,
    middle,
  };
}

/** bound·r^±1 … bound·r^±(16·4), in increasing order. */
function ladder(bound: number, direction: 1 | -1): number[] {
  const steps = LADDER_PER_DECADE * LADDER_DECADES;
  const rungs = Array.from(
    { length: steps },
    (_, i) => bound * 10 ** ((direction * (i + 1)) / LADDER_PER_DECADE),
  );
  return direction === 1 ? rungs : rungs.reverse();
}

/** A site's counts on the layout, from its own rows (never leaves the site as such). */
export function siteCounts(table: Table, layout: HeterogeneityLayout): Float64Array {
  const counts = new Float64Array(layout.length);
  counts[0] = table.nRows;
  for (const slot of layout.columns) {
    if (!table.has(slot.name))
      throw new DataError({ column: slot.name }, 'the schema declares this column but the data lacks it');
    const column = table.column(slot.name);
    const missing = (row: number): number => {
      if (slot.missingAt === null)
        throw new DataError(
          { column: slot.name, row: row + 1 },
          'a missing value in a column the schema declares not nullable',
        );
      return slot.missingAt;
    };
    if (slot.type === 'categorical') {
      if (column.type !== 'code')
        throw new DataError({ column: slot.name }, 'holds numbers, but the schema declares it categorical');
      // A boolean's code 1 is true whatever its labels; a category is matched by its text.
      const map = slot.boolean
        ? [0, 1]
        : column.levels.map((level) => {
            const at = slot.levels.indexOf(level);
            if (at < 0)
              throw new DataError(
                { column: slot.name },
                `a value is not one of the declared categories (${slot.levels.join(', ')})`,
              );
            return at;
          });
      column.codes.forEach((code, row) => {
        counts[code === MISSING_CODE ? missing(row) : slot.offset + map[code]]++;
      });
      continue;
    }
    if (column.type !== 'number')
      throw new DataError({ column: slot.name }, `holds categories, but the schema declares it ${slot.kind}`);
    const bins = { edges: slot.edges, integer: false };
    column.values.forEach((value, row) => {
      counts[Number.isNaN(value) ? missing(row) : slot.offset + binOf(value, bins)]++;
    });
  }
  return counts;
}
