/**
 * A job over some of the enrolled nodes, in process (hub and node agents over HTTPS on loopback,
 * embedded database): a `secagg-sum` job that lists two of three live nodes, with no round deadline
 * of its own. The node it does not list is given no task, so the first round must not wait for it:
 * the job completes as soon as the two listed nodes answered, with their exact sum — not at the
 * job's deadline (where, before the engine counted only the nodes a kind gives a task, it aborted:
 * the deadline passed before round 1 could open).
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { secaggSumKind } from '../hub/secagg-kind.js';
import { coordinator, finalStatus, type HubFixture, hubWithNodes } from '../hub/test-support.js';
import { runNode } from '../node/run-node.js';
import { secaggSumHandler } from '../node/secagg-handler.js';

const NAMES = ['alpha', 'bravo', 'charlie'] as const;
const bits = seededRandomBits('subset-job.test');
/** Distinctive per-node vectors: node i's entry j is (i + 1) · 1000 + j. */
const inputOf = (name: string) =>
  Int32Array.from({ length: 16 }, (_, j) => (NAMES.indexOf(name as never) + 1) * 1000 + j);
let f: HubFixture;
const stop = new AbortController();
let agents: Promise<void>[] = [];

beforeAll(async () => {
  f = await hubWithNodes('subset-job.test', NAMES, { kinds: [secaggSumKind] });
  agents = NAMES.map((name) =>
    runNode({
      dir: f.nodeDirs[name],
      hubUrl: f.hub.url,
      caPem: f.caPem,
      bits: bits.split(`agent ${name}`),
      signal: stop.signal,
      pollSeconds: 1,
      backoffMs: { first: 100, longest: 300 },
      handlers: {
        'secagg-sum': secaggSumHandler({
          inputFor: () => inputOf(name),
          random: bits.split(`secrets ${name}`),
        }),
      },
    }),
  );
}, 60_000);

afterAll(async () => {
  stop.abort();
  await Promise.all(agents);
  await f?.hub.close().catch(() => {});
  if (f) rmSync(f.root, { recursive: true, force: true });
});

it('a job listing two of three live nodes, without a round deadline, completes when those two answered', async () => {
  const client = coordinator(f);
  const created = await client.post('/v1/jobs', {
    kind: 'secagg-sum',
    minNodes: 2,
    threshold: 2,
    deadlineSeconds: 40,
    parameters: { nodes: ['alpha', 'charlie'], length: 16, bound: 10_000 },
  });
  expect(created.status, created.text).toBe(201);
  const id = (created.json as { id: number }).id;
  const began = Date.now();
  const status = (await finalStatus(client, id, 30_000)).json as {
    status: string;
    abortReason: string | null;
  };
  expect(status.status, status.abortReason ?? '').toBe('done');
  expect(Date.now() - began).toBeLessThan(20_000);
  const result = (await client.get(`/v1/jobs/${id}/result`)).json as {
    result: { sum: number[]; included: string[] };
  };
  expect(result.result.included).toEqual(['alpha', 'charlie']);
  expect(result.result.sum).toEqual(Array.from({ length: 16 }, (_, j) => 4000 + 2 * j));
}, 60_000);
