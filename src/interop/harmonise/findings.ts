/**
 * What the harmonisation check finds, per centre and column, and the consortium-level reference it
 * checks against. Both are JSON a node may send or receive: findings hold aggregates only (a
 * median ratio, label spellings with their counts, counts of date and number writings), never a
 * row; the reference holds the schema's units and levels and pooled medians.
 */
import * as z from 'zod';
import { DATE_FORMATS } from './formats.js';

export const Confidence = z.enum(['high', 'medium', 'low']);
export type Confidence = z.output<typeof Confidence>;

/** A lab in another unit: the centre's median is about `factor` times the reference's. */
export const UnitFinding = z
  .object({
    kind: z.literal('unit'),
    centre: z.string(),
    column: z.string(),
    medianRatio: z.number().positive(),
    /** The conversion factor the ratio is near; the fix multiplies by 1 / factor. */
    factor: z.number().positive(),
    /** The unit the centre likely writes and the consortium's, when a known conversion names them. */
    likely: z.string().optional(),
    declared: z.string().optional(),
    quantity: z.string().optional(),
    /** The centre's interquartile range over the reference's: near `factor` when the whole scale moved. */
    iqrRatio: z.number().positive().optional(),
    /** Kolmogorov–Smirnov distance to the other centres, before and after the fix (local runs only). */
    ksBefore: z.number().min(0).max(1).optional(),
    ksAfter: z.number().min(0).max(1).optional(),
    confidence: Confidence,
    explanation: z.string(),
  })
  .strict();

export const LabelEntry = z
  .object({
    label: z.string(),
    /** The consortium level it stands for; null when none matched or several did (see candidates). */
    to: z.string().nullable(),
    match: z.enum(['normalised', 'synonym', 'words', 'edit']).nullable(),
    confidence: Confidence.nullable(),
    candidates: z.array(z.string()),
    /** Rows holding it (to the nearest `CheckOptions.rounding` in shareable findings). */
    rows: z.number().int().nonnegative(),
  })
  .strict();

/** Category labels spelled otherwise than the consortium's levels. */
export const LabelFinding = z
  .object({
    kind: z.literal('labels'),
    centre: z.string(),
    column: z.string(),
    labels: z.array(LabelEntry),
    /**
     * Shareable findings: rows (to the nearest `CheckOptions.rounding`; 0 below the small-cell count) whose labels are not
     * named — unmatched, or held by fewer rows than the small-cell count. 0 in a local run.
     */
    withheldRows: z.number().int().nonnegative(),
    explanation: z.string(),
  })
  .strict();

export const DateFormatFinding = z
  .object({
    kind: z.literal('date-format'),
    centre: z.string(),
    column: z.string(),
    /** The format the centre writes; null when its dates mix day-first and month-first. */
    format: z.enum(DATE_FORMATS).nullable(),
    ambiguous: z.boolean(),
    inconsistent: z.boolean(),
    evidence: z
      .object({
        iso: z.number().int(),
        dayFirst: z.number().int(),
        monthFirst: z.number().int(),
        either: z.number().int(),
        other: z.number().int(),
        /** Dates with a time of day after them, dropped when rewritten. */
        timed: z.number().int().default(0),
      })
      .strict(),
    confidence: Confidence.nullable(),
    explanation: z.string(),
  })
  .strict();

export const DecimalMarkFinding = z
  .object({
    kind: z.literal('decimal-mark'),
    centre: z.string(),
    column: z.string(),
    mark: z.literal(','),
    /** Rows written with a decimal comma, and with a decimal point. */
    comma: z.number().int().nonnegative(),
    point: z.number().int().nonnegative(),
    confidence: Confidence,
    explanation: z.string(),
  })
  .strict();

export const Finding = z.discriminatedUnion('kind', [
  UnitFinding,
  LabelFinding,
  DateFormatFinding,
  DecimalMarkFinding,
]);
export type Finding = z.output<typeof Finding>;
export type UnitFinding = z.output<typeof UnitFinding>;
export type LabelFinding = z.output<typeof LabelFinding>;
export type DateFormatFinding = z.output<typeof DateFormatFinding>;
export type DecimalMarkFinding = z.output<typeof DecimalMarkFinding>;

export const Findings = z
  .object({
    format: z.literal('harmonise-findings'),
    version: z.literal(1),
    centreColumn: z.string(),
    centres: z.array(z.object({ name: z.string(), rows: z.number().int().nonnegative() }).strict()),
    findings: z.array(Finding),
  })
  .strict();
export type Findings = z.output<typeof Findings>;

/** One column as the consortium has it. */
export const ReferenceColumn = z
  .object({
    name: z.string(),
    /** Levels of a categorical or boolean column (default: the schema's categories). */
    levels: z.array(z.string()).optional(),
    /** The consortium's median and interquartile range of a numeric column, in its declared unit. */
    median: z.number().finite().optional(),
    iqr: z.number().nonnegative().finite().optional(),
  })
  .strict();

/** Consortium-level aggregates a centre's table is checked against. */
export const HarmoniseReference = z
  .object({
    columns: z.array(ReferenceColumn).default([]),
    /** A median ratio within ×/÷ this of a conversion factor is a unit finding (the heterogeneity report's default). */
    unitTolerance: z.number().gt(1).max(2).default(1.2),
  })
  .strict();
export type HarmoniseReference = z.output<typeof HarmoniseReference>;
export type ReferenceColumn = z.output<typeof ReferenceColumn>;
