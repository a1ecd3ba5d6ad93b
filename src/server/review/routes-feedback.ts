/**
 * Feedback into generation (coordinator only): the rules the not-realistic findings propose, the
 * coordinator's decision on each, and the regeneration that writes the accepted rules into a new
 * schema version, refits (or re-estimates, or resamples) and stores the result as the next round.
 */
import type { FastifyInstance } from 'fastify';
import type * as z from 'zod';
import type { Rule } from '../../data/schema.js';
import { proposeRules, summariseReview } from '../../review/index.js';
import type { RuleProposal } from '../../review/types.js';
import { regenerate, roundChanges } from '../../workflows/regenerate.js';
import { bodyOf, idParam, sendJson } from '../hub/http.js';
import { appendAudit, HubStateError, type Queryable } from '../store/index.js';
import { DecisionRequest, type ProposalList, RegenerateRequest } from './api.js';
import { type Cohort, cohortTable, insertCohort, summaryOf, visibleCohort } from './cohorts.js';
import { coordinatorOf, type ReviewContext } from './context.js';
import { currentFindings, decisionsOf, ratingsOf, storeDecision } from './findings.js';

async function proposalsOf(ctx: ReviewContext, cohort: Cohort): Promise<RuleProposal[]> {
  const [synthetic, findings, decisions] = await Promise.all([
    cohortTable(ctx, cohort),
    currentFindings(ctx.store, cohort.id),
    decisionsOf(ctx.store, cohort.id),
  ]);
  return proposeRules({
    synthetic,
    schema: cohort.schema,
    findings,
    decisions: new Map(decisions.map((d) => [d.key, d.decision])),
  });
}

/** The share of reviewed records the reviewers found not realistic in this round, null before any review. */
async function notRealisticShare(ctx: ReviewContext, cohort: Cohort): Promise<number | null> {
  const [findings, ratings] = await Promise.all([
    currentFindings(ctx.store, cohort.id),
    ratingsOf(ctx.store, cohort.id),
  ]);
  const summary = summariseReview({ records: cohort.records, findings, ratings });
  return summary.reviewed === 0 ? null : summary.notRealistic / summary.reviewed;
}

/** A cohort has one next version: regenerating it twice would fork the review into two rounds. */
async function refuseSecondRegeneration(db: Queryable, cohort: Cohort): Promise<void> {
  const { rows } = await db.query<{ id: unknown; version: number }>(
    'SELECT id, version FROM review_cohorts WHERE parent_id = $1 LIMIT 1',
    [cohort.id],
  );
  if (rows.length > 0)
    throw new HubStateError(
      'conflict',
      `cohort ${cohort.id} was regenerated already, as version ${rows[0].version} (cohort ${String(rows[0].id)}): review that version and regenerate from it`,
    );
}

/** What must hold before a regeneration: the model to refit and at least one accepted rule. */
async function acceptedRules(ctx: ReviewContext, cohort: Cohort): Promise<{ model: string; rules: Rule[] }> {
  if (cohort.model === null)
    throw new HubStateError(
      'conflict',
      `cohort ${cohort.id} came without its model file, and regeneration refits that model: upload the cohort again with its model.json`,
    );
  const rules = (await decisionsOf(ctx.store, cohort.id))
    .filter((d) => d.decision === 'accepted')
    .map((d) => d.rule);
  if (rules.length === 0)
    throw new HubStateError(
      'conflict',
      `accept at least one proposed rule of cohort ${cohort.id} before regenerating`,
    );
  return { model: cohort.model, rules };
}

export function feedbackRoutes(ctx: ReviewContext) {
  return async (app: FastifyInstance) => {
    app.get('/cohorts/:id/proposals', async (request, reply) => {
      const user = coordinatorOf(request);
      const cohort = await visibleCohort(ctx.store, user, idParam(request, 'id'));
      const answer: z.infer<typeof ProposalList> = { proposals: await proposalsOf(ctx, cohort) };
      return sendJson(reply, 200, answer);
    });

    app.post('/cohorts/:id/proposals/:key', async (request, reply) => {
      const user = coordinatorOf(request);
      const cohort = await visibleCohort(ctx.store, user, idParam(request, 'id'));
      const key = (request.params as { key: string }).key;
      const { decision } = bodyOf(request, DecisionRequest);
      // A rule decided earlier stays decidable even when the findings no longer propose it.
      const rule =
        (await proposalsOf(ctx, cohort)).find((p) => p.key === key)?.rule ??
        (await decisionsOf(ctx.store, cohort.id)).find((d) => d.key === key)?.rule;
      if (!rule)
        throw new HubStateError('not-found', `cohort ${cohort.id} has no proposal '${key.slice(0, 80)}'`);
      const now = new Date(ctx.clock());
      await ctx.store.transaction(async (tx) => {
        await storeDecision(tx, cohort.id, key, rule, decision, user.name, now);
        await appendAudit(
          tx,
          {
            actor: user.name,
            action: 'review.decision',
            subject: `cohort ${cohort.id}`,
            detail: { key, decision },
          },
          now,
        );
      });
      return reply.code(204).send();
    });

    app.post('/cohorts/:id/regenerate', async (request, reply) => {
      const user = coordinatorOf(request);
      const cohort = await visibleCohort(ctx.store, user, idParam(request, 'id'));
      const { seed } = bodyOf(request, RegenerateRequest);
      await refuseSecondRegeneration(ctx.store, cohort);
      const { model, rules } = await acceptedRules(ctx, cohort);
      const [before, notRealisticBefore] = await Promise.all([
        cohortTable(ctx, cohort),
        notRealisticShare(ctx, cohort),
      ]);
      // Seconds of work for 10,000 rows: done before the transaction, which only stores the result.
      const next = regenerate({ model, accepted: rules, rows: cohort.records, seed, data: ctx.site?.table });
      const changes = {
        ...roundChanges({
          before,
          after: next.synthetic,
          schema: next.schema,
          accepted: rules,
          fromVersion: cohort.version,
          toVersion: cohort.version + 1,
          how: next.how,
          notRealisticBefore,
        }),
        notes: [
          cohort.report === null
            ? 'No validation report came with the earlier round.'
            : `The validation report of version ${cohort.version} described that cohort, not this one: validate this cohort to see its metrics.`,
        ],
      };
      const now = new Date(ctx.clock());
      const stored = await ctx.store.transaction(async (tx) => {
        // Two coordinators regenerating at once: the row lock makes the second wait, then see the first's version.
        await tx.query('SELECT id FROM review_cohorts WHERE id = $1 FOR UPDATE', [cohort.id]);
        await refuseSecondRegeneration(tx, cohort);
        const row = await insertCohort(
          tx,
          {
            name: cohort.name,
            version: cohort.version + 1,
            parent: cohort.id,
            purpose: cohort.purpose,
            schema: next.schema,
            model: next.model,
            report: null,
            reportHtml: null,
            syntheticCsv: next.csv,
            records: next.synthetic.nRows,
            realSummary: cohort.realSummary,
            changes,
          },
          user.name,
          now,
        );
        await tx.query(
          'INSERT INTO review_assignments (cohort_id, user_name) SELECT $1, user_name FROM review_assignments WHERE cohort_id = $2',
          [row.id, cohort.id],
        );
        await appendAudit(
          tx,
          {
            actor: user.name,
            action: 'review.regenerate',
            subject: `cohort ${row.id}`,
            detail: {
              from: cohort.id,
              version: row.version,
              records: row.records,
              rules: rules.length,
              how: next.how,
            },
          },
          now,
        );
        return row;
      });
      return sendJson(reply, 201, summaryOf(stored, 0));
    });
  };
}
