/**
 * Fitting: the columns in visit order, each with a tree on the columns before it (Reiter, 2005,
 * "Using CART to generate partially synthetic public use microdata"; synthpop's `syn.cart`). A code
 * column gets a Gini classification tree whose classes are its levels plus "missing". A number
 * column gets two: a Gini tree for "is it missing?" over all rows, then a regression tree for its
 * value over the rows where it is observed, so that missingness is modelled as a state that depends
 * on the other columns, not as noise.
 */
import type { ProgressHook } from '../../core/progress.js';
import type { Column, NumberColumn } from '../../data/table.js';
import { type Predictor, predictorOf } from './bins.js';
import { GiniCriterion } from './gini.js';
import { type GrowControl, growTree } from './grow.js';
import type { CartOptions } from './options.js';
import type { ClassTree, ColumnModel, NumberColumnModel, ValueTree } from './params.js';
import { RegressionCriterion } from './regression.js';
import { type SmoothingScale, smoothingScale, valueLeaf } from './smoothing.js';
import { type CoxEndpoint, statusModel, timeModel } from './survival.js';

export interface ColumnToFit {
  readonly name: string;
  readonly column: Column;
  /** Integer and date columns: smoothed draws are rounded. */
  readonly integer: boolean;
  readonly smooth: boolean;
}

/** `endpoints`: the survival endpoints drawn from hazard models (see `survival.ts`). */
export function fitColumns(
  columns: readonly ColumnToFit[],
  options: CartOptions,
  endpoints: readonly CoxEndpoint[] = [],
  progress?: ProgressHook,
): ColumnModel[] {
  const control: GrowControl = { minLeaf: options.minLeaf, maxDepth: options.maxDepth, cp: options.cp };
  const predictors: Predictor[] = [];
  const models: ColumnModel[] = [];
  // A first event at 0 starts the clock of whoever shows the progress.
  progress?.({ task: 'fitting cart', unit: 'column', done: 0, total: columns.length });
  for (let position = 0; position < columns.length; position++) {
    const target = columns[position];
    const asStatus = endpoints.find((e) => e.status === target.name);
    const asTime = endpoints.find((e) => e.time === target.name);
    if (asStatus) models.push(survivalStatus(asStatus, columns, position, predictors, control, options));
    else if (asTime)
      models.push(
        timeModel(
          target.name,
          columns.findIndex((c) => c.name === asTime.status),
          target.integer,
        ),
      );
    else if (target.column.type === 'number')
      models.push(numberModel(target, target.column, predictors, control));
    else
      models.push({
        name: target.name,
        type: 'code',
        levels: [...target.column.levels],
        tree: classTree(
          codeClasses(target.column.codes, target.column.levels.length),
          target.column.levels.length + 1,
          predictors,
          control,
        ),
      });
    predictors.push(predictorOf(target.column, position, options.maxBins));
    progress?.({
      task: 'fitting cart',
      unit: 'column',
      done: position + 1,
      total: columns.length,
      item: target.name,
    });
  }
  return models;
}

function survivalStatus(
  endpoint: CoxEndpoint,
  columns: readonly ColumnToFit[],
  position: number,
  predictors: readonly Predictor[],
  control: GrowControl,
  options: CartOptions,
): ColumnModel {
  const missing = classTree(
    endpoint.codes.map((c) => (c < 0 ? 1 : 0)),
    2,
    predictors,
    control,
  );
  const time = columns.find((c) => c.name === endpoint.time)!.column as NumberColumn;
  const earlier = columns.slice(0, position).map((c) => c.column);
  return statusModel(endpoint, time.values, earlier, missing, {
    penalty: options.coxPenalty,
    minExits: options.minLeaf,
  });
}

/** Codes as classes 0..L, with missing as class L. */
function codeClasses(codes: Int32Array, nLevels: number): Int32Array {
  return codes.map((c) => (c < 0 ? nLevels : c));
}

function classTree(
  classes: Int32Array,
  k: number,
  predictors: readonly Predictor[],
  control: GrowControl,
): ClassTree {
  const criterion = new GiniCriterion(classes, k, binCapacity(predictors));
  const rows = Uint32Array.from({ length: classes.length }, (_, i) => i);
  return {
    nodes: growTree(criterion, () => ({ counts: criterion.leafCounts() }), predictors, rows, control),
  };
}

function numberModel(
  target: ColumnToFit,
  column: NumberColumn,
  predictors: readonly Predictor[],
  control: GrowControl,
): NumberColumnModel {
  const values = column.values;
  const observed: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) observed.push(i);
  const isMissing = Int32Array.from(values, (v) => (Number.isNaN(v) ? 1 : 0));
  const missing = classTree(isMissing, 2, predictors, control);
  const sorted = Float64Array.from(observed, (i) => values[i]).sort();
  // Decided on the whole column, so every leaf of a skewed lab is smoothed alike.
  const scale = target.smooth ? smoothingScale(sorted) : 'linear';
  return {
    name: target.name,
    type: 'number',
    integer: target.integer,
    range: observed.length ? [sorted[0], sorted[sorted.length - 1]] : null,
    missing,
    value: observed.length
      ? valueTree(values, Uint32Array.from(observed), target.smooth, scale, predictors, control)
      : null,
  };
}

function valueTree(
  values: Float64Array,
  rows: Uint32Array,
  smooth: boolean,
  scale: SmoothingScale,
  predictors: readonly Predictor[],
  control: GrowControl,
): ValueTree {
  let mean = 0;
  for (const r of rows) mean += values[r] / rows.length;
  // Centred so the sums of squares in the gain stay accurate for large values such as dates.
  const centred = values.map((v) => v - mean);
  const criterion = new RegressionCriterion(centred, binCapacity(predictors));
  const leaf = (part: Uint32Array) => {
    const sorted = new Float64Array(part.length);
    for (let i = 0; i < part.length; i++) sorted[i] = values[part[i]];
    return valueLeaf(sorted.sort(), smooth, scale);
  };
  return { nodes: growTree(criterion, leaf, predictors, rows, control) };
}

/** Histogram capacity: the most bins any predictor has (level predictors may exceed `maxBins`). */
function binCapacity(predictors: readonly Predictor[]): number {
  let most = 1;
  for (const p of predictors) most = Math.max(most, p.nBins);
  return most;
}
