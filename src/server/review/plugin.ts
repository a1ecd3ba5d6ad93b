/**
 * The review app as one fastify plugin: the JSON API under /review/api and the browser app under
 * /review/. The hub registers it on its own HTTPS server (same process, same database); the
 * standalone `synthcohort review` registers it on a loopback server of its own (app.ts).
 *
 * Layout of the encapsulated scope it makes:
 *   cookies, the login rate limit, security headers, `{ error }` answers   (whole scope)
 *   /review/api  session hook → auth routes, users, and `reviewRoutes(ctx)` (routes.ts)
 *   /, /review/  the built UI (static.ts)
 *
 * Route plugins from routes.ts are registered with the prefix `/review/api`: they declare paths
 * relative to it (`/cohorts/:id/overview`, as api.ts names them), and every one of them runs after
 * the session hook, so `userOf(request)` / `coordinatorOf(request)` hold and writes carried the
 * CSRF header. Bodies are raw bytes here as on the hub (`keepRawBodies`): parse with `bodyOf`.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InputError } from '../../core/errors.js';
import { keepRawBodies, RefusedError, STATUS } from '../hub/http.js';
import { HubStateError } from '../store/index.js';
import { API_PREFIX } from './api.js';
import { addSessionHook, authRoutes, TooManyAttemptsError } from './auth.js';
import type { ReviewContext } from './context.js';
import { reviewRoutes } from './routes.js';
import { addSecurityHeaders } from './security-headers.js';
import { findUiFolder, staticUi } from './static.js';
import { userRoutes } from './users.js';

export interface ReviewPluginOptions {
  /** Sign-in attempts per minute from one address (default 10). */
  loginPerMinute?: number;
  /** The built UI's folder (default: the package's dist/review-ui). */
  uiFolder?: string;
}

export const DEFAULT_LOGIN_PER_MINUTE = 10;

export function reviewPlugin(
  ctx: ReviewContext,
  options: ReviewPluginOptions = {},
): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    // Whatever the server around it parses, this scope keeps JSON bodies as bytes for `bodyOf`.
    app.removeContentTypeParser('application/json');
    keepRawBodies(app);
    answerReviewErrors(app);
    await app.register(fastifyCookie);
    await app.register(fastifyRateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) =>
        new TooManyAttemptsError(
          `too many sign-in attempts from this address: try again in ${context.after}`,
          Math.max(1, Math.ceil(context.ttl / 1000)),
        ),
    });
    addSecurityHeaders(app);
    await app.register(
      async (api) => {
        addSessionHook(api, ctx);
        await api.register(
          authRoutes(ctx, { loginPerMinute: options.loginPerMinute ?? DEFAULT_LOGIN_PER_MINUTE }),
        );
        await api.register(userRoutes(ctx));
        for (const routes of reviewRoutes(ctx)) await api.register(routes);
        api.route({
          method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
          url: '/*',
          handler: async (request) => {
            throw new HubStateError('not-found', `no such API route: ${request.method} ${request.url}`);
          },
        });
      },
      { prefix: API_PREFIX },
    );
    await app.register(staticUi(options.uiFolder ?? findUiFolder()));
  };
}

/**
 * Errors as api.ts's `ApiError`, `{ error }` with a sentence the browser app shows as it is.
 * Unexpected errors answer 500 without their message, which might hold internals.
 */
function answerReviewErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, _request: FastifyRequest, reply: FastifyReply) => {
    const send = (status: number, message: string) =>
      reply
        .code(status)
        .type('application/json')
        .send(JSON.stringify({ error: message }));
    if (error instanceof RefusedError) return send(error.statusCode, error.publicMessage);
    if (error instanceof TooManyAttemptsError) {
      reply.header('retry-after', String(error.retryAfterSeconds));
      return send(429, error.message);
    }
    if (error instanceof HubStateError) {
      const status = STATUS[error.problem];
      return send(status, status >= 500 ? 'the review app could not reach its database' : error.message);
    }
    if (error instanceof InputError) return send(400, error.message);
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return send(status, (error as Error).message);
    return send(500, 'the review app failed to handle this request');
  });
}
