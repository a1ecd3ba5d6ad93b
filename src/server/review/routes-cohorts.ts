/**
 * Cohort routes: the list, an upload (the hub's way in), the purpose, assignments, and what steps 1
 * to 3 read: the overview (purpose, generator card, real-data aggregates, what changed), the
 * validation report (digest and its own page; a federated report's centres' pages too) and the records.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type * as z from 'zod';
import { generationCard, reportDigest } from '../../review/index.js';
import { bodyOf, idParam, sendJson } from '../hub/http.js';
import { appendAudit, HubStateError } from '../store/index.js';
import {
  AssignRequest,
  type CohortList,
  CreateCohortRequest,
  type Overview,
  PurposeRequest,
  type Report,
} from './api.js';
import { centrePageHtml, federatedPageHtml, federatedReportOf } from './centre-reports.js';
import {
  cohortReportHtml,
  cohortSummary,
  createCohort,
  recordsJson,
  refuseRowLevelModel,
  reviewedCounts,
  summaryOf,
  visibleCohort,
  visibleCohorts,
} from './cohorts.js';
import { coordinatorOf, type ReviewContext, userOf } from './context.js';

/** The hub's own limit: a 10,000-row cohort with its model and report is a few megabytes. */
const COHORT_BODY_LIMIT = 64 * 1024 * 1024;

/**
 * The report page runs in a sandbox with no script and no request: it is rendered from report.json
 * alone (inline CSS and SVG, `src/report/html.ts`), and its links are fragments or, on a federated
 * report's page, a centre's page beside it: navigations of the frame itself. The sandbox keeps the
 * app's origin (`allow-same-origin`) only so that such a navigation carries the session cookie (an
 * opaque origin is cross-site, and the SameSite=Strict cookie stays home: every centre link was a
 * 401); without `allow-scripts`, and with no script source allowed, the page can still run nothing,
 * submit nothing and fetch nothing. Only the review app itself may frame it.
 */
export const REPORT_PAGE_CSP =
  "sandbox allow-same-origin; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

function sendReportPage(reply: FastifyReply, html: string): FastifyReply {
  return reply
    .code(200)
    .header('content-security-policy', REPORT_PAGE_CSP)
    .header('x-content-type-options', 'nosniff')
    .type('text/html; charset=utf-8')
    .send(html);
}

export function cohortRoutes(ctx: ReviewContext) {
  return async (app: FastifyInstance) => {
    app.get('/cohorts', async (request, reply) => {
      const user = userOf(request);
      const [cohorts, counts] = await Promise.all([
        visibleCohorts(ctx.store, user),
        reviewedCounts(ctx.store, user),
      ]);
      const answer: z.infer<typeof CohortList> = {
        cohorts: cohorts.map((c) => summaryOf(c, counts.get(c.id) ?? 0)),
      };
      return sendJson(reply, 200, answer);
    });

    app.post('/cohorts', { bodyLimit: COHORT_BODY_LIMIT }, async (request, reply) => {
      const user = coordinatorOf(request);
      const body = bodyOf(request, CreateCohortRequest);
      // Uploads only: the standalone app's own first cohort comes from the site's files (`ensureCohort`).
      refuseRowLevelModel(ctx, body.model);
      return sendJson(reply, 201, await createCohort(ctx, body, user.name));
    });

    app.put('/cohorts/:id/purpose', async (request, reply) => {
      const user = coordinatorOf(request);
      const cohort = await visibleCohort(ctx.store, user, idParam(request, 'id'));
      const { purpose } = bodyOf(request, PurposeRequest);
      const now = new Date(ctx.clock());
      await ctx.store.transaction(async (tx) => {
        await tx.query('UPDATE review_cohorts SET purpose = $2 WHERE id = $1', [cohort.id, purpose]);
        await appendAudit(
          tx,
          {
            actor: user.name,
            action: 'review.purpose',
            subject: `cohort ${cohort.id}`,
            detail: { length: purpose.length },
          },
          now,
        );
      });
      return reply.code(204).send();
    });

    app.post('/cohorts/:id/assignments', async (request, reply) => {
      const user = coordinatorOf(request);
      const cohort = await visibleCohort(ctx.store, user, idParam(request, 'id'));
      const { reviewer } = bodyOf(request, AssignRequest);
      const now = new Date(ctx.clock());
      await ctx.store.transaction(async (tx) => {
        const known = await tx.query('SELECT 1 FROM review_users WHERE name = $1', [reviewer]);
        if (known.rowCount === 0) throw new HubStateError('not-found', `no user named '${reviewer}'`);
        await tx.query(
          'INSERT INTO review_assignments (cohort_id, user_name) VALUES ($1, $2) ON CONFLICT DO NOTHING',
          [cohort.id, reviewer],
        );
        await appendAudit(
          tx,
          {
            actor: user.name,
            action: 'review.assign',
            subject: `cohort ${cohort.id}`,
            detail: { reviewer, assigned: true },
          },
          now,
        );
      });
      return reply.code(204).send();
    });

    app.delete('/cohorts/:id/assignments/:name', async (request, reply) => {
      const user = coordinatorOf(request);
      const cohort = await visibleCohort(ctx.store, user, idParam(request, 'id'));
      const reviewer = (request.params as { name: string }).name;
      const now = new Date(ctx.clock());
      await ctx.store.transaction(async (tx) => {
        const removed = await tx.query(
          'DELETE FROM review_assignments WHERE cohort_id = $1 AND user_name = $2',
          [cohort.id, reviewer],
        );
        if (removed.rowCount === 0)
          throw new HubStateError(
            'not-found',
            `'${reviewer.slice(0, 64)}' is not assigned to cohort ${cohort.id}`,
          );
        await appendAudit(
          tx,
          {
            actor: user.name,
            action: 'review.assign',
            subject: `cohort ${cohort.id}`,
            detail: { reviewer, assigned: false },
          },
          now,
        );
      });
      return reply.code(204).send();
    });

    app.get('/cohorts/:id/overview', async (request, reply) => {
      const user = userOf(request);
      const cohort = await visibleCohort(ctx.store, user, idParam(request, 'id'));
      const answer: Overview = {
        cohort: await cohortSummary(ctx.store, user, cohort),
        purpose: cohort.purpose,
        card: generationCard({
          model: cohort.model,
          schema: cohort.schema,
          syntheticRows: cohort.records,
          report: cohort.report,
        }),
        realData: cohort.realSummary,
        changes: cohort.changes,
      };
      return sendJson(reply, 200, answer);
    });

    app.get('/cohorts/:id/report', async (request, reply) => {
      const cohort = await visibleCohort(ctx.store, userOf(request), idParam(request, 'id'));
      const digest =
        cohort.report === null
          ? { verdict: null, discrepancies: [], centres: [] }
          : reportDigest(cohort.report);
      const answer: Report = { ...digest, hasHtml: cohort.hasReportHtml };
      return sendJson(reply, 200, answer);
    });

    app.get('/cohorts/:id/report.html', async (request, reply) => {
      const cohort = await visibleCohort(ctx.store, userOf(request), idParam(request, 'id'));
      const federated = federatedReportOf(cohort.report);
      const html = federated
        ? federatedPageHtml(federated)
        : cohort.hasReportHtml
          ? await cohortReportHtml(ctx.store, cohort.id)
          : null;
      if (html === null)
        throw new HubStateError('not-found', `cohort ${cohort.id} came without a validation report`);
      return sendReportPage(reply, html);
    });

    // Where the federated page's relative link `<centre>/report.html` lands; the name arrives decoded.
    app.get('/cohorts/:id/:centre/report.html', async (request, reply) => {
      const cohort = await visibleCohort(ctx.store, userOf(request), idParam(request, 'id'));
      const { centre } = request.params as { centre: string };
      const federated = federatedReportOf(cohort.report);
      if (federated === null)
        throw new HubStateError(
          'not-found',
          `cohort ${cohort.id} came without a federated validation report`,
        );
      const html = centrePageHtml(federated, centre);
      if (html === null)
        throw new HubStateError(
          'not-found',
          `cohort ${cohort.id}'s federated report has no centre '${centre.slice(0, 64)}'`,
        );
      return sendReportPage(reply, html);
    });

    app.get('/cohorts/:id/records', async (request, reply: FastifyReply) => {
      const cohort = await visibleCohort(ctx.store, userOf(request), idParam(request, 'id'));
      return reply
        .code(200)
        .type('application/json')
        .send(await recordsJson(ctx, cohort));
    });
  };
}
