/**
 * Synthetic records as the review table shows them (issue 12, step 3): numbers rounded to the
 * column's decimals, dates as ISO text, categories by their labels, missing as null; and the
 * columns a reviewer may filter by subgroup.
 */
import { isoFromDays } from '../data/dates.js';
import type { ColumnSpec, Schema } from '../data/schema.js';
import type { Column, Table } from '../data/table.js';

export interface DisplayColumn {
  name: string;
  kind: string;
  role: string;
  categories?: string[];
}
export type DisplayValue = string | number | null;

/** Subgroups: categorical features with this many categories (2 is a split, 12 still a short list). */
const SUBGROUP_CATEGORIES = { min: 2, max: 12 } as const;

export interface DisplayRecords {
  columns: DisplayColumn[];
  rows: DisplayValue[][];
  subgroups: string[];
}

/** The schema's columns the table holds, in schema order, every row in display form. */
export function recordsOf(table: Table, schema: Schema): DisplayRecords {
  const specs = schema.columns.filter((spec) => table.has(spec.name));
  const columns = specs.map((spec) => displayColumn(spec, table.column(spec.name)));
  const readers = specs.map((spec) => cellReader(spec, table.column(spec.name)));
  const rows: DisplayValue[][] = new Array(table.nRows);
  for (let row = 0; row < table.nRows; row++) rows[row] = readers.map((read) => read(row));
  return { columns, rows, subgroups: subgroupsOf(columns) };
}

export function displayColumn(spec: ColumnSpec, column: Column): DisplayColumn {
  const out: DisplayColumn = { name: spec.name, kind: spec.kind, role: spec.role };
  if (column.type === 'code') out.categories = [...(spec.categories ?? column.levels)];
  return out;
}

/** A function from row index to the cell as the reviewer sees it. */
export function cellReader(spec: ColumnSpec, column: Column): (row: number) => DisplayValue {
  if (column.type === 'code') {
    const { codes, levels } = column;
    return (row) => (codes[row] < 0 ? null : levels[codes[row]]);
  }
  const values = column.values;
  if (spec.kind === 'date') return (row) => (Number.isNaN(values[row]) ? null : isoFromDays(values[row]));
  const decimals = spec.kind === 'integer' ? 0 : spec.decimals;
  return (row) => {
    const v = values[row];
    if (Number.isNaN(v)) return null;
    return decimals === undefined ? v : roundTo(v, decimals);
  };
}

function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  const rounded = Math.round(value * scale) / scale;
  // -0 reads as "-0" in some displays; a rounded tiny negative is plain 0.
  return rounded === 0 ? 0 : rounded;
}

/**
 * The schema has no notion of clinical interest yet, so subgroups come in schema order, which
 * for the shipped simulators (and most registries) already puts risk and treatment near the end.
 */
function subgroupsOf(columns: readonly DisplayColumn[]): string[] {
  return columns
    .filter(
      (c) =>
        c.kind === 'categorical' &&
        c.role === 'feature' &&
        c.categories !== undefined &&
        c.categories.length >= SUBGROUP_CATEGORIES.min &&
        c.categories.length <= SUBGROUP_CATEGORIES.max,
    )
    .map((c) => c.name);
}
