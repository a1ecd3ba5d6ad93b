/**
 * One round of review summed up (issue 12, step 4): counts by status, issues by column and type,
 * agreement between reviewers, and the representativeness ratings. The findings passed in are the
 * current ones — one per (record, reviewer); earlier ones live in the audit log only.
 */
import { fleissKappa, landisKoch } from '../stats/fleiss-kappa.js';
import type { Agreement, Finding, RepresentativenessRating, ReviewStatus, ReviewSummary } from './types.js';

export interface ReviewInput {
  /** Records in the synthetic cohort. */
  records: number;
  findings: readonly Finding[];
  ratings: readonly RepresentativenessRating[];
}

export function summariseReview(input: ReviewInput): ReviewSummary {
  const byRecord = groupByRecord(input.findings);
  let realistic = 0;
  let notRealistic = 0;
  for (const findings of byRecord.values()) {
    if (recordStatus(findings) === 'realistic') realistic++;
    else notRealistic++;
  }
  const reviewed = byRecord.size;
  const scores = input.ratings.map((r) => r.score);
  return {
    records: input.records,
    reviewed,
    realistic,
    notRealistic,
    pending: Math.max(0, input.records - reviewed),
    findings: input.findings.length,
    reviewers: reviewerCounts(input.findings),
    issues: issueCounts(input.findings),
    agreement: agreement(byRecord),
    ratings: [...input.ratings],
    meanRating: scores.length ? scores.reduce((s, v) => s + v, 0) / scores.length : null,
  };
}

/**
 * A record's status: its reviewers' majority. A tie counts as not realistic, because one
 * clinician's doubt is worth a second look, and the rule proposals need not-realistic evidence.
 */
export function recordStatus(findings: readonly Finding[]): ReviewStatus {
  const no = findings.filter((f) => f.status === 'not-realistic').length;
  return no * 2 >= findings.length ? 'not-realistic' : 'realistic';
}

export function groupByRecord(findings: readonly Finding[]): Map<number, Finding[]> {
  const byRecord = new Map<number, Finding[]>();
  for (const finding of findings) {
    const list = byRecord.get(finding.record);
    if (list) list.push(finding);
    else byRecord.set(finding.record, [finding]);
  }
  return byRecord;
}

function reviewerCounts(findings: readonly Finding[]): ReviewSummary['reviewers'] {
  const counts = new Map<string, { realistic: number; notRealistic: number }>();
  for (const f of findings) {
    const c = counts.get(f.reviewer) ?? { realistic: 0, notRealistic: 0 };
    if (f.status === 'realistic') c.realistic++;
    else c.notRealistic++;
    counts.set(f.reviewer, c);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, c]) => ({ name, ...c }));
}

/** Not-realistic findings per (column, issue): a finding blaming 2 columns and 1 issue counts twice. */
function issueCounts(findings: readonly Finding[]): ReviewSummary['issues'] {
  const counts = new Map<string, { column: string | null; issue: string; findings: number }>();
  for (const f of findings) {
    if (f.status !== 'not-realistic') continue;
    const columns: (string | null)[] = f.columns.length ? [...new Set(f.columns)] : [null];
    // A not-realistic verdict without an issue type still says something is wrong: 'other'.
    const issues = f.issues.length ? [...new Set(f.issues)] : ['other'];
    for (const column of columns)
      for (const issue of issues) {
        const key = JSON.stringify([column, issue]);
        const c = counts.get(key) ?? { column, issue, findings: 0 };
        c.findings++;
        counts.set(key, c);
      }
  }
  return [...counts.values()].sort(
    (a, b) =>
      b.findings - a.findings ||
      (a.column ?? '').localeCompare(b.column ?? '') ||
      a.issue.localeCompare(b.issue),
  );
}

function agreement(byRecord: ReadonlyMap<number, Finding[]>): Agreement {
  const counts: number[][] = [];
  for (const findings of byRecord.values()) {
    if (findings.length < 2) continue;
    const no = findings.filter((f) => f.status === 'not-realistic').length;
    counts.push([findings.length - no, no]);
  }
  const k = fleissKappa(counts);
  return {
    kappa: k.kappa,
    records: k.subjects,
    meanRaters: k.meanRaters,
    observed: k.observed,
    chance: k.chance,
    interpretation: k.kappa === null ? null : landisKoch(k.kappa),
  };
}
