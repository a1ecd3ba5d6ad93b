/**
 * The `cart` generator: sequential CART synthesis in the style of R's synthpop (Nowok, Raab &
 * Dibben, J Stat Softw 2016; Reiter, Survey Methodology 2005). Each column, in a visit order chosen
 * from the schema (`order.ts`), is drawn from the leaf of a CART tree grown on the columns before it:
 * Gini classification trees for categories, regression trees for numbers, missingness as a state of
 * its own; derived columns (ELN risk) computed from the columns before them (`derived.ts`); and with
 * `survival: 'cox'` (the default) each survival endpoint's status and time drawn from
 * proportional-hazards models on the columns before it (`survival.ts`), so that a rare covariate
 * keeps its effect on survival. Conditions are met by sequential importance resampling, not by
 * filtering.
 *
 * Not federable (trees need row-level data) and no formal privacy: `minLeaf` is the knob, and the
 * fitted parameters are as sensitive as the training data (see `params.ts`).
 */
import { DataError } from '../../core/errors.js';
import { columnSpec, type Schema } from '../../data/schema.js';
import type { Column, Table } from '../../data/table.js';
import type { FitInput, Generator } from '../generator.js';
import { MIN_TRAINING_ROWS } from '../prepare.js';
import { type ColumnToFit, fitColumns } from './fit.js';
import { CartModel } from './model.js';
import { CartOptions } from './options.js';
import { visitOrder } from './order.js';
import { CartParams } from './params.js';
import { coxEndpoints } from './survival.js';

export { CartOptions } from './options.js';
export { visitOrder } from './order.js';
export { CartParams } from './params.js';

export const cartGenerator: Generator<CartOptions, CartParams> = {
  name: 'cart',
  summary:
    'Sequential CART synthesis (synthpop-style): each column drawn from a tree fitted on the ones before',
  capabilities: { federable: false, differentialPrivacy: false },
  options: CartOptions,
  paramsSchema: CartParams,

  fit({ table, schema, progress }: FitInput, options: CartOptions): CartModel {
    checkTable(table, schema);
    const order = visitOrder(table, schema, options.order, options.survival === 'cox');
    const columns = order.map((name) => columnToFit(name, table.column(name), schema, options));
    const endpoints = options.survival === 'cox' ? coxEndpoints(table, schema, order) : [];
    const params: CartParams = {
      columns: fitColumns(columns, options, endpoints, progress),
      tableOrder: [...table.names],
    };
    return new CartModel(params, schema, options.poolFactor);
  },

  restore(params: CartParams, schema: Schema, options: CartOptions): CartModel {
    return new CartModel(params, schema, options.poolFactor);
  },
};

function columnToFit(name: string, column: Column, schema: Schema, options: CartOptions): ColumnToFit {
  const kind =
    schema.columns.find((c) => c.name === name)?.kind ?? (column.type === 'code' ? 'categorical' : 'numeric');
  const integer = kind === 'integer' || kind === 'date';
  // A number column with a handful of values (pbc's edema 0 / 0.5 / 1) is a code or a score: a
  // smoothed draw such as 0.37 is a value no patient can have.
  const smooth =
    options.smoothing === 'density' || (options.smoothing === 'auto' && !integer && !fewValues(column));
  return { name, column, integer, smooth };
}

const FEW_VALUES = 10;

function fewValues(column: Column): boolean {
  if (column.type !== 'number') return false;
  const seen = new Set<number>();
  for (const v of column.values) {
    if (Number.isNaN(v)) continue;
    seen.add(v);
    if (seen.size > FEW_VALUES) return false;
  }
  return true;
}

/** Enough rows, finite numbers, and storage that matches the declared kind. */
function checkTable(table: Table, schema: Schema): void {
  if (table.nColumns === 0) throw new DataError({}, 'the table has no columns to model');
  if (table.nRows < MIN_TRAINING_ROWS)
    throw new DataError(
      {},
      `cart needs at least ${MIN_TRAINING_ROWS} rows to fit; the table has ${table.nRows}`,
    );
  for (const [name, column] of table.columns()) {
    const declared = schema.columns.some((c) => c.name === name) ? columnSpec(schema, name).kind : undefined;
    const wantsCodes = declared === 'categorical' || declared === 'boolean';
    if (declared && wantsCodes !== (column.type === 'code'))
      throw new DataError(
        { column: name },
        `declared ${declared} but holds ${column.type === 'code' ? 'categories' : 'numbers'}`,
      );
    if (column.type !== 'number') continue;
    const row = column.values.findIndex(
      (v) => v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY,
    );
    if (row >= 0)
      throw new DataError(
        { column: name, row: row + 1 },
        'infinite value; cart needs finite numbers or missing',
      );
  }
}
