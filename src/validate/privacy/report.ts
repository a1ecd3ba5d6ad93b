/**
 * The privacy section of report.json, declared once; the TypeScript types are inferred from it.
 * Every number is finite or null: a metric that could not be computed is null, with its reason in
 * `skipped`, never a made-up value.
 */
import * as z from 'zod';
import type { Discrepancy as DiscrepancyType } from '../types.js';

const Share = z.number().min(0).max(1);
const Distance = z.number().min(0);

/** Percentiles are one pair's distance: published with 2 significant digits. */
export const DistanceSummary = z.object({
  p5: Distance,
  median: Distance,
  /** Rows the summary was computed from (a seeded sample of a larger table). */
  rows: z.number().int().min(0),
});

export const DcrReport = z.object({
  syntheticToReal: DistanceSummary,
  holdoutToReal: DistanceSummary.optional(),
  /** Without a holdout: each training row's distance to the other training rows (leave-one-out). */
  trainingToTraining: DistanceSummary.optional(),
  /**
   * Share of rows whose DCR lies below the baseline's 5th percentile as published (`threshold`,
   * 2 significant digits; ties at it count one half):
   * about 0.05 for rows the generator never copied from; the baseline's own share is reported with
   * it. Null when there is no baseline (a one-row training table and no holdout).
   */
  closerThanBaselineP5: z
    .object({
      baseline: z.enum(['holdout', 'training']),
      threshold: Distance,
      synthetic: Share,
      reference: Share,
    })
    .nullable(),
  /**
   * Shared bins for the chart: `edges` has one more entry than each list of proportions. Edges are
   * round numbers up to about the 95th percentile of all distances, then 1 (the largest Gower
   * distance), never one pair's distance; baseline bins of fewer than smallCell real rows are merged.
   */
  histogram: z.object({
    edges: z.array(Distance),
    synthetic: z.array(Share),
    baseline: z.array(Share).nullable(),
  }),
});

export const ExactMatchBaseline = z.object({
  /** holdout: holdout rows identical to a training row; training: training rows with a twin. */
  source: z.enum(['holdout', 'training']),
  /**
   * Null when 1..smallCell − 1 real rows: a count of real patients too small to show; the
   * exact-copy score part then takes the baseline as 0, so that it does not give the count back.
   */
  matches: z.number().int().min(0).nullable(),
  share: Share.nullable(),
});

/** Ratio percentiles with 2 significant digits, as the distances'. */
export const NndrReport = z.object({
  synthetic: z.object({ p5: Share, median: Share, rows: z.number().int() }),
  holdout: z.object({ p5: Share, median: Share, rows: z.number().int() }).nullable(),
});

export const MiaReport = z.object({
  /** The stronger of the two attacks; null without a holdout. */
  auc: z.number().min(0).max(1).nullable(),
  reason: z.string().optional(),
  distance: z.object({ auc: z.number().min(0).max(1) }).optional(),
  densityRatio: z.object({ auc: z.number().min(0).max(1), k: z.number().int() }).optional(),
  members: z.number().int().optional(),
  nonMembers: z.number().int().optional(),
  reference: z.number().int().optional(),
});

export const AttributeResult = z.object({
  name: z.string(),
  /** The attacker's accuracy on training rows (members). */
  trainingAccuracy: Share,
  /** The same attack on holdout rows: what the synthetic data tells about anyone. */
  holdoutAccuracy: Share.nullable(),
  /** trainingAccuracy − holdoutAccuracy. */
  advantage: z.number().min(-1).max(1).nullable(),
  /** Accuracy of always guessing the synthetic data's most common value, on training rows. */
  majorityBaseline: Share,
  rows: z.number().int(),
});

export const AttributeDisclosureReport = z.object({
  quasiIdentifiers: z.array(z.string()),
  neighbours: z.number().int(),
  attributes: z.array(AttributeResult),
  meanAdvantage: z.number().min(-1).max(1).nullable(),
  note: z.string().optional(),
});

export const ScoreParts = z.object({
  dcr: Share.nullable(),
  exactMatches: Share.nullable(),
  mia: Share.nullable(),
  attributeDisclosure: Share.nullable(),
});

const Discrepancy = z.object({
  part: z.enum(['validity', 'fidelity', 'utility', 'privacy']),
  severity: z.enum(['fail', 'warn']),
  kind: z.string(),
  subject: z.string(),
  message: z.string(),
  magnitude: z.number(),
}) satisfies z.ZodType<DiscrepancyType>;

export const PrivacyReport = z.object({
  /** The smallest part; null (not computed, verdict warn) when no part could be. */
  score: Share.nullable(),
  verdict: z.enum(['pass', 'warn', 'fail']),
  /** Each part in 0..1; the score is the smallest available part. */
  scoreParts: ScoreParts,
  rows: z.object({
    training: z.number().int(),
    synthetic: z.number().int(),
    holdout: z.number().int().nullable(),
  }),
  /** The columns every distance averages over (identifiers excluded). */
  columns: z.array(z.string()),
  dcr: DcrReport,
  /** Synthetic rows identical to some training row on every non-id column. */
  exactMatches: z.number().int().min(0),
  exactMatchShare: Share,
  exactMatchBaseline: ExactMatchBaseline,
  nndr: NndrReport.nullable(),
  mia: MiaReport,
  attributeDisclosure: AttributeDisclosureReport.nullable(),
  skipped: z.array(z.object({ metric: z.string(), reason: z.string() })),
  notes: z.array(z.string()),
  /**
   * What to see first: no holdout (membership inference not measured), exact copies beyond the
   * baseline, and each attack whose part is below the pass threshold (below warn: a failure).
   */
  discrepancies: z.array(Discrepancy),
});

export type DistanceSummary = z.infer<typeof DistanceSummary>;
export type DcrReport = z.infer<typeof DcrReport>;
export type ExactMatchBaseline = z.infer<typeof ExactMatchBaseline>;
export type NndrReport = z.infer<typeof NndrReport>;
export type MiaReport = z.infer<typeof MiaReport>;
export type AttributeResult = z.infer<typeof AttributeResult>;
export type AttributeDisclosureReport = z.infer<typeof AttributeDisclosureReport>;
export type ScoreParts = z.infer<typeof ScoreParts>;
export type PrivacyReport = z.infer<typeof PrivacyReport>;
