/**
 * The `aim` generator's options, measurements (what crosses the boundary) and parameters (what the
 * model file keeps), each a zod schema with its type inferred from it.
 */
import * as z from 'zod';
import { Measurements } from '../measure/measurements.js';
import { ModelParams } from '../pgm/params.js';

export const AimOptions = z
  .object({
    /** Bins of every numeric, integer and date column between its declared bounds. */
    bins: z.number().int().min(2).max(64).default(16),
    /** Largest model, in cells of the junction tree's tables (private-pgm's 80 MB is 10.5 million). */
    maxModelSize: z.number().int().min(1).max(50_000_000).default(2_000_000),
    /** T, the rounds the budget is first split into (default: 16 × modelled columns, the paper's). */
    rounds: z.number().int().min(1).max(100_000).optional(),
    /** Estimator steps after each round, warm-started. */
    roundIterations: z.number().int().min(1).max(100_000).default(300),
    /** Estimator steps of the last fit, and of `estimate` from the measurements. */
    finalIterations: z.number().int().min(1).max(100_000).default(1000),
    /**
     * Share of ρ spent, before the rounds, on each survival endpoint's time × event marginal (0:
     * none; they are then measured only if the rounds select them).
     */
    endpointShare: z.number().min(0).max(0.5).default(0.1),
    /**
     * Share of ρ spent on the co-occurrence counts of every pair of mutation-role columns, before
     * the rounds (0: none). Measured only when the schema has 3 or more mutation columns.
     */
    coMutationShare: z.number().min(0).max(0.9).default(0.2),
    /** Mutations per patient counted in those pairs (the first ones in schema order); sets their noise. */
    coMutationClip: z.number().int().min(2).max(64).default(6),
    /** Columns crossed with each survival endpoint in the default workload (default: risk group, treatment, age). */
    riskFactors: z.array(z.string().min(1)).optional(),
  })
  .strict();
export type AimOptions = z.infer<typeof AimOptions>;

/** What was spent, as the model file and the ledger record it. */
export const AimPrivacy = z
  .object({
    mechanism: z.literal('aim: discrete Gaussian marginals + exponential mechanism (zCDP)'),
    epsilon: z.number().positive(),
    delta: z.number().positive().max(1),
    /** The zCDP budget of (ε, δ) by the tight conversion. */
    rhoBudget: z.number().positive(),
    /** ρ actually spent by the measurements and by the selections; their sum is at most rhoBudget. */
    rhoSpent: z
      .object({ measurements: z.number().nonnegative(), selection: z.number().nonnegative() })
      .strict(),
    /** ε of each round's exponential-mechanism draw, in order (the σ of each measurement is in it). */
    selectionEpsilons: z.array(z.number().positive()),
  })
  .strict();
export type AimPrivacy = z.infer<typeof AimPrivacy>;

/** Everything AIM releases: every measured marginal (1-way first, then one per round) and the spend. */
export const AimMeasurements = z.object({ measured: Measurements, privacy: AimPrivacy }).strict();
export type AimMeasurements = z.infer<typeof AimMeasurements>;

/** The estimator's version: a model file from an older one keeps its measurements and is re-estimated on load. */
export const AIM_ESTIMATOR_VERSION = 2;

export const AimParams = z
  .object({
    measurements: AimMeasurements,
    estimator: z.number().int(),
    /** Absent (or from another estimator version): re-estimated from the measurements on load, spending nothing. */
    model: ModelParams.optional(),
  })
  .strict();
export type AimParams = z.infer<typeof AimParams>;
