/**
 * The copula's options and fitted parameters, declared once; the types are inferred from them.
 *
 * The parameters are aggregate statistics only: per column a compressed distribution (a few hundred
 * quantile knots, or category frequencies, plus the share missing) and one correlation matrix of
 * latent normal scores. They hold no row. The knots are order statistics, so the exact minimum and
 * maximum of each column are in the file: treat it as you would published summary statistics.
 */
import * as z from 'zod';

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
    /** Share of training rows where the column is missing. */
    missing: Probability,
    /** Index of the value's latent variable in the correlation matrix. */
    latent: LatentIndex,
    /** Index of the missingness indicator's latent variable, null when the column is never missing. */
    missingLatent: LatentIndex.nullable(),
  })
  .strict();

export const CopulaParams = z
  .object({
    format: z.literal('gaussian-copula'),
    version: z.literal(1),
    /** Training rows: the weight of these statistics when pooled with another centre's. */
    rows: z.number().int().min(1),
    columns: z.array(ColumnModel).min(1),
    /** Correlation matrix of the latent normal variables (positive definite, unit diagonal). */
    correlation: z.array(z.array(z.number().min(-1).max(1))),
  })
  .strict()
  .refine((p) => p.correlation.every((row) => row.length === p.correlation.length), {
    message: 'correlation must be a square matrix',
  })
  .refine((p) => p.columns.every((c) => Math.max(c.latent, c.missingLatent ?? 0) < p.correlation.length), {
    message: 'a column refers to a latent variable beyond the correlation matrix',
  });

export type NumberMarginal = z.infer<typeof NumberMarginal>;
export type CodeMarginal = z.infer<typeof CodeMarginal>;
export type ColumnModel = z.infer<typeof ColumnModel>;
export type CopulaParams = z.infer<typeof CopulaParams>;
