/**
 * Where a federated validation's results go on the coordinator's disk: DIR/report.json (the
 * federated report), DIR/report.html (self-contained: no external request) and
 * DIR/centres/<centre>.json (each centre's shareable report, as it sent it). Every file is written
 * atomically. Plus the report in a few plain lines, for a terminal (the caller prints them).
 */
import { join } from 'node:path';
import { makeFolder, writeFileAtomic } from '../../core/atomic-write.js';
import { DIMENSIONS, type FederatedReport } from '../../report/federated.js';
import { renderFederatedReportHtml } from '../../report/federated-html.js';

export interface FederatedReportFiles {
  json: string;
  html: string;
  centres: string;
}

export function writeFederatedReport(report: FederatedReport, dir: string): FederatedReportFiles {
  makeFolder(dir);
  const files = {
    json: join(dir, 'report.json'),
    html: join(dir, 'report.html'),
    centres: join(dir, 'centres'),
  };
  makeFolder(files.centres);
  for (const centre of report.centres)
    writeFileAtomic(
      join(files.centres, `${centre.name}.json`),
      `${JSON.stringify(centre.report, null, 2)}\n`,
    );
  writeFileAtomic(files.json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileAtomic(files.html, renderFederatedReportHtml(report));
  return files;
}

/** "Verdict: warn over 5 centres, … (fidelity pass 0.91, …)", one line per centre, the disagreements. */
export function federatedVerdictLines(report: FederatedReport): string[] {
  const score = (s: number | null) => (s === null ? 'n/a' : s.toFixed(2));
  const pooled = DIMENSIONS.map((d) => `${d} ${report.pooled[d].verdict} ${score(report.pooled[d].score)}`);
  return [
    `Verdict: ${report.verdict} over ${report.centres.length} centres, ${report.patients} patients (${pooled.join(', ')})`,
    ...report.centres.map(
      (c) =>
        `  ${c.name}: ${c.verdict} (${DIMENSIONS.map((d) => `${d} ${c.report[d].verdict}`).join(', ')}; ${c.patients} patients)`,
    ),
    report.disagreements.length
      ? `Centres disagree on ${report.disagreements.length} check(s), e.g. ${report.disagreements[0].message}`
      : 'Centres agree on every check.',
  ];
}
