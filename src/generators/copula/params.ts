/**
 * The copula's options and fitted parameters, declared once; the types are inferred from them.
 *
 * The parameters are aggregate statistics only: per column a compressed distribution (a few hundred
 * quantile knots, or category frequencies, plus the share missing) and one correlation matrix of
 * latent normal scores. They hold no row. The knots are order statistics, so the exact minimum and
 * maximum of each column are in the file: treat it as you would published summary statistics.
 * The survival hazard models are aggregates too: Cox coefficients and pooled baseline hazards.
 */
import * as z from 'zod';
import { Condition } from '../../data/schema.js';
import { SurvivalModel } from './survival.js';

export const CopulaOptions = z
  .object({
    /**
     * Quantile knots per continuous stretch of a number column's distribution: the sketch's resolution.
     * The CDF of a continuous column is reproduced within about 1/knots (0.005 by default).
     */
    knots: z.number().int().min(8).max(4096).default(200),
    /**
     * A repeated value becomes a point mass (an atom, kept with its exact frequency) when it has at
     * least this many rows and at least 1/knots of them; rarer values are smoothed over.
     */
    minAtomCount: z.number().int().min(1).default(5),
    /**
     * Eigenvalue floor when repairing the estimated correlation matrix into a positive definite one;
     * it bounds how close to deterministic any relationship between latent variables may become.
     */
    minEigenvalue: z.number().min(1e-8).max(0.5).default(1e-3),
    /** Gibbs sweeps over the conditioned latent variables per row when sampling with conditions. */
    gibbsSweeps: z.number().int().min(1).max(1000).default(10),
    /**
     * Build the schema's rules into the model (`structure.ts`), so that sampled rows meet them by
     * construction instead of by rejection. Off: every column is modelled as it is.
     */
    rules: z.boolean().default(true),
    /** Code columns linked by implications are modelled jointly in groups of at most this many. */
    jointColumns: z.number().int().min(2).max(8).default(4),
    /** … and only while their observed combinations number at most this many. */
    jointCombinations: z.number().int().min(2).max(256).default(16),
    /**
     * How a survival endpoint's status and time are drawn: `cox` from proportional-hazards models
     * given the rest of the row, after derived columns are computed (`survival.ts`); `copula` as
     * two more columns of the copula, the time through its event level's marginal.
     */
    survival: z.enum(['cox', 'copula']).default('cox'),
  })
  .strict();

export type CopulaOptions = z.infer<typeof CopulaOptions>;

const Probability = z.number().min(0).max(1);
const LatentIndex = z.number().int().min(0);

export const NumberMarginal = z
  .object({
    type: z.literal('number'),
    /** Knots of the CDF: values non-decreasing, cdf from 0 to 1; equal values mark a point mass. */
    knots: z
      .object({ value: z.array(z.number()).min(2), cdf: z.array(Probability).min(2) })
      .strict()
      .refine((k) => k.value.length === k.cdf.length, { message: 'value and cdf differ in length' }),
    /** Output rounding: 0 for integers and dates, null for none. */
    decimals: z.number().int().min(0).max(15).nullable(),
  })
  .strict();

export const CodeMarginal = z
  .object({
    type: z.literal('code'),
    /** The column's levels, in the data's code order (the output uses these codes). */
    levels: z.array(z.string()).min(1),
    /** Codes in latent order: the order of the intervals on the latent normal scale. */
    order: z.array(z.number().int().min(0)),
    /** Probability of each code in `order`. */
    probabilities: z.array(Probability),
  })
  .strict();

export const ColumnModel = z
  .object({
    name: z.string().min(1),
    marginal: z.discriminatedUnion('type', [NumberMarginal, CodeMarginal]),
    /** Share of training rows where the column is missing, among those where no rule decides it. */
    missing: Probability,
    /** Index of the value's latent variable in the correlation matrix. */
    latent: LatentIndex,
    /** Index of the missingness indicator's latent variable, null when the column is never missing. */
    missingLatent: LatentIndex.nullable(),
  })
  .strict();

/** What a rule decides about a column: that it is missing, that it is present, or its level. */
export const Outcome = z.union([
  z.object({ missing: z.boolean() }).strict(),
  z.object({ equals: z.string() }).strict(),
]);

/** Code columns modelled as one categorical column over the combinations seen in training. */
export const JointGroup = z
  .object({
    /** The combined column's name among `columns`. */
    column: z.string().min(1),
    /** The member columns, in training order, with their levels (the output uses these codes). */
    members: z
      .array(z.object({ name: z.string().min(1), levels: z.array(z.string()).min(1) }).strict())
      .min(2),
    /** Member codes (−1: missing) of each level of the combined column, in its code order. */
    combinations: z.array(z.array(z.number().int().min(-1))).min(1),
  })
  .strict();

/** A column whose cells the rules decide from another code column's level. */
export const DecidedColumn = z
  .object({
    column: z.string().min(1),
    /** The deciding code column. */
    by: z.string().min(1),
    /** Levels of `by` and what they decide; on other levels the column is modelled as usual. */
    outcomes: z.array(z.object({ when: z.array(z.string()).min(1), then: Outcome }).strict()).min(1),
  })
  .strict();

/** A number column modelled as its fraction of an upper bound: column = fraction × bound. */
export const RatioColumn = z
  .object({
    column: z.string().min(1),
    bound: z.string().min(1),
    /** column < bound rather than column ≤ bound. */
    strict: z.boolean(),
    /** Rounding of the column's output (null: none). */
    decimals: z.number().int().min(0).max(15).nullable(),
    /** The column's own marginal, used on the rare rows where the bound is missing. */
    fallback: NumberMarginal,
  })
  .strict();

/** A survival time with a marginal per level of its event column (see `plan-strata.ts`). */
export const StratifiedColumn = z
  .object({
    column: z.string().min(1),
    /** The event column, or the joint group's column that holds it. */
    by: z.string().min(1),
    /** Levels of `by` without a marginal (none in training) use the column's pooled marginal. */
    marginals: z.array(z.object({ level: z.string(), marginal: NumberMarginal }).strict()).min(2),
  })
  .strict();

/** A constant bound on a number column in a subgroup: `column op value when …` (see `plan-bounds.ts`). */
export const ConstantBound = z
  .object({
    column: z.string().min(1),
    op: z.enum(['<', '<=', '>', '>=']),
    value: z.number(),
    when: z.array(Condition).min(1),
  })
  .strict();

/**
 * How the schema's rules were built into the model: what `columns` hold instead of the training
 * columns. Lists are in the order they are undone at sampling (a decider or bound before its column).
 */
export const Structure = z
  .object({
    /** The training columns, in order: the sampled table's columns. */
    columns: z.array(z.string().min(1)).min(1),
    joint: z.array(JointGroup),
    decided: z.array(DecidedColumn),
    ratios: z.array(RatioColumn),
    strata: z.array(StratifiedColumn),
    bounds: z.array(ConstantBound),
  })
  .strict();

export const CopulaParams = z
  .object({
    format: z.literal('gaussian-copula'),
    version: z.literal(2),
    /** Training rows: the weight of these statistics when pooled with another centre's. */
    rows: z.number().int().min(1),
    columns: z.array(ColumnModel).min(1),
    /** Correlation matrix of the latent normal variables (positive definite, unit diagonal). */
    correlation: z.array(z.array(z.number().min(-1).max(1))),
    structure: Structure,
    /** Endpoints drawn from hazard models after decoding (`survival.ts`). */
    survival: z.array(SurvivalModel).default([]),
  })
  .strict()
  .refine((p) => p.correlation.every((row) => row.length === p.correlation.length), {
    message: 'correlation must be a square matrix',
  })
  .refine((p) => p.columns.every((c) => Math.max(c.latent, c.missingLatent ?? 0) < p.correlation.length), {
    message: 'a column refers to a latent variable beyond the correlation matrix',
  })
  .refine(structureResolves, { message: 'the structure names a column the model does not have' })
  .refine(
    (p) =>
      p.survival.every((s) =>
        [s.status, s.time, ...s.covariates.map((c) => c.name)].every((n) => p.structure.columns.includes(n)),
      ),
    { message: 'a survival model names a column the model does not have' },
  );

function structureResolves(p: {
  columns: ReadonlyArray<{ name: string }>;
  structure: z.infer<typeof Structure>;
}): boolean {
  const { columns, joint, decided, ratios } = p.structure;
  const training = new Set(columns);
  const combined = new Set(joint.map((g) => g.column));
  const named = [
    ...joint.flatMap((g) => g.members.map((m) => m.name)),
    ...decided.flatMap((d) => [d.column, d.by]),
    ...ratios.flatMap((r) => [r.column, r.bound]),
    ...p.structure.strata.flatMap((s) => (combined.has(s.by) ? [s.column] : [s.column, s.by])),
    ...p.structure.bounds.flatMap((b) => [b.column, ...b.when.map((c) => c.column)]),
  ];
  return (
    named.every((name) => training.has(name)) &&
    p.columns.every((c) => training.has(c.name) || combined.has(c.name)) &&
    joint.every((g) => p.columns.some((c) => c.name === g.column))
  );
}

export type NumberMarginal = z.infer<typeof NumberMarginal>;
export type Outcome = z.infer<typeof Outcome>;
export type JointGroup = z.infer<typeof JointGroup>;
export type DecidedColumn = z.infer<typeof DecidedColumn>;
export type RatioColumn = z.infer<typeof RatioColumn>;
export type StratifiedColumn = z.infer<typeof StratifiedColumn>;
export type ConstantBound = z.infer<typeof ConstantBound>;
export type Structure = z.infer<typeof Structure>;
export type CodeMarginal = z.infer<typeof CodeMarginal>;
export type ColumnModel = z.infer<typeof ColumnModel>;
export type CopulaParams = z.infer<typeof CopulaParams>;
