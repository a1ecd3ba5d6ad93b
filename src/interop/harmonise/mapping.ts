/**
 * The mapping the user confirms: one proposed transformation per finding that has a fix, each
 * with `"confirmed": false`. The user flips the ones to keep (or edits them: a relabel's `null`
 * target is a label no level matched, to fill in or leave); applying uses confirmed ones only.
 */
import * as z from 'zod';
import { Confidence, type Findings } from './findings.js';
import { DATE_FORMATS } from './formats.js';

const Target = { centre: z.string(), column: z.string() };
const Decision = { confidence: Confidence.nullable(), confirmed: z.boolean(), reason: z.string().optional() };

export const ScaleTransformation = z
  .object({
    kind: z.literal('scale'),
    ...Target,
    /** Every number of the column at the centre is multiplied by this. */
    multiplyBy: z.number().positive().finite(),
    from: z.string().optional(),
    to: z.string().optional(),
    ...Decision,
  })
  .strict();

export const RelabelTransformation = z
  .object({
    kind: z.literal('relabel'),
    ...Target,
    /** The centre's label → the consortium's level; null leaves the label as it is. */
    labels: z.record(z.string(), z.string().nullable()),
    ...Decision,
  })
  .strict();

export const DateFormatTransformation = z
  .object({
    kind: z.literal('date-format'),
    ...Target,
    /** The format the centre writes; dates are rewritten as ISO YYYY-MM-DD (a time of day dropped). */
    from: z.enum(DATE_FORMATS),
    ...Decision,
  })
  .strict();

export const DecimalMarkTransformation = z
  .object({
    kind: z.literal('decimal-mark'),
    ...Target,
    /** The mark the centre writes; numbers are rewritten with a decimal point. */
    from: z.literal(','),
    ...Decision,
  })
  .strict();

export const Transformation = z.discriminatedUnion('kind', [
  ScaleTransformation,
  RelabelTransformation,
  DateFormatTransformation,
  DecimalMarkTransformation,
]);
export type Transformation = z.output<typeof Transformation>;

export const Mapping = z
  .object({
    format: z.literal('harmonise-mapping'),
    version: z.literal(1),
    centreColumn: z.string(),
    note: z.string().optional(),
    transformations: z.array(Transformation),
  })
  .strict();
export type Mapping = z.output<typeof Mapping>;

export const MAPPING_NOTE =
  'Proposed transformations. Set "confirmed": true on each one to apply (or pass --accept-all); applying uses confirmed ones only. A relabel target of null leaves that label as it is.';

/** The transformations the findings propose, unconfirmed unless `acceptAll`. */
export function proposeMapping(findings: Findings, acceptAll = false): Mapping {
  const transformations: Transformation[] = [];
  for (const f of findings.findings) {
    const base = { centre: f.centre, column: f.column, confirmed: acceptAll };
    if (f.kind === 'unit')
      transformations.push({
        kind: 'scale',
        ...base,
        multiplyBy: Number((1 / f.factor).toPrecision(6)),
        ...(f.likely === undefined ? {} : { from: f.likely }),
        ...(f.declared === undefined ? {} : { to: f.declared }),
        confidence: f.confidence,
        reason: f.explanation,
      });
    else if (f.kind === 'decimal-mark')
      transformations.push({
        kind: 'decimal-mark',
        ...base,
        from: ',',
        confidence: f.confidence,
        reason: f.explanation,
      });
    else if (
      f.kind === 'date-format' &&
      f.format !== null &&
      (f.format !== 'YYYY-MM-DD' || f.evidence.timed > 0)
    )
      transformations.push({
        kind: 'date-format',
        ...base,
        from: f.format,
        confidence: f.confidence,
        reason: f.explanation,
      });
    else if (f.kind === 'labels' && f.labels.length > 0)
      transformations.push({
        kind: 'relabel',
        ...base,
        labels: Object.fromEntries(f.labels.map((l) => [l.label, l.to])),
        confidence: weakest(f.labels.flatMap((l) => (l.confidence === null ? [] : [l.confidence]))),
        reason: f.explanation,
      });
  }
  return {
    format: 'harmonise-mapping',
    version: 1,
    centreColumn: findings.centreColumn,
    note: MAPPING_NOTE,
    transformations,
  };
}

function weakest(levels: readonly Confidence[]): Confidence | null {
  if (levels.length === 0) return null;
  return levels.includes('low') ? 'low' : levels.includes('medium') ? 'medium' : 'high';
}
