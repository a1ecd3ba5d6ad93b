/**
 * MST's options, its measurements (what crosses the boundary) and its parameters (what the model
 * file keeps), each a zod schema with its type inferred from it.
 */
import * as z from 'zod';
import { Measurements } from '../measure/measurements.js';
import { ModelParams } from '../pgm/params.js';

export const MstOptions = z
  .object({
    /** Bins of every numeric, integer and date column between its declared bounds. */
    bins: z.number().int().min(2).max(64).default(16),
    /**
     * Put each survival endpoint's time–event edge in the tree before selecting the rest (the
     * schema's endpoints are public). Off by default, as in the paper: on the AML cohort it did not
     * bring the Kaplan–Meier curves closer (docs/generators/mst.md).
     */
    endpointEdges: z.boolean().default(false),
    /** Mirror-descent steps of the estimator (private-pgm runs 5,000 for MST; ours converges sooner on a tree). */
    maxIterations: z.number().int().min(1).max(100_000).default(2000),
  })
  .strict();
export type MstOptions = z.infer<typeof MstOptions>;

/** What was spent, as the model file and the ledger record it. */
export const MstPrivacy = z
  .object({
    mechanism: z.literal('mst: discrete Gaussian marginals + exponential mechanism (zCDP)'),
    epsilon: z.number().positive(),
    delta: z.number().positive().max(1),
    /** The zCDP budget of (ε, δ) by the tight conversion. */
    rhoBudget: z.number().positive(),
    /** ρ actually spent per step, at the noise scales the samplers used; their sum is at most rhoBudget. */
    rhoSpent: z
      .object({
        oneWay: z.number().nonnegative(),
        selection: z.number().nonnegative(),
        edges: z.number().nonnegative(),
      })
      .strict(),
    /** Per-cell σ of the 1-way and of the edge marginals; ε of each exponential-mechanism draw. */
    oneWaySigma: z.number().positive(),
    edgeSigma: z.number().positive(),
    selectionEpsilon: z.number().positive(),
  })
  .strict();
export type MstPrivacy = z.infer<typeof MstPrivacy>;

/**
 * Everything MST releases: the noisy 1-way marginals on the schema's domain (round 1), the tree the
 * exponential mechanism chose and its edges' noisy 2-way marginals on the compressed domain (round 2).
 * The compression is a function of the 1-way measurements alone, so it is recomputed, not stored.
 */
export const MstMeasurements = z
  .object({
    oneWay: Measurements,
    tree: z.array(z.tuple([z.string().min(1), z.string().min(1)])),
    edges: Measurements,
    privacy: MstPrivacy,
  })
  .strict();
export type MstMeasurements = z.infer<typeof MstMeasurements>;

/** The estimator's version: a model file from an older one keeps its measurements and is re-estimated on load. */
export const MST_ESTIMATOR_VERSION = 1;

export const MstParams = z
  .object({
    measurements: MstMeasurements,
    estimator: z.number().int(),
    /** Absent (or from another estimator version): re-estimated from the measurements on load, spending nothing. */
    model: ModelParams.optional(),
  })
  .strict();
export type MstParams = z.infer<typeof MstParams>;
