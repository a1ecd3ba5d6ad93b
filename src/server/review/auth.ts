/**
 * Signing in and out of the review app, and the session hook that guards every other API route.
 *
 * Against guessing: the login route is rate-limited per address (plugin.ts), and an account is
 * locked for 15 minutes after 5 failed sign-ins, which a per-address limit cannot give against an
 * attacker with many addresses. Attempts are counted before the password is checked (lockout.ts),
 * so concurrent guesses do not slip past the count. An unknown name and a wrong password get the
 * same answer after the same scrypt work, and unknown names are locked out too, so no answer tells
 * which accounts exist. The sign-in and password routes take bodies of 4 KiB at most.
 *
 * The trade-off the lock-out makes, on purpose: anyone who knows (or guesses) an account's name can
 * lock it, for 15 minutes from their first failure, by sending 5 wrong passwords; the per-address
 * limit slows this down but one address suffices. The owner then waits, signed-in sessions go on
 * working, and the lock-out is in the audit log (once per lock-out) for the coordinator to see. No
 * exemption is made for a coordinator signing in from the app's own machine: the standalone app
 * listens on loopback only, so every request comes from there, attacker's included. Refusing the
 * guess while always accepting the right password would turn the lock-out into no limit at all.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bodyOf, RefusedError, sendJson } from '../hub/http.js';
import { appendAudit } from '../store/index.js';
import { CSRF_HEADER, LoginRequest, PasswordRequest, type Session, type User } from './api.js';
import type { ReviewContext } from './context.js';
import { LoginAttempts } from './lockout.js';
import { hashPassword, verifyPassword } from './passwords.js';
import {
  createSession,
  csrfMatches,
  deleteOtherSessions,
  deleteSession,
  SESSION_SECONDS,
  sessionCookieName,
  sessionOf,
} from './sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The hash of the session the request came with (set with `reviewUser`). */
    reviewSession?: Uint8Array;
  }
  interface FastifyContextConfig {
    /** A review API route the session hook lets through without a session (login, session probe). */
    reviewPublic?: boolean;
  }
}

export { LOCKOUT_MINUTES, MAX_LOGIN_FAILURES, TooManyAttemptsError } from './lockout.js';

const WRONG = 'name or password is wrong';
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/**
 * The sign-in and password routes' body limit: a name (64) and passwords (200 characters each),
 * JSON-escaped, fit several times over; an unauthenticated client may send no more.
 */
export const CREDENTIALS_BODY_LIMIT = 4 * 1024;
/**
 * Verified against when the name is unknown, so that answer costs the same scrypt work as a wrong
 * password (the parameters match `hashPassword`'s; no password hashes to it).
 */
const NO_ACCOUNT_HASH = `scrypt$32768$8$1$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(32).toString('base64url')}`;

/**
 * On every route of the API scope but the public ones: the session cookie must open a live session
 * (else 401), and a write must carry the session's CSRF token (else 403).
 */
export function addSessionHook(app: FastifyInstance, ctx: ReviewContext): void {
  const cookie = sessionCookieName(ctx.https);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (request.routeOptions.config?.reviewPublic) return;
    const token = request.cookies[cookie];
    const session = token ? await sessionOf(ctx.store, token, new Date(ctx.clock())) : undefined;
    if (!session) throw new RefusedError(401, 'sign in first (no session, or it has expired)');
    if (WRITES.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      if (!csrfMatches(typeof header === 'string' ? header : undefined, session.csrf))
        throw new RefusedError(403, 'the CSRF token is missing or wrong: reload the page');
    }
    request.reviewUser = session.user;
    request.reviewSession = session.tokenHash;
  });
}

interface AuthOptions {
  /** Sign-ins per minute from one address (the rate limit plugin must be registered in scope). */
  loginPerMinute: number;
}

/** POST /login, GET /session, POST /logout, POST /password, registered under the API prefix. */
export function authRoutes(
  ctx: ReviewContext,
  options: AuthOptions,
): (app: FastifyInstance) => Promise<void> {
  const cookie = sessionCookieName(ctx.https);
  const session = (user: User, csrf: string): Session => ({ user, csrf, siteData: ctx.site !== undefined });
  const attempts = new LoginAttempts(ctx.store);

  return async (app) => {
    app.post(
      '/login',
      {
        bodyLimit: CREDENTIALS_BODY_LIMIT,
        config: {
          reviewPublic: true,
          rateLimit: { max: options.loginPerMinute, timeWindow: 60_000 },
        },
      },
      async (request, reply) => {
        const { name, password } = bodyOf(request, LoginRequest);
        const now = new Date(ctx.clock());
        const attempt = await attempts.begin(name, now, 'login');
        const { rows } = await ctx.store.query<{
          role: string;
          password_hash: string;
          disabled_at: Date | null;
        }>('SELECT role, password_hash, disabled_at FROM review_users WHERE name = $1', [name]);
        const row = rows[0];
        const matches = await verifyPassword(password, row?.password_hash ?? NO_ACCOUNT_HASH);
        if (!row || !matches || row.disabled_at !== null) {
          const reason = !row ? 'unknown-name' : !matches ? 'wrong-password' : 'disabled';
          await attempts.failed(attempt, 'review.login-failed', reason);
          throw new RefusedError(401, WRONG);
        }
        const user: User = { name, role: row.role === 'coordinator' ? 'coordinator' : 'reviewer' };
        const opened = await ctx.store.transaction(async (tx) => {
          await attempts.succeeded(tx, attempt);
          const created = await createSession(tx, name, ctx.bits, now);
          await appendAudit(tx, { actor: name, action: 'review.login', subject: `user ${name}` }, now);
          return created;
        });
        reply.setCookie(cookie, opened.token, {
          httpOnly: true,
          sameSite: 'strict',
          path: '/',
          maxAge: SESSION_SECONDS,
          secure: ctx.https,
        });
        return sendJson(reply, 200, session(user, opened.csrf));
      },
    );

    app.get('/session', { config: { reviewPublic: true } }, async (request, reply) => {
      const token = request.cookies[cookie];
      const open = token ? await sessionOf(ctx.store, token, new Date(ctx.clock())) : undefined;
      if (!open) throw new RefusedError(401, 'not signed in');
      return sendJson(reply, 200, session(open.user, open.csrf));
    });

    app.post('/logout', async (request, reply) => {
      const { user, tokenHash } = signedIn(request);
      const now = new Date(ctx.clock());
      await ctx.store.transaction(async (tx) => {
        await deleteSession(tx, tokenHash);
        await appendAudit(
          tx,
          { actor: user.name, action: 'review.logout', subject: `user ${user.name}` },
          now,
        );
      });
      clearCookie(reply, cookie, ctx.https);
      return reply.code(204).send();
    });

    app.post('/password', { bodyLimit: CREDENTIALS_BODY_LIMIT }, async (request, reply) => {
      const { user, tokenHash } = signedIn(request);
      const { current, next } = bodyOf(request, PasswordRequest);
      const now = new Date(ctx.clock());
      // A stolen session must not become an unlimited password oracle: the lock-out counts here too.
      const attempt = await attempts.begin(user.name, now, 'password');
      const { rows } = await ctx.store.query<{ password_hash: string }>(
        'SELECT password_hash FROM review_users WHERE name = $1',
        [user.name],
      );
      if (!rows[0] || !(await verifyPassword(current, rows[0].password_hash))) {
        await attempts.failed(attempt, 'review.password-failed', 'wrong-password');
        throw new RefusedError(403, 'the current password is wrong');
      }
      const hash = await hashPassword(next, ctx.bits);
      await ctx.store.transaction(async (tx) => {
        await tx.query('UPDATE review_users SET password_hash = $1 WHERE name = $2', [hash, user.name]);
        await attempts.succeeded(tx, attempt);
        await deleteOtherSessions(tx, user.name, tokenHash);
        await appendAudit(
          tx,
          { actor: user.name, action: 'review.password', subject: `user ${user.name}` },
          now,
        );
      });
      return reply.code(204).send();
    });
  };
}

function signedIn(request: FastifyRequest): { user: User; tokenHash: Uint8Array } {
  if (!request.reviewUser || !request.reviewSession) throw new RefusedError(401, 'sign in first');
  return { user: request.reviewUser, tokenHash: request.reviewSession };
}

function clearCookie(reply: FastifyReply, name: string, https: boolean): void {
  reply.clearCookie(name, { httpOnly: true, sameSite: 'strict', path: '/', secure: https });
}
