/**
 * The findings as CSV (issue 12, step 4: "exportable as JSON and CSV"): one row per finding, RFC 4180
 * quoting, and text a spreadsheet would run as a formula made inert (`'` first, see
 * data/csv/formula.ts) — a comment is free text typed by a person, the classic injection route.
 */
import { spreadsheetSafe } from '../data/csv/formula.js';
import type { Finding } from './types.js';

const HEADER = ['record', 'reviewer', 'status', 'columns', 'issues', 'comment', 'at'] as const;

export function findingsCsv(findings: readonly Finding[]): string {
  const lines = [HEADER.join(',')];
  for (const f of findings)
    lines.push(
      [String(f.record), f.reviewer, f.status, f.columns.join(';'), f.issues.join(';'), f.comment, f.at]
        .map((text) => field(spreadsheetSafe(text)))
        .join(','),
    );
  // RFC 4180: records end in CRLF, the last one too.
  return `${lines.join('\r\n')}\r\n`;
}

/** Quoted when it holds a comma, a quote, a line break or the `;` inside a list; quotes doubled. */
function field(text: string): string {
  return /[",;\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
