/**
 * The review app's data routes, one fastify plugin per concern: cohorts (steps 1–3), findings and
 * ratings (step 3), the summary and its exports (step 4), feedback into generation, blinded mode.
 * `plugin.ts` registers them under `/review/api` after the session hook.
 */
import type { FastifyInstance } from 'fastify';
import type { ReviewContext } from './context.js';
import { blindedRoutes } from './routes-blinded.js';
import { cohortRoutes } from './routes-cohorts.js';
import { feedbackRoutes } from './routes-feedback.js';
import { findingRoutes } from './routes-findings.js';
import { summaryRoutes } from './routes-summary.js';

export function reviewRoutes(ctx: ReviewContext): Array<(app: FastifyInstance) => Promise<void>> {
  return [cohortRoutes(ctx), findingRoutes(ctx), summaryRoutes(ctx), feedbackRoutes(ctx), blindedRoutes(ctx)];
}
