/**
 * The harmonisation section of a heterogeneity report: the hub's unit findings from the centres'
 * median ratios, every centre's own findings on its cells' text, and the mapping they propose,
 * unconfirmed. Each centre confirms its own transformations and applies them to its own table
 * (nothing of its rows reaches the hub, so nothing else could); the mapping is the same file the
 * local `harmonise` writes, so the same apply step reads it.
 *
 * A centre speaks for itself only: a finding naming another centre, a column the check does not
 * read (undeclared, an identifier, the centre column), or a unit (the hub's to find, from the ratios every centre answers) makes the answer
 * malformed, and the job aborts as for any malformed answer.
 */
import { DataError } from '../../core/errors.js';
import type { Schema } from '../../data/schema.js';
import { unitConfidence, unitExplanation } from '../../interop/harmonise/check.js';
import type { Finding, UnitFinding } from '../../interop/harmonise/findings.js';
import { proposeMapping } from '../../interop/harmonise/mapping.js';
import { quantityOf } from '../../interop/harmonise/units.js';
import type { HeterogeneityReport, ShiftAnswer } from './heterogeneity-report.js';

/** The centre column a mapping names: the schema's centre role, else `centre`. */
function mappingCentreColumn(schema: Schema): string {
  return schema.columns.find((c) => c.role === 'centre')?.name ?? 'centre';
}

export function harmoniseSection(
  report: HeterogeneityReport,
  schema: Schema,
  answers: Readonly<Record<string, ShiftAnswer>>,
): HeterogeneityReport {
  // The columns a centre's check reads: never an identifier or the centre itself.
  const declared = new Set(
    schema.columns.filter((c) => c.role !== 'id' && c.role !== 'centre').map((c) => c.name),
  );
  const findings: Finding[] = report.columns.flatMap(unitFindings);
  for (const { name: centre } of report.centres)
    for (const finding of answers[centre]?.findings ?? []) {
      if (finding.centre !== centre || finding.kind === 'unit' || !declared.has(finding.column))
        throw new DataError(
          { column: finding.column },
          `centre '${centre}' answered a finding it cannot make: ${finding.kind === 'unit' ? 'a unit (the hub finds units from the median ratios)' : finding.centre !== centre ? `one about centre '${finding.centre}'` : 'about a column the check does not read'}`,
        );
      findings.push(finding);
    }
  const mapping = proposeMapping({
    format: 'harmonise-findings',
    version: 1,
    centreColumn: mappingCentreColumn(schema),
    centres: report.centres.map((c) => ({ name: c.name, rows: c.rows ?? 0 })),
    findings,
  });
  return { ...report, harmonise: { findings, mapping } };
}

/** The unit suspicions of one numeric column as findings, with the local check's confidence. */
function unitFindings(column: HeterogeneityReport['columns'][number]): UnitFinding[] {
  if (column.type !== 'numeric') return [];
  return column.centres.flatMap((c) => {
    if (c.unit === undefined || c.medianRatio === null) return [];
    const match = { ...c.unit, distance: Math.abs(Math.log(c.medianRatio / c.unit.factor)) };
    const quantity = c.unit.likely === undefined ? undefined : quantityOf(column.name)?.name;
    return [
      {
        kind: 'unit' as const,
        centre: c.centre,
        column: column.name,
        medianRatio: c.medianRatio,
        factor: c.unit.factor,
        ...(c.unit.likely === undefined ? {} : { likely: c.unit.likely }),
        ...(c.unit.declared === undefined ? {} : { declared: c.unit.declared }),
        ...(quantity === undefined ? {} : { quantity }),
        confidence: unitConfidence(match),
        explanation: unitExplanation(c.centre, column.name, c.medianRatio, match),
      },
    ];
  });
}
