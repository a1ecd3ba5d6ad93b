/**
 * Review cohorts in the database: a synthetic cohort as CSV text with its schema, the model and the
 * validation report it came with, and who may see it. A cohort never changes once stored (a
 * regeneration is a new row, version + 1), so its parsed table and its records' JSON are built once
 * per process and kept in memory.
 *
 * Visibility: a coordinator sees every cohort; a reviewer only those assigned to them, and any other
 * id answers 404 (not 403) so that a reviewer cannot learn which ids exist.
 */
import { parseSchema, type Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { parseModelFile } from '../../generators/model-file.js';
import { GENERATORS } from '../../generators/registry.js';
import { recordsOf, reportDigest, reportHtml, summariseRealData } from '../../review/index.js';
import type { RealDataSummary, RoundChanges } from '../../review/types.js';
import { tableFromCsvText } from '../../workflows/validate.js';
import { appendAudit, HubStateError, type Queryable } from '../store/index.js';
import { integerOf } from '../store/store.js';
import type { CohortSummary, User } from './api.js';
import type { ReviewContext } from './context.js';

export interface NewCohort {
  name: string;
  purpose: string;
  syntheticCsv: string;
  /** A model file's JSON text: its schema becomes the cohort's. */
  model?: string;
  /** The schema (JSON value), required without a model. */
  schema?: unknown;
  /** A validation report or a federated report, as JSON text. */
  report?: string;
}

/** A stored cohort without its bulky columns (CSV text, report page). */
export interface Cohort {
  readonly id: number;
  readonly name: string;
  readonly version: number;
  readonly parent: number | null;
  readonly purpose: string;
  readonly schema: Schema;
  readonly model: string | null;
  readonly report: unknown | null;
  readonly hasReportHtml: boolean;
  readonly records: number;
  readonly realSummary: RealDataSummary | null;
  readonly changes: RoundChanges | null;
  readonly createdAt: Date;
}

const COHORT_COLUMNS = `id, name, version, parent_id, purpose, schema, model, report,
  report_html IS NOT NULL AS has_html, records, real_summary, changes, created_at`;

interface CohortRow {
  id: unknown;
  name: string;
  version: number;
  parent_id: unknown;
  purpose: string;
  schema: Schema;
  model: string | null;
  report: unknown | null;
  has_html: boolean;
  records: number;
  real_summary: RealDataSummary | null;
  changes: RoundChanges | null;
  created_at: Date;
}

function cohortOf(row: CohortRow): Cohort {
  return {
    id: integerOf(row.id),
    name: row.name,
    version: row.version,
    parent: row.parent_id === null ? null : integerOf(row.parent_id),
    purpose: row.purpose,
    schema: row.schema,
    model: row.model,
    report: row.report,
    hasReportHtml: row.has_html,
    records: row.records,
    realSummary: row.real_summary,
    changes: row.changes,
    createdAt: new Date(row.created_at),
  };
}

/** The cohort if this user may see it; else 404, the same answer as for an id that does not exist. */
export async function visibleCohort(db: Queryable, user: User, id: number): Promise<Cohort> {
  const { rows } = await db.query<CohortRow>(
    `SELECT ${COHORT_COLUMNS} FROM review_cohorts c WHERE id = $1
       AND ($2 OR EXISTS (SELECT 1 FROM review_assignments a WHERE a.cohort_id = c.id AND a.user_name = $3))`,
    [id, user.role === 'coordinator', user.name],
  );
  if (rows.length === 0) throw new HubStateError('not-found', `no cohort ${id}`);
  return cohortOf(rows[0]);
}

/** Every cohort this user may see, oldest first. */
export async function visibleCohorts(db: Queryable, user: User): Promise<Cohort[]> {
  const { rows } = await db.query<CohortRow>(
    `SELECT ${COHORT_COLUMNS} FROM review_cohorts c
       WHERE $1 OR EXISTS (SELECT 1 FROM review_assignments a WHERE a.cohort_id = c.id AND a.user_name = $2)
       ORDER BY id`,
    [user.role === 'coordinator', user.name],
  );
  return rows.map(cohortOf);
}

/** Records with a finding per cohort: the user's own, or everyone's for a coordinator. */
export async function reviewedCounts(db: Queryable, user: User): Promise<Map<number, number>> {
  const { rows } = await db.query<{ cohort_id: unknown; n: unknown }>(
    `SELECT cohort_id, count(DISTINCT record) AS n FROM review_findings
       WHERE $1 OR reviewer = $2 GROUP BY cohort_id`,
    [user.role === 'coordinator', user.name],
  );
  return new Map(rows.map((r) => [integerOf(r.cohort_id), integerOf(r.n)]));
}

export function summaryOf(cohort: Cohort, reviewed: number): CohortSummary {
  return {
    id: cohort.id,
    name: cohort.name,
    version: cohort.version,
    parent: cohort.parent,
    records: cohort.records,
    createdAt: cohort.createdAt.toISOString(),
    hasReport: cohort.report !== null,
    hasModel: cohort.model !== null,
    reviewed,
  };
}

/** The cohort's summary as this user sees it (their own progress, or everyone's). */
export async function cohortSummary(db: Queryable, user: User, cohort: Cohort): Promise<CohortSummary> {
  const counts = await reviewedCounts(db, user);
  return summaryOf(cohort, counts.get(cohort.id) ?? 0);
}

interface Parsed {
  readonly table: Table;
  /** The records' JSON answer, built on first request (10,000 rows: build once, send many times). */
  recordsJson?: string;
}

// Keyed by store: two apps in one process (tests) have cohorts with the same ids.
const parsedCohorts = new WeakMap<object, Map<number, Parsed>>();

function cacheOf(ctx: ReviewContext): Map<number, Parsed> {
  let cache = parsedCohorts.get(ctx.store);
  if (!cache) {
    cache = new Map();
    parsedCohorts.set(ctx.store, cache);
  }
  return cache;
}

async function parsedCohort(ctx: ReviewContext, cohort: Cohort): Promise<Parsed> {
  const cache = cacheOf(ctx);
  const hit = cache.get(cohort.id);
  if (hit) return hit;
  const { rows } = await ctx.store.query<{ synthetic_csv: string }>(
    'SELECT synthetic_csv FROM review_cohorts WHERE id = $1',
    [cohort.id],
  );
  const parsed: Parsed = {
    table: tableFromCsvText(rows[0].synthetic_csv, cohort.schema, `cohort ${cohort.id}`),
  };
  cache.set(cohort.id, parsed);
  return parsed;
}

/** The cohort's synthetic records as a Table (parsed once per process). */
export async function cohortTable(ctx: ReviewContext, cohort: Cohort): Promise<Table> {
  return (await parsedCohort(ctx, cohort)).table;
}

/** The `Records` answer as JSON text, built once per cohort. */
export async function recordsJson(ctx: ReviewContext, cohort: Cohort): Promise<string> {
  const parsed = await parsedCohort(ctx, cohort);
  parsed.recordsJson ??= JSON.stringify(recordsOf(parsed.table, cohort.schema));
  return parsed.recordsJson;
}

export async function cohortReportHtml(db: Queryable, id: number): Promise<string | null> {
  const { rows } = await db.query<{ report_html: string | null }>(
    'SELECT report_html FROM review_cohorts WHERE id = $1',
    [id],
  );
  return rows[0]?.report_html ?? null;
}

/**
 * Refuses (400) an uploaded model whose parameters are row-level data, when this app holds no
 * site data — i.e. on the hub, where storing it would copy a site's real values into the hub's
 * database. A generator's parameters are safe to hold away from the site when it is federable
 * (fitted from aggregates a hub sees anyway) or differentially private (its parameters are its
 * noisy measurements); neither holds for cart, whose leaves keep real observed values
 * (`generators/cart/params.ts`, SENSITIVITY). The brief said "not federable"; mst and aim are not
 * federable yet but are differentially private, and refusing them would refuse the models that are
 * safest to share.
 *
 * At a site (`ctx.site` present) such a model is allowed: it stays in the site's own database,
 * under the app's state folder, which must then be protected like the patient table itself.
 */
export function refuseRowLevelModel(ctx: ReviewContext, model: string | undefined): void {
  if (model === undefined || ctx.site) return;
  const name = parseModelFile(model, 'the model').generator;
  const generator = GENERATORS.find((g) => g.name === name);
  if (!generator)
    throw new HubStateError('invalid', `the model's generator '${name}' is not one this version knows`);
  const { federable, differentialPrivacy } = generator.capabilities;
  if (!federable && !differentialPrivacy)
    throw new HubStateError(
      'invalid',
      `a ${name} model holds real patients' values; review it in the site's own app (\`synthcohort review\` at the site)`,
    );
}

/** What a new cohort's row holds, checked: the schema, the parsed table, the report and its page. */
interface CheckedCohort {
  schema: Schema;
  table: Table;
  report: unknown | null;
  reportHtml: string | null;
}

function checkNewCohort(input: NewCohort): CheckedCohort {
  if (input.name.trim() === '') throw new HubStateError('invalid', 'a cohort needs a name');
  let schema: Schema;
  if (input.model !== undefined) {
    schema = parseModelFile(input.model, 'the model').schema;
  } else if (input.schema !== undefined) {
    schema = parseSchema(input.schema, 'the schema');
  } else {
    throw new HubStateError('invalid', 'a cohort needs its model file or, without one, its schema');
  }
  const table = tableFromCsvText(input.syntheticCsv, schema, 'the synthetic CSV');
  let report: unknown | null = null;
  let html: string | null = null;
  if (input.report !== undefined) {
    try {
      report = JSON.parse(input.report);
    } catch {
      throw new HubStateError('invalid', 'the report is not JSON: send report.json as written by validate');
    }
    reportDigest(report); // refuses anything that is not a validation or federated report
    html = reportHtml(report);
  }
  return { schema, table, report, reportHtml: html };
}

export interface CohortRowInput {
  name: string;
  version: number;
  parent: number | null;
  purpose: string;
  schema: Schema;
  model: string | null;
  report: unknown | null;
  reportHtml: string | null;
  syntheticCsv: string;
  records: number;
  realSummary: RealDataSummary | null;
  changes: RoundChanges | null;
}

/** Inserts a cohort row (inside the caller's transaction) and returns it. */
export async function insertCohort(
  tx: Queryable,
  row: CohortRowInput,
  actor: string,
  now: Date,
): Promise<Cohort> {
  const { rows } = await tx.query<CohortRow>(
    `INSERT INTO review_cohorts (name, version, parent_id, purpose, schema, model, report, report_html,
       synthetic_csv, records, real_summary, changes, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7::jsonb, $8, $9, $10, $11::jsonb, $12::jsonb, $13, $14)
     RETURNING ${COHORT_COLUMNS}`,
    [
      row.name,
      row.version,
      row.parent,
      row.purpose,
      JSON.stringify(row.schema),
      row.model,
      row.report === null ? null : JSON.stringify(row.report),
      row.reportHtml,
      row.syntheticCsv,
      row.records,
      row.realSummary === null ? null : JSON.stringify(row.realSummary),
      row.changes === null ? null : JSON.stringify(row.changes),
      actor,
      now,
    ],
  );
  return cohortOf(rows[0]);
}

/** Remembers a table already parsed (a regeneration's), so the first request does not parse it again. */
export function rememberTable(ctx: ReviewContext, id: number, table: Table): void {
  cacheOf(ctx).set(id, { table });
}

/**
 * Checks and stores a new version-1 cohort. The CSV is read with the schema (the model's, when a
 * model is given), so a wrong column or value is a 400 naming it; the report must be a validation
 * or federated report. The real data's summary is stored only as suppressed aggregates.
 */
export async function createCohort(
  ctx: ReviewContext,
  input: NewCohort,
  actor: string,
): Promise<CohortSummary> {
  const checked = checkNewCohort(input);
  const realSummary = ctx.site ? summariseRealData(ctx.site.table, ctx.site.schema) : null;
  const now = new Date(ctx.clock());
  const cohort = await ctx.store.transaction(async (tx) => {
    const stored = await insertCohort(
      tx,
      {
        name: input.name,
        version: 1,
        parent: null,
        purpose: input.purpose,
        schema: checked.schema,
        model: input.model ?? null,
        report: checked.report,
        reportHtml: checked.reportHtml,
        syntheticCsv: input.syntheticCsv,
        records: checked.table.nRows,
        realSummary,
        changes: null,
      },
      actor,
      now,
    );
    await appendAudit(
      tx,
      {
        actor,
        action: 'review.cohort-create',
        subject: `cohort ${stored.id}`,
        detail: {
          name: input.name.slice(0, 120),
          records: stored.records,
          model: input.model !== undefined,
          report: checked.report !== null,
        },
      },
      now,
    );
    return stored;
  });
  rememberTable(ctx, cohort.id, checked.table);
  return summaryOf(cohort, 0);
}

/**
 * The version-1 cohort with this name and exactly this CSV text, else a new one: starting the
 * standalone app twice on the same files reopens the same cohort and its findings.
 */
export async function ensureCohort(
  ctx: ReviewContext,
  input: NewCohort,
  actor: string,
): Promise<CohortSummary> {
  const { rows } = await ctx.store.query<CohortRow>(
    `SELECT ${COHORT_COLUMNS} FROM review_cohorts
       WHERE version = 1 AND name = $1 AND synthetic_csv = $2 ORDER BY id LIMIT 1`,
    [input.name, input.syntheticCsv],
  );
  if (rows.length === 0) return createCohort(ctx, input, actor);
  const cohort = cohortOf(rows[0]);
  const { rows: counts } = await ctx.store.query<{ n: unknown }>(
    'SELECT count(DISTINCT record) AS n FROM review_findings WHERE cohort_id = $1',
    [cohort.id],
  );
  return summaryOf(cohort, integerOf(counts[0].n));
}
