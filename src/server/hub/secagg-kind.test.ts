/**
 * A `secagg-sum` job end to end: a hub and four node agents over HTTPS on loopback, the embedded
 * database. Checks the released sum against the plain sum (exact integers), the dropout rule (a node
 * silent from round 2 on is left out of the sum, its masks removed), and that no table of the hub's
 * database holds a node's plain vector in any encoding a leak would take.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeIntegers } from '../../federation/secagg/encoding.js';
import { ringToBytes } from '../../federation/secagg/ring.js';
import { seededRandomBits, uniformBelow } from '../../privacy/random-bits.js';
import { runNode, TaskDeclined } from '../node/run-node.js';
import { secaggSumHandler } from '../node/secagg-handler.js';
import { openHubStore } from './database.js';
import { secaggSumKind } from './secagg-kind.js';
import { startHub } from './start-hub.js';
import { coordinator, eventually, finalStatus, type HubFixture, hubWithNodes } from './test-support.js';

const NAMES = ['alpha', 'bravo', 'charlie', 'delta'] as const;
const LENGTH = 1000;
const BOUND = 1_000_000;
const bits = seededRandomBits('secagg-kind.test');

/** Seeded signed vectors; delta's is distinctive (±(900001 + i)), the one planted for the search. */
const inputs = new Map<string, Int32Array>(
  NAMES.map((name) => {
    const v = new Int32Array(LENGTH);
    const r = bits.split(`input-${name}`);
    for (let i = 0; i < LENGTH; i++)
      v[i] = name === 'delta' ? (i % 2 ? -1 : 1) * (900_001 + i) : uniformBelow(r, 2 * 1000 + 1) - 1000;
    return [name, v];
  }),
);

let f: HubFixture;
const stop = new AbortController();
let agents: Promise<void>[] = [];
/** When set, delta goes silent from round 2 (masked input) on. */
let deltaSilent = false;
/** When set, every node waits for it before sending its masked input (to restart the hub there). */
let gate: Promise<void> | undefined;
/** The masked-input tasks (share inboxes) each node was served, in order. */
const inboxesSeen = new Map<string, string[]>();

beforeAll(async () => {
  f = await hubWithNodes('secagg-kind.test', NAMES, { kinds: [secaggSumKind] });
  agents = NAMES.map((name) => {
    const handler = secaggSumHandler({
      inputFor: () => inputs.get(name)!,
      random: bits.split(`secrets-${name}`),
    });
    return runNode({
      dir: f.nodeDirs[name],
      hubUrl: f.hub.url,
      caPem: f.caPem,
      bits: bits.split(`agent-${name}`),
      signal: stop.signal,
      pollSeconds: 1,
      backoffMs: { first: 100, longest: 300 },
      handlers: {
        'secagg-sum': (task, context) => {
          if (name === 'delta' && deltaSilent && task.round >= 2)
            throw new TaskDeclined('silent for the test');
          if (task.purpose === 'masked-input') {
            inboxesSeen.set(name, [...(inboxesSeen.get(name) ?? []), JSON.stringify(task.input)]);
            // Drop the task fetched from the old hub: the node must fetch it again after the restart.
            if (gate) return gate.then(() => Promise.reject(new Error('the hub restarted')));
          }
          return handler(task, context);
        },
      },
    });
  });
}, 120_000);

afterAll(async () => {
  stop.abort();
  await Promise.all(agents);
  await f.hub.close().catch(() => {});
  rmSync(f.root, { recursive: true, force: true });
});

function plainSum(names: readonly string[]): number[] {
  const sum = new Array<number>(LENGTH).fill(0);
  for (const name of names) {
    const v = inputs.get(name)!;
    for (let i = 0; i < LENGTH; i++) sum[i] += v[i];
  }
  return sum;
}

async function createJob(roundSeconds: number): Promise<number> {
  const created = await coordinator(f).post('/v1/jobs', {
    kind: 'secagg-sum',
    minNodes: 4,
    threshold: 3,
    deadlineSeconds: 60,
    roundSeconds,
    parameters: { nodes: [...NAMES], length: LENGTH, bound: BOUND },
  });
  expect(created.status).toBe(201);
  return (created.json as { id: number }).id;
}

async function runJob(roundSeconds: number) {
  const client = coordinator(f);
  const created = await client.post('/v1/jobs', {
    kind: 'secagg-sum',
    minNodes: 4,
    threshold: 3,
    deadlineSeconds: 60,
    roundSeconds,
    parameters: { nodes: [...NAMES], length: LENGTH, bound: BOUND },
  });
  expect(created.status).toBe(201);
  const id = (created.json as { id: number }).id;
  const status = await finalStatus(client, id, 25_000);
  const result = await client.get(`/v1/jobs/${id}/result`);
  return {
    id,
    status: status.json as { status: string; reason?: string },
    result: result.json as { result: { sum: number[]; included: string[]; dropped: string[] } },
  };
}

describe('secagg-sum over HTTPS', () => {
  it('releases exactly the plain sum of four nodes (t = 3, d = 1,000)', async () => {
    const { status, result } = await runJob(20);
    expect(status.status).toBe('done');
    expect(result.result.included).toEqual([...NAMES]);
    expect(result.result.dropped).toEqual([]);
    expect(result.result.sum).toEqual(plainSum(NAMES));
  }, 30_000);

  it('leaves out a node silent from round 2 on: the sum of the three that sent masked inputs', async () => {
    deltaSilent = true;
    const { status, result } = await runJob(3);
    expect(status.status).toBe('done');
    expect(result.result.included).toEqual(['alpha', 'bravo', 'charlie']);
    expect(result.result.dropped).toEqual(['delta']);
    const expected = plainSum(['alpha', 'bravo', 'charlie']);
    expect(result.result.sum).toEqual(expected);
    expect(result.result.sum).not.toEqual(plainSum(NAMES));
  }, 30_000);

  it('survives a hub restart in round 2: each node is served the same stored inbox again; the sum is exact', async () => {
    deltaSilent = false;
    let open!: () => void;
    gate = new Promise((resolve) => {
      open = resolve;
    });
    const id = await createJob(20);
    const client = coordinator(f);
    await eventually(
      async () => {
        const rounds = ((await client.get(`/v1/jobs/${id}`)).json as { rounds: { round: number }[] }).rounds;
        return rounds.some((r) => r.round === 2) ? true : undefined;
      },
      15_000,
      'round 2 to open',
    );
    const seenFor = (name: string) =>
      (inboxesSeen.get(name) ?? []).filter((text) => text.includes(`"hub-job-${id}"`));
    await eventually(
      async () => (NAMES.every((name) => seenFor(name).length === 1) ? true : undefined),
      15_000,
      'every node to hold its round-2 task',
    );
    const port = new URL(f.hub.url).port;
    await f.hub.close();
    f.hub = await startHub({
      dir: f.hubDir,
      listen: { host: '127.0.0.1', port: Number(port) },
      bits: bits.split('hub again'),
      maxPollSeconds: 5,
      kinds: [secaggSumKind],
    });
    gate = undefined;
    open();
    const status = await finalStatus(client, id, 25_000);
    expect((status.json as { status: string }).status).toBe('done');
    const result = (await client.get(`/v1/jobs/${id}/result`)).json as {
      result: { sum: number[]; included: string[] };
    };
    expect(result.result.included).toEqual([...NAMES]);
    expect(result.result.sum).toEqual(plainSum(NAMES));
    // After the restart each node was served its inbox again, from the database, byte for byte.
    for (const name of NAMES) {
      const seen = seenFor(name);
      expect(seen.length).toBeGreaterThanOrEqual(2);
      expect(new Set(seen).size).toBe(1);
      expect(JSON.parse(seen[0])).toMatchObject({ kind: 'share-inbox', node: NAMES.indexOf(name) + 1 });
    }
  }, 30_000);

  it('refuses at creation a job whose threshold or node list secure aggregation cannot run', async () => {
    const client = coordinator(f);
    const base = { kind: 'secagg-sum', minNodes: 4, threshold: 3, deadlineSeconds: 60 };
    // n = 6 listed nodes needs t > 3; minNodes 4 allows t = 3 only.
    const six = await client.post('/v1/jobs', {
      ...base,
      parameters: { nodes: [...NAMES, 'echo', 'foxtrot'], length: 10, bound: 5 },
    });
    expect(six.status).toBe(400);
    expect(six.text).toContain('n/2 < t ≤ n; got t = 3 for n = 6');
    const few = await client.post('/v1/jobs', {
      ...base,
      parameters: { nodes: ['alpha', 'bravo', 'charlie'], length: 10, bound: 5 },
    });
    expect(few.status).toBe(400);
    expect(few.text).toContain('minNodes is 4, but only 3 node(s)');
  });

  it('a node restarted mid-job has no secrets for it: it declines the later rounds', async () => {
    const fresh = secaggSumHandler({ inputFor: () => inputs.get('delta')!, random: bits.split('fresh') });
    const task = {
      jobId: 99,
      round: 2,
      kind: 'secagg-sum',
      purpose: 'masked-input',
      parameters: {},
      input: {},
      deadline: new Date().toISOString(),
    };
    await expect(fresh(task, { signal: new AbortController().signal })).rejects.toBeInstanceOf(TaskDeclined);
  });

  it("no table of the hub's database holds delta's plain vector", async () => {
    stop.abort();
    await Promise.all(agents);
    await f.hub.close();
    const store = await openHubStore(f.hubDir);
    let dump = '';
    try {
      const tables = await store.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
      );
      expect(tables.rows.map((t) => t.table_name)).toEqual(
        expect.arrayContaining(['submissions', 'round_tasks', 'audit_log', 'jobs']),
      );
      for (const { table_name } of tables.rows) {
        const rows = await store.query<{ text: string }>(
          `SELECT row_to_json(t)::text AS text FROM "${table_name}" t`,
        );
        for (const { text } of rows.rows) {
          dump += `${text}\n`;
          // bytea columns come out as \\x hex: add their decoded text (submissions' JSON payloads).
          for (const hex of text.match(/\\\\x([0-9a-f]+)/g) ?? [])
            dump += `${Buffer.from(hex.slice(3), 'hex').toString('utf8')}\n`;
        }
      }
    } finally {
      await store.close();
    }
    const delta = inputs.get('delta')!;
    const ring = ringToBytes(encodeIntegers(delta, { bound: BOUND, contributors: 4 }));
    // Positive controls: the dump reaches the decoded payloads and the stored tasks.
    expect(dump).toContain('"kind":"masked-input"'); // a submission's decoded bytes
    expect(dump).toContain('"kind": "unmask-request"'); // a stored task (jsonb)
    // The plain vector as decimal text, as base64url / base64 / hex of its ring encoding.
    expect(dump).not.toContain(Array.from(delta.subarray(0, 4)).join(','));
    expect(dump).not.toContain(Array.from(delta.subarray(0, 4)).join(', '));
    expect(dump).not.toContain(Buffer.from(ring.subarray(0, 24)).toString('base64url'));
    expect(dump).not.toContain(Buffer.from(ring.subarray(0, 24)).toString('base64'));
    expect(dump).not.toContain(Buffer.from(ring.subarray(0, 24)).toString('hex'));
  }, 30_000);
});
