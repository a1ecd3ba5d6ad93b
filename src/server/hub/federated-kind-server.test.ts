/**
 * The `federated` job kind end to end on a PostgreSQL server (database `test`), in a schema of its
 * own dropped at the end, as hub-server.test.ts does. An unreachable server fails these tests.
 */
import { randomBytes } from 'node:crypto';
import { afterAll } from 'vitest';
import { openServerStore } from '../store/index.js';
import { federatedHubSuite } from './federated-suite.js';

const url = process.env.SYNTHCOHORT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `fed_${randomBytes(6).toString('hex')}`;

afterAll(async () => {
  const admin = await openServerStore(url).catch(() => undefined);
  await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin?.close();
});

federatedHubSuite('PostgreSQL server', () => ({ url, schema }));
