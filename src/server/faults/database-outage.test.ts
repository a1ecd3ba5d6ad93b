/**
 * The hub's PostgreSQL server briefly unreachable in the middle of a federated copula job: the hub
 * (`synthcohort hub start --database …`) and three nodes run as real processes, the database is the
 * machine's server (database `test`, a schema of this test's own, dropped at the end), reached
 * through a TCP proxy in this process that the test cuts for a few seconds mid-job. While it is cut
 * the hub answers 503 and stays up; the nodes retry with backoff; when it is back the job completes
 * with the model the plain reference fits, and every submission the status lists is in the database.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { openServerStore } from '../store/index.js';
import { killChildren, liveChildren, processExists } from './children.js';
import {
  changedDataFiles,
  createCopulaJob,
  type Federation,
  finalOutcome,
  startFederation,
} from './federation.js';
import { deviation, plainCopula } from './reference.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

const SERVER = process.env.SYNTHCOHORT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const NAMES = ['alpha', 'bravo', 'charlie'] as const;
const schema = `faults_${randomBytes(6).toString('hex')}`;
let f: Federation | undefined;
let proxy: TcpProxy | undefined;

afterEach(async () => {
  const pids = f ? [f.hub.pid, ...NAMES.map((name) => f?.nodes[name]?.pid ?? -1)] : [];
  await killChildren();
  expect(liveChildren()).toEqual([]);
  for (const pid of pids) expect(processExists(pid), `process ${pid}`).toBe(false);
  await proxy?.close();
  if (f) rmSync(f.root, { recursive: true, force: true });
  const admin = await openServerStore(SERVER).catch(() => undefined);
  await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin?.close();
});

it('the database cut off for 4 s mid-job: the hub answers 503 and stays up, the nodes retry, the job completes exactly', async () => {
  // The schema first, on the server itself; the hub reaches it through the proxy only.
  await (await openServerStore(SERVER, { schema })).close();
  const server = new URL(SERVER);
  proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
  const through = new URL(SERVER);
  through.port = String(proxy.port);
  through.searchParams.set('options', `-c search_path=${schema}`);
  f = await startFederation({ names: NAMES, patientsPerSite: 70, seed: 31, database: through.toString() });
  const fed = f;

  const id = await createCopulaJob(fed, { nodes: NAMES, minNodes: 3, threshold: 2, roundSeconds: 40 });
  // Round 2 is the 'marginals' masked input: cut as soon as one node's is stored.
  await Promise.race(NAMES.map((name) => fed.nodes[name].waitFor(new RegExp(`job ${id} round 2: answered`))));
  proxy.cut();
  const during = await fed.client.status(id).then(
    () => 'answered',
    (error: Error) => error.message,
  );
  const hubOutput = () => `${fed.hub.stdout()}${fed.hub.stderr()}`;
  expect(during, hubOutput()).toMatch(/503|cannot use the PostgreSQL database/);
  await new Promise((resolve) => setTimeout(resolve, 4000));
  expect(fed.hub.isRunning(), hubOutput()).toBe(true);
  proxy.restore();
  expect(proxy.refused()).toBeGreaterThan(0);

  const { status, result } = await finalOutcome(fed, id);
  expect(status.status, status.abortReason ?? '').toBe('done');
  expect(result?.sites).toEqual([...NAMES]);
  expect(deviation(result?.model, (await plainCopula(fed, NAMES)).result.model)).toBeLessThanOrEqual(1e-9);
  // Some node met the outage and retried with backoff.
  expect(NAMES.some((name) => /error: .*; retrying in \d+\.\d s/.test(fed.nodes[name].stderr()))).toBe(true);
  expect(fed.hub.isRunning()).toBe(true);
  // Nothing lost: every submission the status lists is stored, once.
  const store = await openServerStore(SERVER, { schema });
  try {
    const { rows } = await store.query<{ round: number; node_name: string }>(
      'SELECT round, node_name FROM submissions WHERE job_id = $1 ORDER BY round, node_name',
      [id],
    );
    expect(rows.map((r) => `${r.round} ${r.node_name}`)).toEqual(
      status.rounds.flatMap((r) => r.submitted.map((name) => `${r.round} ${name}`)),
    );
    expect(rows).toHaveLength(8 * 3);
  } finally {
    await store.close();
  }
  expect(changedDataFiles(fed)).toEqual([]);
}, 150_000);
