/**
 * Review app accounts: a coordinator (uploads cohorts, assigns reviewers, decides on rules, reads
 * the audit log) and reviewers. Accounts are made by a coordinator, never by sign-up; the first
 * coordinator is made by the app itself with a generated password shown once to whoever started it.
 */
import type { FastifyInstance } from 'fastify';
import { type RandomBits, secureRandomBits, uniformBelow } from '../../privacy/random-bits.js';
import { bodyOf, sendJson } from '../hub/http.js';
import { sqlState, UNIQUE_VIOLATION } from '../store/errors.js';
import { appendAudit, HubStateError, type Queryable } from '../store/index.js';
import { integerOf } from '../store/store.js';
import { AuditList, CreateUserRequest, type Role, User, UserList } from './api.js';
import { coordinatorOf, type ReviewContext } from './context.js';
import { hashPassword } from './passwords.js';

export const FIRST_COORDINATOR = 'coordinator';
/** Letters and digits a person copies without confusing (no 0/O, 1/l/I). */
const PASSWORD_ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const GENERATED_PASSWORD_LENGTH = 20;
/** The audit answer's length: the newest entries, enough for a review round's screen. */
const AUDIT_LIMIT = 500;

/** A password of 20 characters from a 57-letter alphabet (~117 bits), uniformly drawn. */
export function generatePassword(bits: RandomBits): string {
  let text = '';
  for (let i = 0; i < GENERATED_PASSWORD_LENGTH; i++)
    text += PASSWORD_ALPHABET[uniformBelow(bits, PASSWORD_ALPHABET.length)];
  return text;
}

/**
 * A new account; a taken name is a 409. `db` may be a transaction; the audit entry is written
 * through it, so the entry exists exactly when the account does. The salt comes from `bits`
 * (the OS's generator unless given).
 */
export async function createUser(
  db: Queryable,
  input: { name: string; role: Role; password: string },
  actor: string,
  now: Date,
  bits?: RandomBits,
): Promise<User> {
  const user = User.parse({ name: input.name, role: input.role });
  const hash = await hashPassword(input.password, bits ?? secureRandomBits());
  try {
    await db.query(
      'INSERT INTO review_users (name, role, password_hash, created_at) VALUES ($1, $2, $3, $4)',
      [user.name, user.role, hash, now],
    );
  } catch (error) {
    if (sqlState(error) === UNIQUE_VIOLATION)
      throw new HubStateError('conflict', `an account named '${user.name}' exists already`);
    throw error;
  }
  await appendAudit(
    db,
    { actor, action: 'review.user-create', subject: `user ${user.name}`, detail: { role: user.role } },
    now,
  );
  return user;
}

/**
 * The first coordinator, `name` (default 'coordinator'), with a generated password returned this
 * once; null when a coordinator exists already (its password is not recoverable, by design).
 */
export async function ensureCoordinator(
  ctx: ReviewContext,
  name: string = FIRST_COORDINATOR,
): Promise<{ name: string; password: string } | null> {
  const password = generatePassword(ctx.bits);
  return ctx.store.transaction(async (tx) => {
    // Serialises two app processes starting on one server database; PGlite has one connection.
    await tx.query('LOCK TABLE review_users IN SHARE ROW EXCLUSIVE MODE');
    const { rows } = await tx.query("SELECT 1 FROM review_users WHERE role = 'coordinator' LIMIT 1");
    if (rows.length > 0) return null;
    await createUser(
      tx,
      { name, role: 'coordinator', password },
      'review-app',
      new Date(ctx.clock()),
      ctx.bits,
    );
    return { name, password };
  });
}

/** GET/POST /users and GET /audit, registered under the API prefix. */
export function userRoutes(ctx: ReviewContext): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    app.get('/users', async (request, reply) => {
      coordinatorOf(request);
      const { rows } = await ctx.store.query<{ name: string; role: string; cohorts: unknown[] | null }>(
        `SELECT u.name, u.role,
                array_remove(array_agg(a.cohort_id ORDER BY a.cohort_id), NULL) AS cohorts
           FROM review_users u LEFT JOIN review_assignments a ON a.user_name = u.name
          WHERE u.disabled_at IS NULL
          GROUP BY u.name, u.role ORDER BY u.role, u.name`,
      );
      const users = rows.map((row) => ({
        name: row.name,
        role: row.role,
        cohorts: (row.cohorts ?? []).map(integerOf),
      }));
      return sendJson(reply, 200, UserList.parse({ users }));
    });

    app.post('/users', async (request, reply) => {
      const actor = coordinatorOf(request);
      const input = bodyOf(request, CreateUserRequest);
      const now = new Date(ctx.clock());
      const user = await ctx.store.transaction((tx) => createUser(tx, input, actor.name, now, ctx.bits));
      return sendJson(reply, 200, user);
    });

    app.get('/audit', async (request, reply) => {
      coordinatorOf(request);
      const { rows } = await ctx.store.query<{
        at: Date;
        actor: string;
        action: string;
        subject: string | null;
        detail: Record<string, string | number | boolean | null>;
      }>(
        `SELECT at, actor, action, subject, detail FROM audit_log
          WHERE action LIKE 'review.%' ORDER BY seq DESC LIMIT $1`,
        [AUDIT_LIMIT],
      );
      const entries = rows.map((row) => ({ ...row, at: new Date(row.at).toISOString() }));
      return sendJson(reply, 200, AuditList.parse({ entries }));
    });
  };
}
