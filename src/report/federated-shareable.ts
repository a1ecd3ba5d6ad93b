/**
 * What the hub accepts from a centre: its shareable validation report, the report's summary keys
 * checked, no local file name, and no array with one entry per patient (see `perPatientArrays`).
 * The node's own guarantee is the code that made the report (src/validate/shareable.test.ts); this
 * check is the hub's second line against the shapes that have leaked before.
 */
import * as z from 'zod';

/** The largest shareable report the hub keeps, in JSON characters (an AML centre's report is about 0.3 MB). */
export const MAX_SHAREABLE_CHARS = 16 * 1024 * 1024;

export const DIMENSIONS = ['validity', 'fidelity', 'utility', 'privacy'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const Verdict = z.enum(['pass', 'warn', 'fail']);
export const Limits = z.looseObject({ pass: z.number(), warn: z.number() });
export const Count = z.number().int().min(0);
const DimensionSummary = z.looseObject({ score: z.number().nullable(), verdict: Verdict });
const Finding = z.looseObject({
  part: z.enum(DIMENSIONS),
  severity: z.enum(['fail', 'warn']),
  kind: z.string(),
  subject: z.string(),
  message: z.string(),
  magnitude: z.number(),
});

/**
 * A centre's report as the hub accepts it. Loose objects: keys this schema does not name are kept
 * as they came (a newer node may add some), so `centres[].report` is exactly what the centre sent.
 */
export const ShareableReport = z
  .looseObject({
    version: z.string(),
    tool: z.looseObject({ name: z.literal('synthcohort'), version: z.string() }),
    seed: z.number().int(),
    /** Local file names stay at the centre. */
    files: z.object({}).strict(),
    verdict: Verdict,
    rows: z.object({ real: Count.min(1), synthetic: Count, holdout: Count.nullable() }).strict(),
    thresholds: z.looseObject({ fidelity: Limits, utility: Limits, privacy: Limits }),
    model: z.looseObject({ generator: z.string(), file: z.never().optional() }).nullable(),
    discrepancies: z.array(Finding),
    validity: DimensionSummary,
    fidelity: DimensionSummary,
    utility: DimensionSummary,
    privacy: DimensionSummary,
    skipped: z.array(z.looseObject({ metric: z.string(), reason: z.string() })),
  })
  .superRefine((report, context) => {
    if (JSON.stringify(report).length > MAX_SHAREABLE_CHARS)
      context.addIssue({ code: 'custom', message: `the report exceeds ${MAX_SHAREABLE_CHARS} characters` });
    for (const path of perPatientArrays(report))
      context.addIssue({
        code: 'custom',
        path,
        message: 'an array with one entry per real patient is row-level data; a centre never sends it',
      });
  });
export type ShareableReport = z.infer<typeof ShareableReport>;

/**
 * Paths of arrays as long as the centre's count of real patients (or of its holdout): the shape in
 * which row-level values leaked into reports before (per-patient coordinates). A centre with no
 * more patients than the report has columns cannot be told apart from its per-column lists, so the
 * check holds for centres larger than that (the node's own tests guarantee the rest).
 */
export function perPatientArrays(report: ShareableReport): Array<Array<string | number>> {
  const columns = Math.max(
    0,
    ...[report.fidelity.columns, report.privacy.columns].map((c) => (Array.isArray(c) ? c.length : 0)),
  );
  const counts = new Set(
    [report.rows.real, report.rows.holdout].filter((n): n is number => n !== null && n > columns),
  );
  const found: Array<Array<string | number>> = [];
  const walk = (value: unknown, path: Array<string | number>) => {
    if (Array.isArray(value)) {
      if (counts.has(value.length)) found.push(path);
      for (const [i, item] of value.entries()) walk(item, [...path, i]);
    } else if (value !== null && typeof value === 'object')
      for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
  };
  walk(report, []);
  return found;
}
