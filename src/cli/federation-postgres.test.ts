import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openServerStore } from '../server/store/index.js';
import { stopAll } from './commands/federate-signals.js';
import { runInBackground } from './test-support/background-cli.js';
import { expectBadInput, runCli, tempDir } from './test-support/run-cli.js';

// The machine's PostgreSQL server (database `test`), the hub in a schema of its own, dropped after.
const server = process.env.SYNTHCOHORT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `cli_${randomBytes(6).toString('hex')}`;
const database = `${server}${server.includes('?') ? '&' : '?'}schema=${schema}`;

afterAll(async () => {
  stopAll();
  const admin = await openServerStore(server).catch(() => undefined);
  await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin?.close();
});

it('hub init, start and add-node with --database: the state in a PostgreSQL schema, none in the folder', async () => {
  const hubDir = join(tempDir(), 'hub');
  const init = await runCli('hub', 'init', '--state', hubDir, '--database', database);
  expect(init.code).toBe(0);
  expect(existsSync(join(hubDir, 'database'))).toBe(false);
  const token = init.stdout.trim();
  const hub = runInBackground(
    'hub',
    'start',
    '--state',
    hubDir,
    '--listen',
    '127.0.0.1:0',
    '--database',
    database,
  );
  const url = (await hub.waitFor(/hub listening at (https:\/\/\S+)/))[1];
  // With a server the database is not held by the hub, but add-node still goes through it.
  expect((await runCli('hub', 'add-node', 'alpha', '--state', hubDir)).stdout).toMatch(/^sce_/);
  const status = await runCli(
    'federate',
    'status',
    '--hub',
    url,
    '--ca',
    join(hubDir, 'ca.pem'),
    '--token',
    token,
  );
  expect(JSON.parse(status.stdout)).toEqual({ hub: url, nodes: [] });
  stopAll();
  expect(await hub.done).toBe(0);
  // The tokens are in the server's schema.
  const store = await openServerStore(server, { schema });
  const { rows } = await store.query<{ n: number }>('SELECT count(*)::int AS n FROM enrolment_tokens');
  await store.close();
  expect(rows[0].n).toBe(1);
  await expectBadInput(
    /--database expects a postgres:\/\//,
    'hub',
    'start',
    '--state',
    hubDir,
    '--database',
    'localhost:5432',
  );
}, 60_000);
