/**
 * The suite against a PostgreSQL server (database `test`), in a schema of its own per run, dropped
 * at the end, so parallel runs do not collide. An unreachable server fails these tests, with how to
 * start it: a skipped half would let a backend regress unseen.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from './migrate.js';
import { HUB_MIGRATIONS } from './migrations.js';
import { openServerStore } from './server.js';
import type { Store } from './store.js';
import { hubStateSuite } from './test-support/hub-state-suite.js';

const url = process.env.SYNTHCOHORT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `t_${randomBytes(6).toString('hex')}`;
const HOW_TO_START =
  'start the PostgreSQL server (`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`; ' +
  '.ci/run does it) or point SYNTHCOHORT_TEST_POSTGRES at one';

async function openOrExplain(options: { schema?: string } = {}): Promise<Store> {
  try {
    return await openServerStore(url, options);
  } catch (error) {
    throw new Error(
      `PostgreSQL server tests need a server at ${url}: ${(error as Error).message}. ${HOW_TO_START}`,
      {
        cause: error,
      },
    );
  }
}

afterAll(async () => {
  const admin = await openServerStore(url).catch(() => undefined);
  if (!admin) return;
  for (const name of [schema, `${schema}_race`]) await admin.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
  await admin.close();
});

hubStateSuite('a PostgreSQL server', () => openOrExplain({ schema }));

describe('migrations on a shared server', () => {
  let first: Store;
  let second: Store;
  beforeAll(async () => {
    first = await openOrExplain({ schema: `${schema}_race` });
    second = await openOrExplain({ schema: `${schema}_race` });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('applies each migration once when two hubs start at the same time', async () => {
    const applied = await Promise.all([migrate(first), migrate(second)]);
    expect(applied.map((ids) => ids.length).sort()).toEqual([0, HUB_MIGRATIONS.length]);
    const { rows } = await first.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0].n).toBe(HUB_MIGRATIONS.length);
  });

  it('names the server and never the password when it cannot connect', async () => {
    const error = await openServerStore('postgres://hub:s3cret@127.0.0.1:1/none').catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/127\.0\.0\.1:1\/none/);
    expect((error as Error).message).not.toContain('s3cret');
    expect(error).toMatchObject({ problem: 'unavailable', code: 'IO' });
  });
});
