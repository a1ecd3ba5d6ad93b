/**
 * The heterogeneity report as a few plain lines, for a coordinator's terminal: what was compared,
 * what is flagged (one line each, unit suspicions first), the thresholds. A pure function: the CLI
 * prints the lines, the library never does.
 */
import type { HeterogeneityReport } from './heterogeneity-report.js';

export function renderHeterogeneity(report: HeterogeneityReport): string[] {
  const answered = report.centres.filter((c) => c.rows !== null);
  const silent = report.centres.filter((c) => c.rows === null).map((c) => c.name);
  const flags = report.flagged.length;
  const lines = [
    `Heterogeneity across ${report.centres.length} centres (${report.rows.toLocaleString('en-GB')} patients, ${report.columns.length} columns): ${flags === 0 ? 'nothing flagged' : `${flags} flagged`}.`,
    `Centres (rows to the nearest 10): ${answered.map((c) => `${c.name} ${c.rows}`).join(', ')}.`,
  ];
  if (silent.length)
    lines.push(`No answer from ${silent.join(', ')}: counted in the pooled counts, not compared.`);
  if (flags === 0) lines.push('No centre differs from the others beyond the thresholds.');
  for (const flag of report.flagged) lines.push(`  ${flag.explanation}`);
  const { tvd, smd, ks, unitTolerance } = report.thresholds;
  lines.push(
    `Thresholds: total variation ≥ ${tvd}; |standardised mean difference| ≥ ${smd} or KS ≥ ${ks}; ` +
      `a unit is suspected when a median ratio is within ×/÷${unitTolerance} of a conversion factor. ` +
      `Each centre is compared with the others pooled; shares of fewer than ${report.smallCell} of a centre's patients are withheld.`,
  );
  return lines;
}
