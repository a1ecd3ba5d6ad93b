/**
 * The review app's HTTP API, declared once: the server validates every body with these schemas and
 * the browser app imports their types (type-only, so no server code reaches the bundle). Every
 * route lives under `/review/api`; every answer is JSON; an error answers `{ error }` with a
 * status (400 invalid, 401 not signed in, 403 wrong role / CSRF / not assigned, 404, 409, 429).
 *
 * Writes (POST, PUT, DELETE) need the session cookie and the `x-csrf-token` header holding the
 * session's CSRF token (from login or `GET /session`).
 */
import * as z from 'zod';
import { Rule } from '../../data/schema.js';
import {
  BlindedScore,
  GenerationCard,
  IssueType,
  RealDataSummary,
  ReviewStatus,
  ReviewSummary,
  RoundChanges,
  RuleProposal,
} from '../../review/types.js';

export const API_PREFIX = '/review/api';
export const CSRF_HEADER = 'x-csrf-token';

export const Role = z.enum(['coordinator', 'reviewer']);
export type Role = z.infer<typeof Role>;

const UserName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/, 'letters, digits, . _ @ - (2–64)');

export const User = z.object({ name: UserName, role: Role }).strict();
export type User = z.infer<typeof User>;

// POST /login → Session (and the session cookie); 401 on a wrong name or password; 429 when rate-limited.
export const LoginRequest = z
  .object({ name: z.string().min(1).max(64), password: z.string().min(1).max(200) })
  .strict();
// GET /session → Session, or 401.
export const Session = z
  .object({
    user: User,
    csrf: z.string(),
    /** Whether this app holds the site's real data (standalone with data): blinded mode, refitting. */
    siteData: z.boolean(),
  })
  .strict();
export type Session = z.infer<typeof Session>;
// POST /logout → 204.

// POST /password → 204: the signed-in user changes their own password.
export const PasswordRequest = z
  .object({ current: z.string().min(1).max(200), next: z.string().min(12).max(200) })
  .strict();

// GET /users (coordinator) → UserList; POST /users (coordinator) → User.
export const UserList = z
  .object({ users: z.array(User.extend({ cohorts: z.array(z.number().int()) }).strict()) })
  .strict();
export const CreateUserRequest = z
  .object({ name: UserName, role: Role, password: z.string().min(12).max(200) })
  .strict();

export const CohortSummary = z
  .object({
    id: z.number().int().positive(),
    name: z.string(),
    /** 1 for the first round; a regeneration makes version + 1 (a new cohort id, same lineage). */
    version: z.number().int().positive(),
    /** The cohort this one was regenerated from. */
    parent: z.number().int().positive().nullable(),
    records: z.number().int().nonnegative(),
    createdAt: z.string(),
    /** Whether a validation report / model came with it. */
    hasReport: z.boolean(),
    hasModel: z.boolean(),
    /** The signed-in reviewer's own progress (for a coordinator: all reviewers'). */
    reviewed: z.number().int().nonnegative(),
  })
  .strict();
export type CohortSummary = z.infer<typeof CohortSummary>;

// GET /cohorts → CohortList (a reviewer sees only cohorts assigned to them).
export const CohortList = z.object({ cohorts: z.array(CohortSummary) }).strict();
// POST /cohorts (coordinator) → CohortSummary: a cohort uploaded through the app (the hub's way in).
export const CreateCohortRequest = z
  .object({
    name: z.string().min(1).max(120),
    purpose: z.string().max(4000),
    /** The synthetic cohort as CSV text. */
    syntheticCsv: z.string().min(1),
    /** A model file's JSON text (its schema is the cohort's schema); without it, `schema` is required. */
    model: z.string().optional(),
    schema: z.unknown().optional(),
    /** A validation report (report.json) or a federated report, as JSON text. */
    report: z.string().optional(),
  })
  .strict();
// PUT /cohorts/:id/purpose (coordinator) → 204.
export const PurposeRequest = z.object({ purpose: z.string().max(4000) }).strict();
// POST /cohorts/:id/assignments (coordinator) → 204; DELETE /cohorts/:id/assignments/:name → 204.
export const AssignRequest = z.object({ reviewer: UserName }).strict();

// Step 1. GET /cohorts/:id/overview
export const Overview = z
  .object({
    cohort: CohortSummary,
    purpose: z.string(),
    card: GenerationCard,
    /** Aggregates of the real data (null on the hub, or when the site gave no data). */
    realData: RealDataSummary.nullable(),
    /** What changed from the parent cohort (null for version 1). */
    changes: RoundChanges.nullable(),
  })
  .strict();
export type Overview = z.infer<typeof Overview>;

// Step 2. GET /cohorts/:id/report → Report; GET /cohorts/:id/report.html → the report's own HTML page.
export const Report = z
  .object({
    /** pass / warn / fail, or null without a report. */
    verdict: z.string().nullable(),
    /** The report's summary lines, discrepancies first. */
    discrepancies: z.array(
      z.object({ section: z.string(), metric: z.string(), verdict: z.string(), detail: z.string() }).strict(),
    ),
    /** Per-centre verdicts of a federated report (empty for a single-site report). */
    centres: z.array(z.object({ name: z.string(), verdict: z.string() }).strict()),
    hasHtml: z.boolean(),
  })
  .strict();
export type Report = z.infer<typeof Report>;

// Step 3. GET /cohorts/:id/records → Records (every row; the browser pages, sorts and filters).
export const RecordColumn = z
  .object({
    name: z.string(),
    kind: z.string(),
    role: z.string(),
    categories: z.array(z.string()).optional(),
  })
  .strict();
export type RecordColumn = z.infer<typeof RecordColumn>;
export const Records = z
  .object({
    columns: z.array(RecordColumn),
    /** Row-major; a number, a category label, or null for missing. */
    rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
    /** Subgroups a reviewer can filter by: a categorical column each (e.g. eln_risk, who_class). */
    subgroups: z.array(z.string()),
  })
  .strict();
export type Records = z.infer<typeof Records>;

// GET /cohorts/:id/findings → FindingList (a reviewer gets their own; a coordinator everyone's).
export const FindingList = z
  .object({
    findings: z.array(
      z
        .object({
          record: z.number().int(),
          reviewer: z.string(),
          status: ReviewStatus,
          columns: z.array(z.string()),
          issues: z.array(z.string()),
          comment: z.string(),
          at: z.string(),
        })
        .strict(),
    ),
  })
  .strict();
export type FindingList = z.infer<typeof FindingList>;
// POST /cohorts/:id/findings → { saved } : one verdict for one or several records.
export const FindingRequest = z
  .object({
    records: z.array(z.number().int().nonnegative()).min(1).max(10_000),
    status: ReviewStatus,
    columns: z.array(z.string().min(1)).max(50).default([]),
    issues: z.array(z.string().min(1)).max(20).default([]),
    comment: z.string().max(2000).default(''),
  })
  .strict()
  .refine((f) => f.status === 'realistic' || f.issues.length > 0, {
    message: "a 'not realistic' finding names at least one issue type",
    path: ['issues'],
  });
export const FindingSaved = z.object({ saved: z.number().int() }).strict();

// GET /issue-types → IssueTypeList; POST /issue-types (coordinator) → IssueType.
export const IssueTypeList = z.object({ issueTypes: z.array(IssueType) }).strict();
export const CreateIssueTypeRequest = IssueType.omit({ builtIn: true });

// Step 4. GET /cohorts/:id/summary → ReviewSummary; GET /cohorts/:id/export.json, /export.csv (downloads).
export { ReviewSummary };
// POST /cohorts/:id/rating → 204 (the signed-in reviewer's rating; a new one replaces theirs).
export const RatingRequest = z
  .object({ score: z.number().int().min(1).max(5), comment: z.string().max(2000).default('') })
  .strict();

// Feedback (coordinator). GET /cohorts/:id/proposals → ProposalList;
// POST /cohorts/:id/proposals/:key → 204 with { decision }; POST /cohorts/:id/regenerate → CohortSummary (the new version).
export const ProposalList = z.object({ proposals: z.array(RuleProposal) }).strict();
export const DecisionRequest = z.object({ decision: z.enum(['accepted', 'rejected', 'pending']) }).strict();
export const RegenerateRequest = z.object({ seed: z.number().int().nonnegative().default(1) }).strict();
export { Rule };

// Blinded mode (only where the app holds the site's real data).
// POST /cohorts/:id/blinded → BlindedDeck: a new deck for the signed-in reviewer.
export const BlindedDeckRequest = z.object({ size: z.number().int().min(4).max(200).default(20) }).strict();
export const BlindedDeck = z
  .object({
    deck: z.string(),
    columns: z.array(RecordColumn),
    items: z.array(
      z
        .object({ item: z.number().int(), values: z.array(z.union([z.string(), z.number(), z.null()])) })
        .strict(),
    ),
  })
  .strict();
export type BlindedDeck = z.infer<typeof BlindedDeck>;
// POST /blinded/:deck/guesses → { recorded } ; the truth is revealed only in the score.
export const BlindedGuess = z
  .object({ item: z.number().int().nonnegative(), guess: z.enum(['real', 'synthetic']) })
  .strict();
// GET /cohorts/:id/blinded/score → BlindedScore (the signed-in reviewer's; a coordinator gets everyone's).
export { BlindedScore };

// GET /audit (coordinator) → AuditList, newest first.
export const AuditList = z
  .object({
    entries: z.array(
      z
        .object({
          at: z.string(),
          actor: z.string(),
          action: z.string(),
          subject: z.string().nullable(),
          detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
        })
        .strict(),
    ),
  })
  .strict();

export const ApiError = z.object({ error: z.string() }).strict();
