/**
 * What the privacy section puts in front of a clinician: what was not measured (no holdout), and
 * each attack whose score part falls below the privacy pass threshold, with the figure and its
 * baseline in words. A part below the warn threshold is a failure, as it is for the verdict.
 */
import type { Thresholds } from '../thresholds.js';
import type { Discrepancy } from '../types.js';
import { baselineWords } from './labels.js';
import type { PrivacyReport } from './report.js';

type Findings = Omit<PrivacyReport, 'discrepancies' | 'score' | 'verdict'>;

const percent = (x: number) => `${(100 * x).toFixed(1)} %`;

export function privacyDiscrepancies(report: Findings, limits: Thresholds['privacy']): Discrepancy[] {
  const found: Discrepancy[] = [];
  const severity = (part: number | null): Discrepancy['severity'] | null =>
    part === null || part >= limits.pass ? null : part < limits.warn ? 'fail' : 'warn';
  const add = (part: number | null, d: Omit<Discrepancy, 'part' | 'severity'>, atLeast?: 'warn') => {
    const s = severity(part) ?? atLeast;
    if (s) found.push({ part: 'privacy', severity: s, ...d });
  };
  if (report.rows.holdout === null)
    found.push({
      part: 'privacy',
      severity: 'warn',
      kind: 'no-holdout',
      subject: 'membership inference',
      message:
        'Membership inference and attribute disclosure were not measured: they need a holdout, real patients the generator never saw. Privacy cannot pass without it.',
      magnitude: 1,
    });
  const { exactMatchShare: copies, exactMatchBaseline: twins } = report;
  if (report.exactMatches > 0 && copies > (twins.share ?? 0))
    add(
      report.scoreParts.exactMatches,
      {
        kind: 'exact-copies',
        subject: 'exact copies',
        message: `${report.exactMatches} synthetic rows (${percent(copies)}) copy a training patient on every column (${twins.source === 'holdout' ? 'holdout patients' : 'training patients with a twin'}: ${twins.share === null ? 'fewer than the small-cell threshold' : percent(twins.share)}).`,
        magnitude: copies - (twins.share ?? 0),
      },
      // Any copy beyond what unseen patients show is one patient's whole record released.
      'warn',
    );
  const close = report.dcr.closerThanBaselineP5;
  if (close)
    add(report.scoreParts.dcr, {
      kind: 'dcr-close',
      subject: 'distance to closest record',
      message: `${percent(close.synthetic)} of synthetic rows lie closer to a training patient than ${baselineWords(close.baseline)} do (their own share: ${percent(close.reference)}).`,
      magnitude: close.synthetic - close.reference,
    });
  const auc = report.mia.auc;
  if (auc !== null)
    add(report.scoreParts.mia, {
      kind: 'membership-inference',
      subject: 'membership inference',
      message: `An attacker with the synthetic table tells training patients from holdout patients with AUC ${auc.toFixed(2)} (0.5 = a coin toss).`,
      magnitude: auc - 0.5,
    });
  const advantage = report.attributeDisclosure?.meanAdvantage ?? null;
  if (advantage !== null) {
    const worst = [...(report.attributeDisclosure?.attributes ?? [])].sort(
      (a, b) => (b.advantage ?? 0) - (a.advantage ?? 0),
    )[0];
    add(report.scoreParts.attributeDisclosure, {
      kind: 'attribute-disclosure',
      subject: worst ? `attribute disclosure (${worst.name})` : 'attribute disclosure',
      message: `Knowing ${report.attributeDisclosure?.quasiIdentifiers.join(', ')}, an attacker guesses sensitive values of training patients ${(100 * advantage).toFixed(1)} points more often than of holdout patients${worst ? ` (most for ${worst.name}: ${(100 * (worst.advantage ?? 0)).toFixed(1)} points)` : ''}.`,
      magnitude: advantage,
    });
  }
  return found;
}
