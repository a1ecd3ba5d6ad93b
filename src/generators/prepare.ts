/**
 * Checks a training table before any generator sees it, and completes the schema with what the
 * data shows (category lists, decimal places), so the model file records everything sampling needs.
 */
import { DataError } from '../core/errors.js';
import { detectDecimals } from '../data/decimals.js';
import type { ColumnSpec, Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';

/** Fewer rows than this cannot support any of the generators' estimates. */
export const MIN_TRAINING_ROWS = 10;

export function checkTrainingTable(table: Table, schema: Schema, file?: string): void {
  if (table.nRows < MIN_TRAINING_ROWS)
    throw new DataError(
      { file },
      `${table.nRows} rows; a generator needs at least ${MIN_TRAINING_ROWS} to fit`,
    );
  for (const spec of schema.columns) {
    if (!table.has(spec.name))
      throw new DataError(
        { file, column: spec.name },
        'the schema declares this column but the data lacks it',
      );
    if (spec.role === 'id') continue;
    const column = table.column(spec.name);
    const present =
      column.type === 'number'
        ? column.values.filter((v) => !Number.isNaN(v)).length
        : countPresent(column.codes);
    if (present === 0)
      throw new DataError(
        { file, column: spec.name },
        'every value is missing: drop the column or fill it in before fitting',
      );
    if (column.type === 'code') checkCategoryCount(spec, column.levels.length, table.nRows, file);
  }
}

function countPresent(codes: Int32Array): number {
  let n = 0;
  for (const code of codes) if (code >= 0) n++;
  return n;
}

function checkCategoryCount(spec: ColumnSpec, levels: number, rows: number, file?: string): void {
  const declared = spec.categories?.length ?? levels;
  if (declared > rows)
    throw new DataError(
      { file, column: spec.name },
      `${declared} categories but only ${rows} rows: too many to learn; group rare categories or mark the column as role "id"`,
    );
}

/**
 * The schema with every categorical and boolean column's categories, and every numeric column's
 * decimal places (when the data has at most 6), filled in from the data: synthetic values are
 * rounded to them, so a generator that smooths never writes more digits than the data has.
 */
export function completeSchema(table: Table, schema: Schema): Schema {
  return {
    ...schema,
    columns: schema.columns.map((spec) => {
      // An identifier's values are never listed: the model file would carry every real id.
      if (!table.has(spec.name) || spec.role === 'id') return spec;
      const column = table.column(spec.name);
      if (spec.kind === 'numeric' && spec.decimals === undefined && column.type === 'number') {
        const decimals = detectDecimals(column.values);
        return decimals === null ? spec : { ...spec, decimals };
      }
      if (spec.categories || (spec.kind !== 'categorical' && spec.kind !== 'boolean')) return spec;
      return column.type === 'code' ? { ...spec, categories: [...column.levels] } : spec;
    }),
  };
}

/** The columns a generator models: every column but identifiers, in table order. */
export function modelledColumns(schema: Schema): string[] {
  return schema.columns.filter((c) => c.role !== 'id').map((c) => c.name);
}
