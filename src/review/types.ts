/**
 * The clinician review's vocabulary, declared once as zod schemas (the review app's API and the
 * library share them): what a reviewer says about a synthetic record, what a round of review sums
 * up to, the rules the findings propose, and what the app shows about how a cohort was made.
 *
 * Privacy: nothing here holds a real patient's value. A finding names a synthetic record by its
 * row index in the synthetic cohort; the real-data summary holds aggregates with small cells
 * suppressed; a blinded deck's real rows never leave the site's own app (see `blinded.ts`).
 */
import * as z from 'zod';
import { Rule } from '../data/schema.js';

/** A reviewer's verdict on one synthetic record. */
export const ReviewStatus = z.enum(['realistic', 'not-realistic']);
export type ReviewStatus = z.infer<typeof ReviewStatus>;

/** An issue type: the shipped taxonomy (`taxonomy.ts`) plus those a coordinator adds. */
export const IssueType = z
  .object({
    /** kebab-case, stable: `impossible-timeline`. */
    id: z.string().regex(/^[a-z][a-z0-9-]{1,47}$/),
    label: z.string().min(1).max(80),
    description: z.string().max(400),
    /** Shipped with synthcohort (cannot be removed) or added by a coordinator. */
    builtIn: z.boolean(),
  })
  .strict();
export type IssueType = z.infer<typeof IssueType>;

/** One reviewer's finding on one record (the latest one counts; earlier ones stay in the audit log). */
export const Finding = z
  .object({
    /** 0-based row of the synthetic cohort. */
    record: z.number().int().nonnegative(),
    reviewer: z.string().min(1),
    status: ReviewStatus,
    /** Columns the reviewer blames (empty for 'realistic'). */
    columns: z.array(z.string().min(1)).max(50),
    /** Issue type ids (empty for 'realistic'). */
    issues: z.array(z.string().min(1)).max(20),
    comment: z.string().max(2000),
    /** ISO 8601. */
    at: z.string(),
  })
  .strict();
export type Finding = z.infer<typeof Finding>;

/** A 5-point rating of how representative the source data was of the patients it stands for. */
export const RepresentativenessRating = z
  .object({
    reviewer: z.string().min(1),
    score: z.number().int().min(1).max(5),
    comment: z.string().max(2000),
    at: z.string(),
  })
  .strict();
export type RepresentativenessRating = z.infer<typeof RepresentativenessRating>;

/** Fleiss' kappa over records seen by at least two reviewers (stats/fleiss-kappa.ts). */
export const Agreement = z
  .object({
    /** null when fewer than two records were seen by two or more reviewers. */
    kappa: z.number().nullable(),
    /** Records the kappa is computed on. */
    records: z.number().int().nonnegative(),
    /** Mean raters per such record. */
    meanRaters: z.number().nonnegative(),
    /** Observed agreement P̄ and chance agreement P̄e. */
    observed: z.number().nullable(),
    chance: z.number().nullable(),
    /** Landis & Koch's band: "slight", "fair", "moderate", "substantial", "almost perfect", "poor". */
    interpretation: z.string().nullable(),
  })
  .strict();
export type Agreement = z.infer<typeof Agreement>;

export const ReviewSummary = z
  .object({
    records: z.number().int().nonnegative(),
    /** Records with at least one finding; a record's status is its reviewers' majority (ties: not-realistic). */
    reviewed: z.number().int().nonnegative(),
    realistic: z.number().int().nonnegative(),
    notRealistic: z.number().int().nonnegative(),
    pending: z.number().int().nonnegative(),
    findings: z.number().int().nonnegative(),
    reviewers: z.array(
      z.object({ name: z.string(), realistic: z.number().int(), notRealistic: z.number().int() }).strict(),
    ),
    /** Not-realistic findings per (column, issue type); a finding with no column counts under column null. */
    issues: z.array(
      z.object({ column: z.string().nullable(), issue: z.string(), findings: z.number().int() }).strict(),
    ),
    agreement: Agreement,
    ratings: z.array(RepresentativenessRating),
    /** Mean score, null without ratings. */
    meanRating: z.number().nullable(),
  })
  .strict();
export type ReviewSummary = z.infer<typeof ReviewSummary>;

/** A schema rule the findings suggest, with the evidence for it. */
export const RuleProposal = z
  .object({
    /** Stable for the same rule on the same cohort: a hash of the rule's canonical JSON. */
    key: z.string().min(1),
    rule: Rule,
    /** The rule in words: "relapse_days <= os_days", "if treatment = non_intensive then hsct = 0". */
    description: z.string(),
    /** bound | ordering | implication */
    kind: z.enum(['bound', 'ordering', 'implication']),
    /** Not-realistic records that break the rule (the motivation), as synthetic row indices. */
    motivatingRecords: z.array(z.number().int().nonnegative()),
    /** Records marked realistic that break it too: evidence against the rule. */
    realisticBreaking: z.number().int().nonnegative(),
    /** Every record of the cohort that breaks it: what accepting would remove. */
    cohortBreaking: z.number().int().nonnegative(),
    decision: z.enum(['pending', 'accepted', 'rejected']),
  })
  .strict();
export type RuleProposal = z.infer<typeof RuleProposal>;

/** A histogram bin or category count, suppressed (null) below the small-cell threshold. */
const Cell = z.object({ label: z.string(), count: z.number().int().nullable() }).strict();

/** The real data the model was fitted on, as aggregates only. */
export const RealDataSummary = z
  .object({
    /** Rounded to 10 so that a difference of two summaries does not reveal one patient. */
    patients: z.number().int().nonnegative(),
    centres: z.number().int().nonnegative().nullable(),
    /** Counts below this are shown as "< minCell". */
    minCell: z.number().int().positive(),
    columns: z.array(
      z
        .object({
          name: z.string(),
          kind: z.string(),
          role: z.string(),
          /** Share missing, rounded to whole percent. */
          missingPercent: z.number().nullable(),
          /** Numbers: mean and sd over ≥ minCell values (null otherwise), and a suppressed histogram. */
          mean: z.number().nullable(),
          sd: z.number().nullable(),
          cells: z.array(Cell),
        })
        .strict(),
    ),
  })
  .strict();
export type RealDataSummary = z.infer<typeof RealDataSummary>;

/** How the cohort was made, in words a clinician reads before judging it. */
export const GenerationCard = z
  .object({
    generator: z.string(),
    /** One line on what the generator does. */
    method: z.string(),
    options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    /** "(ε = 3, δ = 1e-6) differential privacy" or "none: not differentially private". */
    privacy: z.string(),
    epsilon: z.number().nullable(),
    delta: z.number().nullable(),
    trainingRows: z.number().int().nonnegative().nullable(),
    syntheticRows: z.number().int().nonnegative(),
    /** Known limitations and biases of this generator on this schema, each one sentence. */
    limitations: z.array(z.string()),
    /** The schema's rules in words, declared and inferred marked. */
    rules: z.array(z.object({ description: z.string(), inferred: z.boolean() }).strict()),
  })
  .strict();
export type GenerationCard = z.infer<typeof GenerationCard>;

/** What one regeneration changed: per accepted rule, the records breaking it before and after. */
export const RoundChanges = z
  .object({
    fromVersion: z.number().int().positive(),
    toVersion: z.number().int().positive(),
    /** 'refitted' on the real data, 're-estimated' from kept measurements, or 'resampled' under the new rules. */
    how: z.enum(['refitted', 're-estimated', 'resampled']),
    rules: z.array(
      z
        .object({
          description: z.string(),
          breakingBefore: z.number().int().nonnegative(),
          breakingAfter: z.number().int().nonnegative(),
        })
        .strict(),
    ),
    /** Not-realistic share of reviewed records in the earlier round. */
    notRealisticBefore: z.number().nullable(),
    /** What else a reviewer should know about this round, e.g. that no validation report describes it yet. */
    notes: z.array(z.string()).optional(),
  })
  .strict();
export type RoundChanges = z.infer<typeof RoundChanges>;

/** A blinded (visual Turing test) result: how often reviewers told real from synthetic. */
export const BlindedScore = z
  .object({
    guesses: z.number().int().nonnegative(),
    correct: z.number().int().nonnegative(),
    /** correct / guesses, null without guesses. */
    accuracy: z.number().nullable(),
    /** Two-sided exact binomial p against 0.5: small means reviewers could tell. */
    p: z.number().nullable(),
    /** Real records called synthetic, synthetic records called real. */
    realCalledSynthetic: z.number().int().nonnegative(),
    syntheticCalledReal: z.number().int().nonnegative(),
  })
  .strict();
export type BlindedScore = z.infer<typeof BlindedScore>;
