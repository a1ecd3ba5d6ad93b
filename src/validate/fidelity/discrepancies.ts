/**
 * The fidelity findings a clinician should see first, each a sentence with the real and synthetic
 * figures taken from the shareable parts of the report (pooled levels, merged bins), so a finding
 * never says more than the report does. Thresholds (FIDELITY_SETTINGS.discrepancy):
 * - a column whose distribution differs (KS D or total variation ≥ 0.1, and the test's p < α);
 * - a missing rate that differs by ≥ 5 percentage points;
 * - an association present in the real table (≥ the preservation threshold) that moves by ≥ 0.2,
 *   between columns without levels so rare they are pooled in the report;
 * - a co-mutation significant in the real table whose odds ratio crosses 1;
 * - a classifier that tells the tables apart (detection AUC ≥ 0.8).
 * Warnings become failures at the larger limits beside them. At most `perKind` of each kind.
 */
import type { Discrepancy } from '../types.js';
import { FIDELITY_SETTINGS } from './settings.js';
import type { ColumnFidelity, CorrelationReport, DetectionReport, GenomicReport } from './types.js';

type Finding = Omit<Discrepancy, 'part'>;

export function fidelityDiscrepancies(parts: {
  columns: readonly ColumnFidelity[];
  correlation: CorrelationReport;
  genomic?: GenomicReport;
  detection: DetectionReport | null;
  alpha: number;
}): Discrepancy[] {
  const found = [
    ...top(parts.columns.flatMap((c) => distribution(c, parts.alpha))),
    ...top(parts.columns.flatMap(missingRate)),
    ...top(associations(parts.correlation, parts.columns)),
    ...top(parts.genomic ? reversedComutations(parts.genomic, parts.alpha) : []),
    ...(parts.detection ? detected(parts.detection) : []),
  ];
  return found
    .map((f) => ({ part: 'fidelity' as const, ...f }))
    .sort((a, b) => (a.severity === b.severity ? b.magnitude - a.magnitude : a.severity === 'fail' ? -1 : 1));
}

const LIMITS = FIDELITY_SETTINGS.discrepancy;

function severity(value: number, [warn, fail]: readonly [number, number]): Discrepancy['severity'] | null {
  return value >= fail ? 'fail' : value >= warn ? 'warn' : null;
}

function top(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => b.magnitude - a.magnitude).slice(0, LIMITS.perKind);
}

function distribution(c: ColumnFidelity, alpha: number): Finding[] {
  if (c.test === 'none' || c.p === null || !(c.p < alpha)) return [];
  const gap = 1 - c.score;
  const level = severity(gap, LIMITS.distribution);
  if (!level) return [];
  const labels = c.test === 'ks' ? c.histogram.labels : c.levels;
  const real = c.test === 'ks' ? c.histogram.real : c.proportions.real;
  const synthetic = c.test === 'ks' ? c.histogram.synthetic : c.proportions.synthetic;
  let worst = 0;
  for (let i = 1; i < labels.length; i++)
    if (Math.abs(real[i] - synthetic[i]) > Math.abs(real[worst] - synthetic[worst])) worst = i;
  const unit = c.test === 'ks' && c.unit ? ` ${c.unit}` : '';
  const statistic = c.test === 'ks' ? `KS D = ${round(c.statistic ?? gap)}` : `total variation ${round(gap)}`;
  return [
    {
      severity: level,
      kind: 'distribution',
      subject: c.name,
      message: `${c.name}: distributions differ (${statistic}, p ${p(c.p)}); ${labels[worst]}${unit}: ${pct(real[worst])} of real vs ${pct(synthetic[worst])} of synthetic patients.`,
      magnitude: gap,
    },
  ];
}

function missingRate(c: ColumnFidelity): Finding[] {
  const level = severity(c.missing.difference, LIMITS.missing);
  if (!level) return [];
  return [
    {
      severity: level,
      kind: 'missing-rate',
      subject: c.name,
      message: `${c.name}: missing in ${c.missing.real === null ? 'too few real rows to show' : `${pct(c.missing.real)} of real`} vs ${pct(c.missing.synthetic)} of synthetic rows.`,
      magnitude: c.missing.difference,
    },
  ];
}

function associations(correlation: CorrelationReport, columns: readonly ColumnFidelity[]): Finding[] {
  const isNumber = new Map(columns.map((c) => [c.name, c.kind !== 'categorical' && c.kind !== 'boolean']));
  // A column with levels held by fewer than k real patients gives noisy associations, not findings.
  const rare = new Set(
    columns.flatMap((c) => (c.test !== 'ks' && c.test !== 'none' && c.pooled.length ? [c.name] : [])),
  );
  const found: Finding[] = [];
  const names = correlation.columns;
  for (let i = 0; i < names.length; i++)
    for (let j = i + 1; j < names.length; j++) {
      const real = correlation.real[i][j];
      const synthetic = correlation.synthetic[i][j];
      if (real === null || synthetic === null || Math.abs(real) < correlation.preservation.threshold)
        continue;
      if (rare.has(names[i]) || rare.has(names[j])) continue;
      const difference = Math.abs(real - synthetic);
      const level = severity(difference, LIMITS.association);
      if (!level) continue;
      const [a, b] = [isNumber.get(names[i]), isNumber.get(names[j])];
      const measure = a && b ? "Spearman's ρ" : !a && !b ? "Cramér's V" : 'correlation ratio η';
      found.push({
        severity: level,
        kind: 'association',
        subject: `${names[i]} × ${names[j]}`,
        message: `${names[i]} × ${names[j]}: ${measure} ${round(real)} in real vs ${round(synthetic)} in synthetic data.`,
        magnitude: difference,
      });
    }
  return found;
}

function reversedComutations(genomic: GenomicReport, alpha: number): Finding[] {
  return genomic.comutation.pairs.flatMap((pair) => {
    if (pair.change !== 'direction') return [];
    const [a, b] = pair.genes;
    const relation = (or: number) => (or > 1 ? 'co-occur' : 'exclude each other');
    return [
      {
        severity: pair.synthetic.q <= alpha ? ('fail' as const) : ('warn' as const),
        kind: 'comutation-reversed',
        subject: `${a} × ${b}`,
        message: `${a} × ${b}: ${relation(pair.real.oddsRatio)} in real patients (OR ${round(pair.real.oddsRatio)}, q ${p(pair.real.q)}) but ${relation(pair.synthetic.oddsRatio)} in synthetic ones (OR ${round(pair.synthetic.oddsRatio)}).`,
        magnitude: Math.abs(pair.real.logOddsRatio - pair.synthetic.logOddsRatio),
      },
    ];
  });
}

function detected(detection: DetectionReport): Finding[] {
  const level = severity(detection.auc, LIMITS.detectionAuc);
  if (!level) return [];
  return [
    {
      severity: level,
      kind: 'detectable',
      subject: 'whole table',
      message: `A classifier tells synthetic from real rows with a cross-validated AUC of ${round(detection.auc)} (0.5 = it cannot).`,
      magnitude: detection.auc,
    },
  ];
}

function round(x: number): string {
  return String(Number(x.toPrecision(2)));
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}

function p(value: number): string {
  return value < 1e-4 ? '< 0.0001' : `= ${Number(value.toPrecision(2))}`;
}
