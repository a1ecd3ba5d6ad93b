/**
 * Filtering and sorting the review table, as pure functions over columnar arrays.
 *
 * The records arrive row-major (up to 10,000+ rows × ~50 columns). They are turned once into one
 * typed array per column — numbers in a Float64Array (NaN = missing), labels as Int32Array codes
 * into a dictionary (-1 = missing) — so that a filter is one pass over a few typed arrays writing
 * into a reused Uint32Array: no row objects, no closures per row, no strings compared per row.
 * The browser test asserts a filter on 10,000 rows answers in under 200 ms; this is far below.
 */

export type CellValue = string | number | null;

/** A review status as stored per record: the signed-in reviewer's own latest verdict. */
export const PENDING = 0;
export const REALISTIC = 1;
export const NOT_REALISTIC = 2;

export type StatusFilter = 'all' | 'pending' | 'realistic' | 'not-realistic';

export interface NumericColumn {
  readonly type: 'number';
  readonly name: string;
  readonly values: Float64Array;
}

export interface LabelColumn {
  readonly type: 'label';
  readonly name: string;
  /** Per row, an index into `labels`, or -1 for missing. */
  readonly codes: Int32Array;
  readonly labels: readonly string[];
  /** Lower-cased labels, for the case-insensitive "contains" filter. */
  readonly folded: readonly string[];
  /** Each code's position in the labels' natural order (numbers inside labels compare as numbers). */
  readonly rank: Int32Array;
}

export type IndexedColumn = NumericColumn | LabelColumn;

export interface RecordIndex {
  readonly rows: number;
  readonly columns: readonly IndexedColumn[];
}

/** A column-value condition: a label containing `text`, or a number within [min, max]. */
export interface ValueCondition {
  column: number;
  text?: string;
  min?: number | null;
  max?: number | null;
}

export interface RecordFilter {
  status: StatusFilter;
  /** A categorical column and one of its labels (e.g. eln_risk = adverse). */
  subgroup?: { column: number; label: string } | null;
  value?: ValueCondition | null;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Turns row-major records into one typed array per column (done once per cohort). `asLabels` marks
 * columns to keep as labels even when every value is a number (categorical codes such as 0/1).
 */
export function indexRecords(
  names: readonly string[],
  rows: readonly (readonly CellValue[])[],
  asLabels: readonly boolean[] = [],
): RecordIndex {
  const columns = names.map((name, c) => indexColumn(name, c, rows, asLabels[c] === true));
  return { rows: rows.length, columns };
}

function indexColumn(
  name: string,
  c: number,
  rows: readonly (readonly CellValue[])[],
  asLabel: boolean,
): IndexedColumn {
  const n = rows.length;
  let numeric = !asLabel;
  for (let r = 0; r < n && numeric; r++) {
    const v = rows[r][c];
    if (v !== null && typeof v !== 'number') numeric = false;
  }
  if (numeric) {
    const values = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const v = rows[r][c];
      values[r] = v === null ? Number.NaN : (v as number);
    }
    return { type: 'number', name, values };
  }
  const codes = new Int32Array(n);
  const dictionary = new Map<string, number>();
  const labels: string[] = [];
  for (let r = 0; r < n; r++) {
    const v = rows[r][c];
    if (v === null) {
      codes[r] = -1;
      continue;
    }
    const label = String(v);
    let code = dictionary.get(label);
    if (code === undefined) {
      code = labels.length;
      dictionary.set(label, code);
      labels.push(label);
    }
    codes[r] = code;
  }
  const order = labels.map((_, i) => i).sort((a, b) => collator.compare(labels[a], labels[b]));
  const rank = new Int32Array(labels.length);
  order.forEach((code, position) => {
    rank[code] = position;
  });
  return { type: 'label', name, codes, labels, folded: labels.map((l) => l.toLowerCase()), rank };
}

/** The display value of one cell (for the table and the record panel). */
export function cellText(column: IndexedColumn, row: number): string {
  if (column.type === 'number') {
    const v = column.values[row];
    return Number.isNaN(v) ? '' : formatNumber(v);
  }
  const code = column.codes[row];
  return code < 0 ? '' : column.labels[code];
}

export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  // Three decimals for ordinary values; three significant digits for small ones (δ = 1e-6 stays 1e-6).
  return Math.abs(v) >= 1 ? String(Math.round(v * 1000) / 1000) : String(Number(v.toPrecision(3)));
}

/**
 * Every row in sort order: by one column ascending or descending, missing values last, ties by
 * row number (a stable, reproducible order). Computed once per sort key, so the filter can walk it.
 */
export function sortOrder(index: RecordIndex, column: number | null, descending: boolean): Uint32Array {
  const order = new Uint32Array(index.rows);
  for (let i = 0; i < order.length; i++) order[i] = i;
  if (column === null) {
    if (descending) order.reverse();
    return order;
  }
  const col = index.columns[column];
  // One float key per row (NaN = missing) keeps the comparator free of branches on the column type.
  const keys = new Float64Array(index.rows);
  if (col.type === 'number') keys.set(col.values);
  else for (let r = 0; r < index.rows; r++) keys[r] = col.codes[r] < 0 ? Number.NaN : col.rank[col.codes[r]];
  const sign = descending ? -1 : 1;
  order.sort((a, b) => {
    const ka = keys[a];
    const kb = keys[b];
    const ma = Number.isNaN(ka);
    const mb = Number.isNaN(kb);
    if (ma || mb) return ma === mb ? a - b : ma ? 1 : -1;
    return ka === kb ? a - b : ka < kb ? -sign : sign;
  });
  return order;
}

const STATUS_CODE: Record<Exclude<StatusFilter, 'all'>, number> = {
  pending: PENDING,
  realistic: REALISTIC,
  'not-realistic': NOT_REALISTIC,
};

/**
 * The rows passing `filter`, in the order given, written into `out` (reused between calls when it is
 * large enough). Returns a view of `out` holding exactly the matches.
 */
export function filterRecords(
  index: RecordIndex,
  statuses: Uint8Array,
  order: Uint32Array,
  filter: RecordFilter,
  out?: Uint32Array,
): Uint32Array {
  const target = out && out.length >= order.length ? out : new Uint32Array(order.length);
  const status = filter.status === 'all' ? -1 : STATUS_CODE[filter.status];
  const subgroup = subgroupCodes(index, filter.subgroup ?? null);
  const value = valueTest(index, filter.value ?? null);
  let count = 0;
  for (let i = 0; i < order.length; i++) {
    const r = order[i];
    if (status >= 0 && statuses[r] !== status) continue;
    if (subgroup !== null && subgroup.codes[r] !== subgroup.code) continue;
    if (value !== null && !value(r)) continue;
    target[count++] = r;
  }
  return target.subarray(0, count);
}

function subgroupCodes(
  index: RecordIndex,
  subgroup: RecordFilter['subgroup'],
): { codes: Int32Array; code: number } | null {
  if (!subgroup) return null;
  const col = index.columns[subgroup.column];
  if (col?.type !== 'label') return null;
  // A label absent from the column matches nothing (code -2 never occurs).
  const code = col.labels.indexOf(subgroup.label);
  return { codes: col.codes, code: code < 0 ? -2 : code };
}

/** One test per filter call (not per row): a label condition becomes a per-code lookup table. */
function valueTest(index: RecordIndex, condition: ValueCondition | null): ((row: number) => boolean) | null {
  if (!condition) return null;
  const col = index.columns[condition.column];
  if (!col) return null;
  const text = (condition.text ?? '').trim().toLowerCase();
  const min = condition.min ?? null;
  const max = condition.max ?? null;
  if (col.type === 'number') {
    if (min === null && max === null) {
      if (text === '') return null;
      // Text on a numeric column: the number as shown must contain it (e.g. "2019" in a year).
      return (r) => !Number.isNaN(col.values[r]) && formatNumber(col.values[r]).includes(text);
    }
    const lo = min ?? Number.NEGATIVE_INFINITY;
    const hi = max ?? Number.POSITIVE_INFINITY;
    const values = col.values;
    return (r) => values[r] >= lo && values[r] <= hi;
  }
  if (text === '') return null;
  const matches = new Uint8Array(col.labels.length);
  for (let code = 0; code < col.folded.length; code++)
    matches[code] = col.folded[code].includes(text) ? 1 : 0;
  const codes = col.codes;
  return (r) => codes[r] >= 0 && matches[codes[r]] === 1;
}

/** The labels of a categorical column in natural order (for the subgroup picker). */
export function labelsOf(index: RecordIndex, column: number): string[] {
  const col = index.columns[column];
  if (col?.type !== 'label') return [];
  return [...col.labels].sort(collator.compare);
}

/** The rows between two positions of the filtered list, inclusive (a shift-click range). */
export function rangeOf(visible: Uint32Array, from: number, to: number): number[] {
  const lo = Math.max(0, Math.min(from, to));
  const hi = Math.min(visible.length - 1, Math.max(from, to));
  const rows: number[] = [];
  for (let i = lo; i <= hi; i++) rows.push(visible[i]);
  return rows;
}
