/**
 * The fitted cart model as plain JSON: one tree per column (two for a number column: whether it is
 * missing, then its value), each on the columns visited before it; with `survival: 'cox'`, a
 * survival endpoint's status column holds its hazard models instead, and its time column only
 * refers to them.
 *
 * SENSITIVITY: like a synthpop model, these parameters are as sensitive as the training data. Leaves
 * hold real observed values (each leaf's values sorted, so rows cannot be re-linked across columns
 * by position), leaf class counts can be as small as `minLeaf`, and split thresholds are midpoints
 * between observed values. Store and share a cart model file as you would the patient table. (The
 * hazard models of `survival: 'cox'` are aggregates — coefficients, and baseline hazards pooled over
 * intervals of at least `minLeaf` exits — but the trees beside them are not.)
 */
import * as z from 'zod';
import { PhEndpointParams } from '../../survival/ph-endpoint.js';

const NodeIndex = z.number().int().min(1);
/** Visit position of the predictor column; always before the column the tree draws. */
const Predictor = z.number().int().min(0);

/** Numbers at most `threshold` go left; a missing value goes where `missingLeft` says. */
const ThresholdSplit = z
  .object({
    test: z.literal('le'),
    predictor: Predictor,
    threshold: z.number(),
    missingLeft: z.boolean(),
    left: NodeIndex,
    right: NodeIndex,
  })
  .strict();

/** Categories whose codes are listed go left (unseen ones were placed on the larger side at fit time). */
const LevelSplit = z
  .object({
    test: z.literal('in'),
    predictor: Predictor,
    levels: z.array(z.number().int().min(0)),
    missingLeft: z.boolean(),
    left: NodeIndex,
    right: NodeIndex,
  })
  .strict();

/** Missing values go left, every observed number goes right. */
const MissingSplit = z
  .object({ test: z.literal('missing'), predictor: Predictor, left: NodeIndex, right: NodeIndex })
  .strict();

const Split = z.discriminatedUnion('test', [ThresholdSplit, LevelSplit, MissingSplit]);

/** Training rows per class in the leaf; for a code column the last class is "missing". */
export const ClassLeaf = z.object({ counts: z.array(z.number().int().min(0)).min(1) }).strict();

/**
 * The leaf's observed values, sorted; `bandwidth` > 0 turns on Gaussian smoothing; `atom` is a value
 * held by more than 70 % of the leaf, left unsmoothed (synthpop's `syn.smooth` rule). `scale` is
 * where the kernel lives: `log` for a positive, right-skewed column (`stats/skew.ts`), chosen per
 * column at fit time and stored in each of its leaves with the bandwidth measured on it; models
 * written before it existed smooth on the linear scale, as they did.
 */
export const ValueLeaf = z
  .object({
    values: z.array(z.number()).min(1),
    bandwidth: z.number().min(0),
    atom: z.number().nullable(),
    scale: z.enum(['linear', 'log']).default('linear'),
  })
  .strict()
  .refine((leaf) => leaf.scale === 'linear' || leaf.values[0] > 0, {
    message: 'a leaf smoothed on the log scale holds only positive values',
    path: ['scale'],
  });

function tree<L extends z.ZodType>(leaf: L) {
  return z.object({ nodes: z.array(z.union([Split, leaf])).min(1) }).strict();
}

export const ClassTree = tree(ClassLeaf);
export const ValueTree = tree(ValueLeaf);

const CodeColumnModel = z
  .object({ name: z.string(), type: z.literal('code'), levels: z.array(z.string()), tree: ClassTree })
  .strict();

export const NumberColumnModel = z
  .object({
    name: z.string(),
    type: z.literal('number'),
    /** Integer and date columns: smoothed values are rounded. */
    integer: z.boolean(),
    /** Observed [min, max]; a smoothed value outside it is redrawn (null when every value is missing). */
    range: z.tuple([z.number(), z.number()]).nullable(),
    /** Classes [observed, missing]. */
    missing: ClassTree,
    /** Null when every training value is missing. */
    value: ValueTree.nullable(),
  })
  .strict();

/**
 * A survival endpoint's status, drawn with its time from proportional-hazards models on the columns
 * visited before it (`survival.ts`). The statuses are its categories, or for a status stored as
 * numbers (R's 1/2) those numbers written as text; the hazard models follow their order.
 */
export const StatusColumnModel = z
  .object({
    name: z.string(),
    type: z.literal('status'),
    stored: z.enum(['code', 'number']),
    levels: z.array(z.string()).min(1),
    /** Name of the time column drawn with it. */
    time: z.string(),
    /** Classes [observed, missing] of the (time, status) pair. */
    missing: ClassTree,
    /** The covariates are the columns at visit positions 0..covariates−1. */
    covariates: z.number().int().min(0),
    hazards: PhEndpointParams,
  })
  .strict();

/** A survival time drawn given its status (visited before it) by the status column's hazard models. */
export const TimeColumnModel = z
  .object({
    name: z.string(),
    type: z.literal('time'),
    /** Visit position of the status column. */
    status: Predictor,
    integer: z.boolean(),
  })
  .strict();

export const ColumnModel = z.discriminatedUnion('type', [
  CodeColumnModel,
  NumberColumnModel,
  StatusColumnModel,
  TimeColumnModel,
]);

export const CartParams = z
  .object({
    /** The columns in visit order, each with its tree(s). */
    columns: z.array(ColumnModel).min(1),
    /** Column names in the training table's order: the order `sample` returns them in. */
    tableOrder: z.array(z.string()).min(1),
  })
  .strict();

export type SplitNode = z.infer<typeof Split>;
export type ClassLeaf = z.infer<typeof ClassLeaf>;
export type ValueLeaf = z.infer<typeof ValueLeaf>;
export type ClassTree = z.infer<typeof ClassTree>;
export type ValueTree = z.infer<typeof ValueTree>;
export type NumberColumnModel = z.infer<typeof NumberColumnModel>;
export type StatusColumnModel = z.infer<typeof StatusColumnModel>;
export type TimeColumnModel = z.infer<typeof TimeColumnModel>;
export type ColumnModel = z.infer<typeof ColumnModel>;
export type CartParams = z.infer<typeof CartParams>;
