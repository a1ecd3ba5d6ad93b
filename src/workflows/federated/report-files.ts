/**
 * The federated report in a few plain lines, for a terminal (the caller prints them). Its files are
 * written by `writeFederatedReport` (src/workflows/validate.ts).
 */
import { DIMENSIONS, type FederatedReport } from '../../report/federated.js';

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
