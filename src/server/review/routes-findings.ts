/**
 * Step 3's writes and reads: findings on records (one verdict for one or many records, checked
 * against the cohort and the taxonomy), the issue taxonomy, and a reviewer's representativeness
 * rating. Every change is audited in its transaction, with counts and the status, never a value.
 */
import type { FastifyInstance } from 'fastify';
import type * as z from 'zod';
import { bodyOf, idParam, sendJson } from '../hub/http.js';
import { appendAudit, HubStateError } from '../store/index.js';
import {
  CreateIssueTypeRequest,
  type FindingList,
  FindingRequest,
  type FindingSaved,
  type IssueTypeList,
  RatingRequest,
} from './api.js';
import { type Cohort, visibleCohort } from './cohorts.js';
import { coordinatorOf, type ReviewContext, userOf } from './context.js';
import { currentFindings, insertFindings, insertIssueType, issueTypes, upsertRating } from './findings.js';

/** The first thing in a finding the cohort or the taxonomy does not know, as a 400 naming it. */
function checkFinding(
  cohort: Cohort,
  known: ReadonlySet<string>,
  body: z.output<typeof FindingRequest>,
): void {
  const badRecord = body.records.find((r) => r >= cohort.records);
  if (badRecord !== undefined)
    throw new HubStateError(
      'invalid',
      `record ${badRecord} is not in cohort ${cohort.id} (its records are 0 to ${cohort.records - 1})`,
    );
  const columns = new Set(cohort.schema.columns.map((c) => c.name));
  const badColumn = body.columns.find((c) => !columns.has(c));
  if (badColumn !== undefined)
    throw new HubStateError('invalid', `cohort ${cohort.id} has no column '${badColumn.slice(0, 80)}'`);
  const badIssue = body.issues.find((i) => !known.has(i));
  if (badIssue !== undefined)
    throw new HubStateError(
      'invalid',
      `unknown issue type '${badIssue.slice(0, 80)}': use one of the taxonomy's (GET /issue-types) or ask a coordinator to add it`,
    );
}

export function findingRoutes(ctx: ReviewContext) {
  return async (app: FastifyInstance) => {
    app.get('/cohorts/:id/findings', async (request, reply) => {
      const user = userOf(request);
      const cohort = await visibleCohort(ctx.store, user, idParam(request, 'id'));
      const findings = await currentFindings(
        ctx.store,
        cohort.id,
        user.role === 'coordinator' ? undefined : user.name,
      );
      const answer: z.infer<typeof FindingList> = { findings };
      return sendJson(reply, 200, answer);
    });

    app.post('/cohorts/:id/findings', async (request, reply) => {
      const user = userOf(request);
      const cohort = await visibleCohort(ctx.store, user, idParam(request, 'id'));
      const body = bodyOf(request, FindingRequest);
      const known = new Set((await issueTypes(ctx.store)).map((t) => t.id));
      checkFinding(cohort, known, body);
      const records = [...new Set(body.records)];
      const now = new Date(ctx.clock());
      const saved = await ctx.store.transaction(async (tx) => {
        const n = await insertFindings(tx, cohort.id, user.name, { ...body, records }, now);
        await appendAudit(
          tx,
          {
            actor: user.name,
            action: 'review.finding',
            subject: `cohort ${cohort.id}`,
            detail: { cohort: cohort.id, records: n, status: body.status },
          },
          now,
        );
        return n;
      });
      const answer: z.infer<typeof FindingSaved> = { saved };
      return sendJson(reply, 200, answer);
    });

    app.get('/issue-types', async (request, reply) => {
      userOf(request);
      const answer: z.infer<typeof IssueTypeList> = { issueTypes: await issueTypes(ctx.store) };
      return sendJson(reply, 200, answer);
    });

    app.post('/issue-types', async (request, reply) => {
      const user = coordinatorOf(request);
      const body = bodyOf(request, CreateIssueTypeRequest);
      const known = new Set((await issueTypes(ctx.store)).map((t) => t.id));
      if (known.has(body.id)) throw new HubStateError('conflict', `issue type '${body.id}' exists already`);
      const now = new Date(ctx.clock());
      await ctx.store.transaction(async (tx) => {
        if (!(await insertIssueType(tx, body, user.name, now)))
          throw new HubStateError('conflict', `issue type '${body.id}' exists already`);
        await appendAudit(
          tx,
          {
            actor: user.name,
            action: 'review.issue-type',
            subject: `issue type ${body.id}`,
            detail: { label: body.label },
          },
          now,
        );
      });
      return sendJson(reply, 201, { ...body, builtIn: false });
    });

    app.post('/cohorts/:id/rating', async (request, reply) => {
      const user = userOf(request);
      const cohort = await visibleCohort(ctx.store, user, idParam(request, 'id'));
      const { score, comment } = bodyOf(request, RatingRequest);
      const now = new Date(ctx.clock());
      await ctx.store.transaction(async (tx) => {
        await upsertRating(tx, cohort.id, user.name, score, comment, now);
        await appendAudit(
          tx,
          {
            actor: user.name,
            action: 'review.rating',
            subject: `cohort ${cohort.id}`,
            detail: { cohort: cohort.id, score },
          },
          now,
        );
      });
      return reply.code(204).send();
    });
  };
}
