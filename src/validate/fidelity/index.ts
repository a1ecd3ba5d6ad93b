/**
 * Statistical fidelity: how closely the synthetic table reproduces the real one, column by column
 * (KS and Wilcoxon, χ² or Fisher, total variation), pair by pair (association matrices, contingency
 * similarity), as a whole (PCA overlap, a classifier's detection AUC, synthpop's pMSE) and, with
 * mutation columns, genetically (GSF). Everything reported is shareable: binned, pooled or
 * suppressed below the small-cell threshold (src/stats/binning.ts), while tests and scores use the
 * full data. See docs/validation/fidelity.md for every formula.
 */
import { SynthcohortError } from '../../core/errors.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import type { Skipped, ValidationInput } from '../types.js';
import { verdictFor } from '../types.js';
import { associationReport } from './associations.js';
import { categoricalColumnFidelity } from './categorical-column.js';
import { contingencyReport } from './contingency.js';
import { detection } from './detection.js';
import { fidelityDiscrepancies } from './discrepancies.js';
import { emptyColumnFidelity } from './empty-column.js';
import { flagPrevalence } from './flags.js';
import { genomicReport } from './genomic.js';
import { numericColumnFidelity } from './numeric-column.js';
import { pcaOverlap } from './pca-overlap.js';
import { pmse } from './pmse.js';
import { type CodePair, prepareColumns } from './prepare.js';
import { clinicalFidelity, combinedScore, distanceScore } from './score.js';
import { FIDELITY_SETTINGS } from './settings.js';
import type { ColumnFidelity, DetectionReport, FidelityReport, PcaReport, PmseReport } from './types.js';

export { GSF_WEIGHTS } from './genomic.js';
export { CSF_WEIGHTS } from './score.js';
export { FIDELITY_SETTINGS } from './settings.js';
export type * from './types.js';

export function fidelity(input: ValidationInput): FidelityReport {
  const { real, synthetic, schema, thresholds, rng, smallCell } = input;
  const { columns: pairs, oneSided, skipped } = prepareColumns(real, synthetic, schema);
  const units = new Map(schema.columns.map((c) => [c.name, c.unit ?? null]));
  const tested: ColumnFidelity[] = pairs.map((pair) =>
    pair.type === 'number'
      ? numericColumnFidelity(pair, units.get(pair.name) ?? null, smallCell)
      : categoricalColumnFidelity(pair, smallCell),
  );
  const empty = oneSided.map((pair) => emptyColumnFidelity(pair, smallCell));
  const tableLevel = real.nRows >= 2 && synthetic.nRows >= 2;
  if (!tableLevel)
    skipped.push({
      metric: 'fidelity.correlation',
      reason: 'associations, PCA and detection need at least 2 rows in each table',
    });
  // A column empty in one table is associated with nothing there: its real associations count as lost.
  const correlation = associationReport(tableLevel ? [...pairs, ...oneSided] : [], real.nRows, smallCell);
  const position = new Map(correlation.columns.map((name, i) => [name, i]));
  const contingency = contingencyReport(
    tableLevel ? pairs.filter((p): p is CodePair => p.type === 'code') : [],
    (a, b) =>
      Math.abs(correlation.real[position.get(a)!]?.[position.get(b)!] ?? 0) >=
      correlation.preservation.threshold,
    smallCell,
  );
  const names = [...pairs, ...oneSided].map((p) => p.name);
  // PCA is fitted on the real rows: a column without real values has no axis there.
  const pcaNames = [...pairs, ...oneSided.filter((p) => p.emptyIn === 'synthetic')].map((p) => p.name);
  const pca =
    tableLevel && comparable(pcaNames, 'fidelity.pca', skipped)
      ? attempt('fidelity.pca', skipped, () =>
          pcaOverlap(real, synthetic, pcaNames, rng.split('pca'), smallCell),
        )
      : null;
  const propensity =
    tableLevel && comparable(names, 'fidelity.pmse', skipped)
      ? attempt('fidelity.pmse', skipped, () => pmse(real, synthetic, names, rng.split('pmse')))
      : null;
  const detected =
    detectable(real, synthetic, skipped) && comparable(names, 'fidelity.detection', skipped)
      ? attempt('fidelity.detection', skipped, () =>
          detection(real, synthetic, names, rng.split('detection')),
        )
      : null;
  const genomic = genomicReport(pairs, thresholds.alpha, smallCell);
  if (genomic) skipped.push(...genomic.skipped);
  const isClinical = (role: string) => role !== 'mutation' || !genomic;
  const clinicalColumns = [
    ...tested.filter((_, i) => isClinical(pairs[i].role)),
    ...empty.filter((_, i) => isClinical(oneSided[i].role)),
  ];
  const columns = inSchemaOrder([...tested, ...empty], schema);
  const { csf, parts: csfParts } = clinicalFidelity(
    distanceScore(clinicalColumns.length ? clinicalColumns : columns),
    pca?.overlap ?? null,
    correlation.preservation.score,
  );
  const gsf = genomic ? genomic.gsf : null;
  const score = combinedScore([csf, gsf, detected?.score ?? null]);
  if (score === null)
    skipped.push({ metric: 'fidelity.score', reason: 'no part of the score could be computed' });
  const differences = columns.map((c) => c.missing.difference);
  return {
    score,
    verdict: verdictFor(score, thresholds.fidelity),
    limits: { ...thresholds.fidelity },
    parts: { csf, gsf, detection: detected?.score ?? null },
    csf,
    csfParts,
    ...(genomic ? { gsf, genomic: genomic.report } : {}),
    columns,
    missingness: {
      meanDifference: differences.length ? differences.reduce((s, d) => s + d, 0) / differences.length : null,
    },
    correlation,
    contingency,
    pca,
    detection: detected,
    pmse: propensity,
    flags: flagPrevalence(pairs, smallCell),
    smallCell,
    discrepancies: fidelityDiscrepancies({
      columns,
      correlation,
      genomic: genomic?.report,
      detection: detected,
      alpha: thresholds.alpha,
    }),
    skipped,
  };
}

function inSchemaOrder(columns: ColumnFidelity[], schema: Schema): ColumnFidelity[] {
  const position = new Map(schema.columns.map((c, i) => [c.name, i]));
  return columns.sort((a, b) => position.get(a.name)! - position.get(b.name)!);
}

/** A table-level metric on no column would compare nothing and read as perfect agreement. */
function comparable(names: readonly string[], metric: string, skipped: Skipped[]): boolean {
  if (names.length > 0) return true;
  skipped.push({ metric, reason: 'no column to compare (identifiers are not compared)' });
  return false;
}

function detectable(real: Table, synthetic: Table, skipped: Skipped[]): boolean {
  const needed = 2 * FIDELITY_SETTINGS.detectionFolds;
  if (real.nRows >= needed && synthetic.nRows >= needed) return true;
  skipped.push({
    metric: 'fidelity.detection',
    reason: `cross-validated detection needs at least ${needed} rows in each table`,
  });
  return false;
}

/** Runs a table-level metric; a statistical failure becomes a skipped entry, never a number. */
function attempt<T extends PcaReport | DetectionReport | PmseReport>(
  metric: string,
  skipped: Skipped[],
  run: () => T,
): T | null {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof SynthcohortError)) throw error;
    skipped.push({ metric, reason: error.message });
    return null;
  }
}
