/**
 * The thresholds every verdict is judged by, in one validated object with documented defaults.
 * Callers override any of them with the `thresholds` option (a partial object). The defaults come
 * from the literature and the peers' reports, not from what makes the demo pass: see the README's
 * "Reading the report" section for the reasoning behind each.
 */
import * as z from 'zod';

const Limits = z
  .object({ pass: z.number().min(0).max(1), warn: z.number().min(0).max(1) })
  .strict()
  .refine((l) => l.warn <= l.pass, { message: 'warn must not exceed pass' });

export const Thresholds = z
  .object({
    /** Dimension scores (0..1, higher is better). */
    fidelity: Limits.default({ pass: 0.85, warn: 0.7 }),
    utility: Limits.default({ pass: 0.8, warn: 0.6 }),
    privacy: Limits.default({ pass: 0.8, warn: 0.6 }),
    /** p below this counts as a significant difference or association. */
    alpha: z.number().gt(0).lt(1).default(0.05),
    /**
     * Validity: a synthetic table in which more than this share of its rows break a rule no real
     * row breaks (or break it beyond the real share, significantly) fails validity, and cannot
     * pass fidelity.
     */
    ruleBreaks: z.number().min(0).max(1).default(0.01),
  })
  .strict();

export type Thresholds = z.infer<typeof Thresholds>;
export type ThresholdsInput = z.input<typeof Thresholds>;

export const DEFAULT_THRESHOLDS: Thresholds = Thresholds.parse({});
