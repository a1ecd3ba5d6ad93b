import { describe, expect, it } from 'vitest';
import { summariseReview } from './summary.js';
import { type Finding, ReviewSummary } from './types.js';

function finding(
  record: number,
  reviewer: string,
  status: Finding['status'],
  columns: string[] = [],
  issues: string[] = [],
): Finding {
  return { record, reviewer, status, columns, issues, comment: '', at: '2025-01-01T00:00:00Z' };
}

describe('summariseReview', () => {
  const findings = [
    finding(0, 'ana', 'realistic'),
    finding(0, 'ben', 'realistic'),
    finding(1, 'ana', 'not-realistic', ['relapse_days', 'os_days'], ['impossible-timeline']),
    finding(1, 'ben', 'realistic'),
    finding(2, 'ana', 'not-realistic', ['age'], ['implausible-value']),
    finding(2, 'ben', 'not-realistic', ['age'], ['implausible-value']),
    finding(2, 'cleo', 'realistic'),
    finding(3, 'cleo', 'not-realistic', [], ['other']),
  ];
  const ratings = [
    { reviewer: 'ana', score: 4, comment: '', at: '2025-01-01T00:00:00Z' },
    { reviewer: 'ben', score: 3, comment: 'few elderly', at: '2025-01-01T00:00:00Z' },
  ];
  const summary = summariseReview({ records: 10, findings, ratings });

  it('counts records by their reviewers’ majority, ties not realistic', () => {
    expect(ReviewSummary.parse(summary)).toEqual(summary);
    expect(summary).toMatchObject({
      records: 10,
      reviewed: 4,
      realistic: 1,
      notRealistic: 3,
      pending: 6,
      findings: 8,
    });
  });

  it('counts each reviewer’s verdicts', () => {
    expect(summary.reviewers).toEqual([
      { name: 'ana', realistic: 1, notRealistic: 2 },
      { name: 'ben', realistic: 2, notRealistic: 1 },
      { name: 'cleo', realistic: 1, notRealistic: 1 },
    ]);
  });

  it('counts issues per column and type, a finding without columns under null', () => {
    expect(summary.issues).toEqual([
      { column: 'age', issue: 'implausible-value', findings: 2 },
      { column: null, issue: 'other', findings: 1 },
      { column: 'os_days', issue: 'impossible-timeline', findings: 1 },
      { column: 'relapse_days', issue: 'impossible-timeline', findings: 1 },
    ]);
  });

  it('measures agreement with Fleiss’ kappa over records seen by two or more', () => {
    // records 0, 1, 2: counts [realistic, not] = [2,0], [1,1], [1,2]
    // P_i = 1, 0, 1/3 → P̄ = 4/9; p = (4/7, 3/7) → P̄e = 25/49; κ = (4/9 − 25/49) / (24/49)
    const kappa = (4 / 9 - 25 / 49) / (24 / 49);
    expect(summary.agreement.records).toBe(3);
    expect(summary.agreement.meanRaters).toBeCloseTo(7 / 3, 12);
    expect(summary.agreement.kappa).toBeCloseTo(kappa, 12);
    expect(summary.agreement.interpretation).toBe('poor');
  });

  it('averages the ratings', () => {
    expect(summary.meanRating).toBe(3.5);
    expect(summary.ratings).toHaveLength(2);
  });

  it('is empty but valid before any review', () => {
    const empty = summariseReview({ records: 5, findings: [], ratings: [] });
    expect(empty).toMatchObject({ reviewed: 0, pending: 5, meanRating: null });
    expect(empty.agreement).toMatchObject({ kappa: null, records: 0, interpretation: null });
  });
});
