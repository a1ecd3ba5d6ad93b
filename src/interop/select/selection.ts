/**
 * The selection report (`selection.json`): per column what was measured and what is suggested, and
 * the retained set the user edits before `applySelection`. Declared once here; the file is read back
 * with the same schema, so an edited file that lost a field says which.
 */
import * as z from 'zod';
import { ColumnKind, ColumnRole } from '../../data/schema.js';
import { SelectOptions } from './options.js';

export const AssociationMethod = z.enum(['spearman', 'cramers_v', 'eta']);

export const Association = z
  .object({
    column: z.string(),
    method: AssociationMethod,
    /** |Spearman ρ|, Cramér's V or the correlation ratio η: all in 0..1. */
    value: z.number().min(0).max(1),
    /** Complete pairs it was computed on. */
    n: z.number().int().min(0),
  })
  .strict();

export const ColumnSelection = z
  .object({
    name: z.string(),
    kind: ColumnKind,
    role: ColumnRole,
    /** Share of rows where the column is missing. */
    missing: z.number().min(0).max(1),
    /** Share of present values equal to the most frequent one (null when none is present). */
    topShare: z.number().min(0).max(1).nullable(),
    distinct: z.number().int().min(0),
    nearConstant: z.boolean(),
    /** Mutation columns only: the share of typed patients carrying it. */
    carriers: z.number().min(0).max(1).optional(),
    rare: z.boolean().optional(),
    redundantWith: z.array(Association),
    /** Why the schema needs the column, when it must be kept whatever else is measured. */
    protectedBy: z.string().nullable(),
    suggestion: z.enum(['keep', 'drop']),
    reasons: z.array(z.string()),
  })
  .strict();

export const Selection = z
  .object({
    version: z.literal(1),
    rows: z.number().int().min(0),
    thresholds: SelectOptions,
    columns: z.array(ColumnSelection),
    /** Groups of mutually redundant columns (connected by associations at or above the threshold). */
    clusters: z.array(z.array(z.string())),
    /** Columns left out of the association screen, and why. */
    notCompared: z.array(z.object({ column: z.string(), reason: z.string() }).strict()),
    /** The columns to keep: the suggestion, for the user to edit. */
    retained: z.array(z.string()),
    dropped: z.array(z.string()),
  })
  .strict();

export type AssociationMethod = z.infer<typeof AssociationMethod>;
export type Association = z.infer<typeof Association>;
export type ColumnSelection = z.infer<typeof ColumnSelection>;
export type Selection = z.infer<typeof Selection>;
