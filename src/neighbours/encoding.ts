/**
 * The encoding step of the Gower distance (Gower, 1971), done once per set of tables so that the
 * distance itself runs on flat typed arrays:
 * - numbers are shifted and divided by the range of the *reference* (real training) table, so that
 *   |a − b| is already in range units; a column constant in the reference is compared as labels;
 * - categories are mapped to codes shared by every table, by label (tables may order levels
 *   differently); a column with at most two states over all tables (missing counts as a state)
 *   becomes one bit, the rest keep an Int32 code with −1 for missing.
 * Identifier columns are never part of the distance.
 */
import { DataError } from '../core/errors.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';

/** Rows of one table in the shared encoding, row-major. */
export interface EncodedRows {
  readonly n: number;
  /** n × space.numeric.length scaled numbers, NaN for missing. */
  readonly numeric: Float64Array;
  /** n × space.words packed two-state columns. */
  readonly flags: Int32Array;
  /** n × space.categorical.length shared codes, −1 for missing. */
  readonly codes: Int32Array;
}

/** How columns map onto the encoded arrays; the Gower divisor is `columns`. */
export interface GowerSpace {
  readonly numeric: readonly string[];
  readonly flags: readonly string[];
  readonly categorical: readonly string[];
  readonly words: number;
  /** The number of columns the distance averages over. */
  readonly columns: number;
}

export interface GowerEncoding {
  readonly space: GowerSpace;
  /** One entry per input table, in the order given. */
  readonly rows: readonly EncodedRows[];
}

/** The non-id columns of the schema that every table holds, in schema order. */
export function distanceColumns(schema: Schema, tables: readonly Table[]): string[] {
  return schema.columns
    .filter((c) => c.role !== 'id' && tables.every((t) => t.has(c.name)))
    .map((c) => c.name);
}

/**
 * Encodes `tables` for the Gower distance over `columns` (default: every non-id column). Ranges
 * come from `tables[0]`, the real training table.
 */
export function encodeGower(
  schema: Schema,
  tables: readonly Table[],
  columns: readonly string[] = distanceColumns(schema, tables),
): GowerEncoding {
  if (tables.length === 0) throw new RangeError('encodeGower needs at least one table');
  if (columns.length === 0) throw new DataError({}, 'no columns to compare: every column is an identifier');
  const numeric: string[] = [];
  const flags: string[] = [];
  const categorical: string[] = [];
  const plans = columns.map((name) => planColumn(name, tables));
  for (const plan of plans) {
    if (plan.kind === 'numeric') numeric.push(plan.name);
    else if (plan.kind === 'flag') flags.push(plan.name);
    else categorical.push(plan.name);
  }
  const words = Math.ceil(flags.length / 32);
  const space: GowerSpace = { numeric, flags, categorical, words, columns: columns.length };
  const rows = tables.map((table, t) => encodeTable(table, t, space, plans));
  return { space, rows };
}

type ColumnPlan =
  | { kind: 'numeric'; name: string; min: number; range: number }
  /** `codes[t]`: the shared codes of the column in table t, −1 for missing. */
  | { kind: 'flag' | 'categorical'; name: string; codes: Int32Array[]; missing: boolean };

function planColumn(name: string, tables: readonly Table[]): ColumnPlan {
  const first = tables[0].column(name);
  for (const table of tables)
    if (table.column(name).type !== first.type)
      throw new DataError({ column: name }, 'holds numbers in one table and categories in another');
  if (first.type === 'number') {
    for (const table of tables)
      if (table.numbers(name).some((v) => v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY))
        throw new DataError(
          { column: name },
          'holds an infinite number; distances need finite values or missing',
        );
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of first.values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (max > min) return { kind: 'numeric', name, min, range: max - min };
    return codedPlan(name, tables, constantNumberCodes);
  }
  return codedPlan(name, tables, labelCodes);
}

type Coder = (table: Table, name: string, shared: Map<string | number, number>) => Int32Array;

function codedPlan(name: string, tables: readonly Table[], coder: Coder): ColumnPlan {
  const shared = new Map<string | number, number>();
  const codes = tables.map((table) => coder(table, name, shared));
  const missing = codes.some((c) => c.includes(-1));
  const kind = shared.size + (missing ? 1 : 0) <= 2 ? 'flag' : 'categorical';
  return { kind, name, codes, missing };
}

/** Category labels → codes shared by every table (levels a table never uses get none). */
function labelCodes(table: Table, name: string, shared: Map<string | number, number>): Int32Array {
  const column = table.codes(name);
  const used = new Uint8Array(column.levels.length);
  for (const code of column.codes) if (code >= 0) used[code] = 1;
  const local = column.levels.map((label, code) => {
    if (used[code] && !shared.has(label)) shared.set(label, shared.size);
    return shared.get(label) ?? -1;
  });
  return column.codes.map((code) => (code < 0 ? -1 : local[code]));
}

/** A number column with no spread in the real data: any difference in value counts fully. */
function constantNumberCodes(table: Table, name: string, shared: Map<string | number, number>): Int32Array {
  const values = table.numbers(name);
  const codes = new Int32Array(values.length);
  for (let r = 0; r < values.length; r++) {
    const v = values[r] + 0; // −0 and 0 are one value
    if (Number.isNaN(v)) codes[r] = -1;
    else {
      let code = shared.get(v);
      if (code === undefined) {
        code = shared.size;
        shared.set(v, code);
      }
      codes[r] = code;
    }
  }
  return codes;
}

function encodeTable(table: Table, t: number, space: GowerSpace, plans: readonly ColumnPlan[]): EncodedRows {
  const n = table.nRows;
  const nNum = space.numeric.length;
  const nCat = space.categorical.length;
  const words = space.words;
  const numeric = new Float64Array(n * nNum);
  const flags = new Int32Array(n * words);
  const codes = new Int32Array(n * nCat);
  let iNum = 0;
  let iFlag = 0;
  let iCat = 0;
  for (const plan of plans) {
    if (plan.kind === 'numeric') {
      const values = table.numbers(plan.name);
      for (let r = 0; r < n; r++) numeric[r * nNum + iNum] = (values[r] - plan.min) / plan.range;
      iNum++;
      continue;
    }
    const column = plan.codes[t];
    if (plan.kind === 'categorical') {
      for (let r = 0; r < n; r++) codes[r * nCat + iCat] = column[r];
      iCat++;
      continue;
    }
    // Two states: {0, 1} → bit = code 1; {missing, 0} → bit = present.
    const word = iFlag >>> 5;
    const bit = 1 << (iFlag & 31);
    for (let r = 0; r < n; r++) {
      const on = plan.missing ? column[r] >= 0 : column[r] === 1;
      if (on) flags[r * words + word] |= bit;
    }
    iFlag++;
  }
  return { n, numeric, flags, codes };
}

/** The encoded rows at `indices`, in that order. */
export function takeRows(space: GowerSpace, rows: EncodedRows, indices: ArrayLike<number>): EncodedRows {
  const nNum = space.numeric.length;
  const words = space.words;
  const nCat = space.categorical.length;
  const n = indices.length;
  const numeric = new Float64Array(n * nNum);
  const flags = new Int32Array(n * words);
  const codes = new Int32Array(n * nCat);
  for (let k = 0; k < n; k++) {
    const r = indices[k];
    numeric.set(rows.numeric.subarray(r * nNum, (r + 1) * nNum), k * nNum);
    flags.set(rows.flags.subarray(r * words, (r + 1) * words), k * words);
    codes.set(rows.codes.subarray(r * nCat, (r + 1) * nCat), k * nCat);
  }
  return { n, numeric, flags, codes };
}
