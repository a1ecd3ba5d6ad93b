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
  if (report.harmonise) {
    // Units are flagged above already; the rest are what the centres found in their own cells.
    const cells = report.harmonise.findings.filter((f) => f.kind !== 'unit');
    const proposed = report.harmonise.mapping.transformations.length;
    lines.push(
      `Harmonisation: ${cells.length === 0 ? "no centre writes its cells otherwise than the schema's levels and formats" : `${cells.length} finding(s) in the centres' own cells`}; ${proposed} transformation(s) proposed, none confirmed.`,
      ...cells.map((f) => `  ${f.explanation}`),
    );
  }
  const { tvd, smd, ks, unitTolerance } = report.thresholds;
  lines.push(
    `Thresholds: total variation ≥ ${tvd}; |standardised mean difference| ≥ ${smd} or KS ≥ ${ks}; ` +
      `a unit is suspected when a median ratio is within ×/÷${unitTolerance} of a conversion factor. ` +
      `Each centre is compared with the others pooled; shares of fewer than ${report.smallCell} of a centre's patients are withheld.`,
  );
  return lines;
}
