/**
 * The end-to-end collect job against a PostgreSQL server (database `test`), in a schema of its own
 * dropped at the end, as the store's server suite does. An unreachable server fails this test.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { runNode } from '../node/run-node.js';
import { openServerStore } from '../store/index.js';
import { coordinator, finalStatus, type HubFixture, hubWithThreeNodes, NODE_NAMES } from './test-support.js';

const url = process.env.SYNTHCOHORT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `hub_${randomBytes(6).toString('hex')}`;
let f: HubFixture;

beforeAll(async () => {
  f = await hubWithThreeNodes('hub-server.test', { url, schema });
});
afterAll(async () => {
  await f?.hub.close();
  if (f) rmSync(f.root, { recursive: true, force: true });
  const admin = await openServerStore(url).catch(() => undefined);
  await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin?.close();
});

it('runs a collect job end to end on a PostgreSQL server', async () => {
  const bits = seededRandomBits('hub-server.test/agents');
  const stop = new AbortController();
  const agents = NODE_NAMES.map((name) =>
    runNode({
      dir: f.nodeDirs[name],
      bits: bits.split(name),
      signal: stop.signal,
      pollSeconds: 2,
      handlers: { collect: () => name.length },
    }),
  );
  const client = coordinator(f);
  const created = await client.post('/v1/jobs', { kind: 'collect', minNodes: 2, deadlineSeconds: 30 });
  const id = (created.json as { id: number }).id;
  const status = await finalStatus(client, id);
  stop.abort();
  await Promise.all(agents);
  expect(status.json).toMatchObject({ status: 'done', rounds: [{ submitted: [...NODE_NAMES].sort() }] });
  expect(((await client.get(`/v1/jobs/${id}/result`)).json as { result: unknown }).result).toEqual({
    contributors: 3,
    payloads: [11, 5, 7],
  });
  const store = await openServerStore(url, { schema });
  try {
    const { rows } = await store.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM submissions WHERE job_id = $1',
      [id],
    );
    expect(rows[0].n).toBe(3);
  } finally {
    await store.close();
  }
});
