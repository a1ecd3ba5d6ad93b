/**
 * Checks a training table before any generator sees it, and completes the schema with what the
 * data shows (category lists, decimal places), so the model file records everything sampling needs.
 */
import { DataError } from '../core/errors.js';
import { detectDecimals } from '../data/decimals.js';
import type { ColumnSpec, Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import { canCopy, copyBreaks, describeCopy, isCopyRule } from '../domain/copy-derivation.js';
import { copiedColumns } from '../domain/derivations.js';

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
  checkCopies(table, schema, file);
}

/**
 * A copied column must already be the copy in the training data: the schema states an identity
 * (`relapse_days = rfs_days when relapse = 1`), and data that break it mean the schema is wrong
 * about them — the synthetic rows would silently differ from the real ones. The message names the
 * first breaking row and how many break, never a value (it could be one patient's).
 */
function checkCopies(table: Table, schema: Schema, file?: string): void {
  for (const rule of schema.rules) {
    if (!isCopyRule(rule) || !table.has(rule.column) || !canCopy(table, rule)) continue;
    const breaks = copyBreaks(table, rule);
    if (breaks.length === 0) continue;
    const more =
      breaks.length > 1 ? ` (and ${breaks.length - 1} more row${breaks.length > 2 ? 's' : ''})` : '';
    throw new DataError(
      { file, column: rule.column, row: breaks[0] + 1 },
      `the schema derives this column as ${describeCopy(rule)}, but the data differ here${more}; correct the data or remove the derived rule`,
    );
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

/**
 * The columns a model is fitted on: the modelled ones but the copies the pipeline fills in after
 * sampling (`applyDerivations`), so a local and a federated fit see the same columns.
 */
export function fittedColumns(schema: Schema): string[] {
  const copied = copiedColumns(schema);
  return modelledColumns(schema).filter((name) => !copied.has(name));
}
