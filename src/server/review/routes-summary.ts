/**
 * Step 4: the review's summary over the current findings (the latest per record and reviewer), and
 * its downloads as JSON and CSV. A reviewer may read the summary of a cohort they can see (it is an
 * aggregate); the exports' finding rows are theirs alone, a coordinator's are everyone's.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { findingsCsv, summariseReview } from '../../review/index.js';
import type { ReviewSummary } from '../../review/types.js';
import { idParam, sendJson } from '../hub/http.js';
import type { User } from './api.js';
import { type Cohort, visibleCohort } from './cohorts.js';
import { type ReviewContext, userOf } from './context.js';
import { currentFindings, ratingsOf } from './findings.js';

export async function reviewSummaryOf(ctx: ReviewContext, cohort: Cohort): Promise<ReviewSummary> {
  const [findings, ratings] = await Promise.all([
    currentFindings(ctx.store, cohort.id),
    ratingsOf(ctx.store, cohort.id),
  ]);
  return summariseReview({ records: cohort.records, findings, ratings });
}

/** A download name from the cohort's name: letters, digits, `.`, `_`, `-` only (no quote, no path). */
export function downloadName(cohort: Cohort, extension: 'json' | 'csv'): string {
  const base = cohort.name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, 60);
  return `${base || 'cohort'}-v${cohort.version}-review.${extension}`;
}

function attachment(reply: FastifyReply, cohort: Cohort, extension: 'json' | 'csv'): FastifyReply {
  return reply.header('content-disposition', `attachment; filename="${downloadName(cohort, extension)}"`);
}

async function exportedFindings(ctx: ReviewContext, user: User, cohort: Cohort) {
  return currentFindings(ctx.store, cohort.id, user.role === 'coordinator' ? undefined : user.name);
}

export function summaryRoutes(ctx: ReviewContext) {
  return async (app: FastifyInstance) => {
    app.get('/cohorts/:id/summary', async (request, reply) => {
      const cohort = await visibleCohort(ctx.store, userOf(request), idParam(request, 'id'));
      return sendJson(reply, 200, await reviewSummaryOf(ctx, cohort));
    });

    app.get('/cohorts/:id/export.json', async (request, reply) => {
      const user = userOf(request);
      const cohort = await visibleCohort(ctx.store, user, idParam(request, 'id'));
      const [summary, findings] = await Promise.all([
        reviewSummaryOf(ctx, cohort),
        exportedFindings(ctx, user, cohort),
      ]);
      const body = {
        cohort: { id: cohort.id, name: cohort.name, version: cohort.version, records: cohort.records },
        exportedAt: new Date(ctx.clock()).toISOString(),
        summary,
        findings,
        ratings: summary.ratings,
      };
      return sendJson(attachment(reply, cohort, 'json'), 200, body);
    });

    app.get('/cohorts/:id/export.csv', async (request, reply) => {
      const user = userOf(request);
      const cohort = await visibleCohort(ctx.store, user, idParam(request, 'id'));
      const csv = findingsCsv(await exportedFindings(ctx, user, cohort));
      return attachment(reply, cohort, 'csv').code(200).type('text/csv; charset=utf-8').send(csv);
    });
  };
}
