/**
 * What reviewers said, in the database: findings (every one kept; the latest per record and
 * reviewer is the current one), representativeness ratings (one per reviewer and cohort), the issue
 * taxonomy a coordinator extends, and the coordinator's decisions on proposed rules.
 */
import { Rule } from '../../data/schema.js';
import { BUILT_IN_ISSUE_TYPES } from '../../review/index.js';
import type { Finding, IssueType, RepresentativenessRating, ReviewStatus } from '../../review/types.js';
import type { Queryable } from '../store/index.js';

interface FindingRow {
  record: number;
  reviewer: string;
  status: ReviewStatus;
  columns: string[];
  issues: string[];
  comment: string;
  at: Date;
}

/** Current findings (latest per record × reviewer), by record then reviewer; one reviewer's when named. */
export async function currentFindings(
  db: Queryable,
  cohortId: number,
  reviewer?: string,
): Promise<Finding[]> {
  const { rows } = await db.query<FindingRow>(
    `SELECT DISTINCT ON (record, reviewer) record, reviewer, status, columns, issues, comment, at
       FROM review_findings WHERE cohort_id = $1 AND ($2::text IS NULL OR reviewer = $2)
       ORDER BY record, reviewer, seq DESC`,
    [cohortId, reviewer ?? null],
  );
  return rows.map((r) => ({
    record: r.record,
    reviewer: r.reviewer,
    status: r.status,
    columns: r.columns,
    issues: r.issues,
    comment: r.comment,
    at: new Date(r.at).toISOString(),
  }));
}

export interface NewFindings {
  records: readonly number[];
  status: ReviewStatus;
  columns: readonly string[];
  issues: readonly string[];
  comment: string;
}

/** One row per record, in one statement (a reviewer may mark thousands of records at once). */
export async function insertFindings(
  tx: Queryable,
  cohortId: number,
  reviewer: string,
  input: NewFindings,
  now: Date,
): Promise<number> {
  const { rowCount } = await tx.query(
    `INSERT INTO review_findings (cohort_id, record, reviewer, status, columns, issues, comment, at)
       SELECT $1, r, $3, $4, $5::jsonb, $6::jsonb, $7, $8 FROM unnest($2::int[]) AS r`,
    [
      cohortId,
      [...input.records],
      reviewer,
      input.status,
      JSON.stringify(input.status === 'realistic' ? [] : input.columns),
      JSON.stringify(input.status === 'realistic' ? [] : input.issues),
      input.comment,
      now,
    ],
  );
  return rowCount;
}

export async function ratingsOf(
  db: Queryable,
  cohortId: number,
  reviewer?: string,
): Promise<RepresentativenessRating[]> {
  const { rows } = await db.query<{ reviewer: string; score: number; comment: string; at: Date }>(
    `SELECT reviewer, score, comment, at FROM review_ratings
       WHERE cohort_id = $1 AND ($2::text IS NULL OR reviewer = $2) ORDER BY reviewer`,
    [cohortId, reviewer ?? null],
  );
  return rows.map((r) => ({
    reviewer: r.reviewer,
    score: r.score,
    comment: r.comment,
    at: new Date(r.at).toISOString(),
  }));
}

/** A reviewer's new rating replaces their earlier one. */
export async function upsertRating(
  tx: Queryable,
  cohortId: number,
  reviewer: string,
  score: number,
  comment: string,
  now: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO review_ratings (cohort_id, reviewer, score, comment, at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (cohort_id, reviewer) DO UPDATE SET score = $3, comment = $4, at = $5`,
    [cohortId, reviewer, score, comment, now],
  );
}

/** The shipped taxonomy, then the coordinators' additions in the order they were made. */
export async function issueTypes(db: Queryable): Promise<IssueType[]> {
  const { rows } = await db.query<{ id: string; label: string; description: string }>(
    'SELECT id, label, description FROM review_issue_types ORDER BY created_at, id',
  );
  return [...BUILT_IN_ISSUE_TYPES, ...rows.map((r) => ({ ...r, builtIn: false }))];
}

export async function insertIssueType(
  tx: Queryable,
  type: { id: string; label: string; description: string },
  actor: string,
  now: Date,
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO review_issue_types (id, label, description, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
    [type.id, type.label, type.description, actor, now],
  );
  return rowCount === 1;
}

export interface StoredDecision {
  readonly key: string;
  readonly rule: Rule;
  readonly decision: 'accepted' | 'rejected';
}

export async function decisionsOf(db: Queryable, cohortId: number): Promise<StoredDecision[]> {
  const { rows } = await db.query<{ proposal_key: string; rule: unknown; decision: 'accepted' | 'rejected' }>(
    'SELECT proposal_key, rule, decision FROM review_decisions WHERE cohort_id = $1 ORDER BY at, proposal_key',
    [cohortId],
  );
  return rows.map((r) => ({ key: r.proposal_key, rule: Rule.parse(r.rule), decision: r.decision }));
}

export async function storeDecision(
  tx: Queryable,
  cohortId: number,
  key: string,
  rule: Rule,
  decision: 'accepted' | 'rejected' | 'pending',
  actor: string,
  now: Date,
): Promise<void> {
  if (decision === 'pending') {
    await tx.query('DELETE FROM review_decisions WHERE cohort_id = $1 AND proposal_key = $2', [
      cohortId,
      key,
    ]);
    return;
  }
  await tx.query(
    `INSERT INTO review_decisions (cohort_id, proposal_key, rule, decision, decided_by, at)
       VALUES ($1, $2, $3::jsonb, $4, $5, $6)
       ON CONFLICT (cohort_id, proposal_key) DO UPDATE SET rule = $3::jsonb, decision = $4, decided_by = $5, at = $6`,
    [cohortId, key, JSON.stringify(rule), decision, actor, now],
  );
}
