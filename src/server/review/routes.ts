/** The review app's data routes (cohorts, findings, feedback, blinded mode): filled in by issue 12's work. */
import type { FastifyInstance } from 'fastify';
import type { ReviewContext } from './context.js';

export function reviewRoutes(_ctx: ReviewContext): Array<(app: FastifyInstance) => Promise<void>> {
  return [];
}
