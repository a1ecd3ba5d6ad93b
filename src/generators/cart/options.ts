/**
 * The cart generator's settings, declared once: the type is inferred from the schema. The defaults
 * follow synthpop's `syn(method = "cart")`, which calls rpart with `cp = 1e-8` (Nowok, Raab &
 * Dibben, J Stat Softw 2016;74(11)), and rpart's own `maxdepth = 30` — except the leaf size.
 */
import * as z from 'zod';

export const CartOptions = z
  .object({
    /**
     * Fewest training rows in a leaf: the privacy/fidelity knob. Every synthetic value is drawn from
     * a leaf's observed values, so a larger leaf mixes more patients into each draw. 15, not
     * synthpop's 5: on R's survival tables and the simulated cohorts (`npm run bench:privacy`, 10
     * seeds) 5 puts 0.08–0.15 of synthetic rows closer to a real patient than 95 % of new patients
     * are on half the tables; 15 keeps that share ≤ 0.08 wherever any setting does (lung 0.044,
     * simulated AML 0.057), at a median quality change of −0.002 (worst −0.028, cgd's 89 training
     * rows) and with as many Cox coefficients kept. 10 gains a little quality for a thinner margin.
     */
    minLeaf: z.number().int().min(1).default(15),
    /** Deepest a tree may grow (rpart's `maxdepth`). */
    maxDepth: z.number().int().min(1).max(100).default(30),
    /** A split must lower the tree's total impurity by this share of the root's (rpart's `cp`). */
    cp: z.number().min(0).max(1).default(1e-8),
    /**
     * Numeric predictors are quantised once into at most this many bins; splits are searched on the
     * bins. With fewer distinct values than bins the search is exact.
     */
    maxBins: z.number().int().min(2).max(255).default(255),
    /**
     * Gaussian kernel smoothing of drawn numbers (synthpop's `smoothing = "density"`): `auto` smooths
     * numeric columns and leaves integer and date columns as observed; `density` smooths all number
     * columns (rounding integers and dates); `none` returns observed values only.
     */
    smoothing: z.enum(['auto', 'density', 'none']).default('auto'),
    /**
     * How each survival endpoint (time and status) is drawn: `cox` from proportional-hazards models
     * on the columns visited before it, one per status value (see `survival.ts`); `tree` as two
     * more columns, the status from a classification tree, then the time from a regression tree.
     */
    survival: z.enum(['cox', 'tree']).default('cox'),
    /**
     * The ridge penalty λ of the `cox` survival models, on numbers per standard deviation and on
     * 0/1 indicators: a normal prior of SD 1/√λ on each log hazard ratio.
     */
    coxPenalty: z.number().positive().max(1e6).default(1),
    /** Visit order: these columns first, in this order; the others follow in the automatic order. */
    order: z
      .array(z.string().min(1))
      .refine((names) => new Set(names).size === names.length, { message: 'order names a column twice' })
      .optional(),
    /**
     * Conditional sampling draws at most this many candidate rows per requested row before a
     * conditioned column (see `conditional.ts`); more means fewer repeated prefixes for rare subgroups.
     */
    poolFactor: z.number().int().min(1).max(1000).default(32),
  })
  .strict();

export type CartOptions = z.infer<typeof CartOptions>;
