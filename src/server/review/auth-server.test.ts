/**
 * Accounts and sessions on a PostgreSQL server (database `test`), in a schema of its own per run,
 * dropped at the end (as src/server/store/server.test.ts isolates); see auth-suite.ts and
 * auth-lockout-suite.ts (which reopens the same schema: migrating it again changes nothing).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, vi } from 'vitest';
import { migrate, openServerStore } from '../store/index.js';
import { reviewLockoutSuite } from './auth-lockout-suite.js';
import { reviewAuthSuite } from './auth-suite.js';

vi.mock('./routes.js', () => ({ reviewRoutes: () => [] }));

const url = process.env.SYNTHCOHORT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `t_review_${randomBytes(6).toString('hex')}`;

afterAll(async () => {
  const admin = await openServerStore(url).catch(() => undefined);
  if (!admin) return;
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.close();
});

async function openTestSchema() {
  const store = await openServerStore(url, { schema }).catch((error: unknown) => {
    throw new Error(`the review suite needs a PostgreSQL server at ${url}: ${(error as Error).message}`, {
      cause: error,
    });
  });
  await migrate(store);
  return store;
}

reviewAuthSuite('a PostgreSQL server', openTestSchema);
reviewLockoutSuite('a PostgreSQL server', openTestSchema);
