import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../core/errors.js';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { LOCAL_ADMIN_FILE, type RunningHub, startHub } from '../hub/start-hub.js';
import { type HubFixture, hubWithNodes } from '../hub/test-support.js';
import { enrolNode } from '../node/enrol.js';
import { createCoordinatorClient, JobAbortedError } from './index.js';

let f: HubFixture;
let hub: RunningHub;
beforeAll(async () => {
  f = await hubWithNodes('coordinator client', ['alpha', 'bravo']);
  hub = f.hub;
}, 60_000);
afterAll(async () => {
  await hub?.close();
  if (f) rmSync(f.root, { recursive: true, force: true });
});

const clientWith = (token: string) => createCoordinatorClient({ hubUrl: hub.url, caPem: f.caPem, token });
const adminToken = () =>
  (JSON.parse(readFileSync(join(f.hubDir, LOCAL_ADMIN_FILE), 'utf8')) as { token: string }).token;

describe('the coordinator client against a hub on 127.0.0.1', () => {
  it('lists the enrolled nodes and issues a token that enrols a new one', async () => {
    const client = clientWith(f.coordinatorToken);
    expect(await client.nodes()).toEqual(['alpha', 'bravo']);
    const { token, expiresAt } = await client.addNode('charlie', 3600);
    expect(token).toMatch(/^sce_/);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(3500_000);
    await enrolNode({
      hubUrl: hub.url,
      caPem: f.caPem,
      token,
      name: 'charlie',
      dir: join(f.root, 'node-charlie'),
      bits: seededRandomBits('charlie'),
    });
    expect(await client.nodes()).toEqual(['alpha', 'bravo', 'charlie']);
    await expect(client.addNode('no spaces allowed')).rejects.toThrow(/the hub refused the request: .*name/);
  });

  it('follows a job to its end: an aborted job is a JobAbortedError with the reason', async () => {
    const client = clientWith(f.coordinatorToken);
    const id = await client.createJob({ kind: 'collect', minNodes: 2, deadlineSeconds: 60 });
    const seen: string[] = [];
    const waiting = client.waitForResult(id, { pollMs: 20, onStatus: (s) => seen.push(s.status) });
    await client.abort(id);
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobAbortedError);
    expect((error as Error).message).toMatch(new RegExp(`^job ${id} was aborted: aborted by coordinator`));
    expect(seen.at(-1)).toBe('aborted');
  });

  it("accepts the running hub's local admin token, and never a previous run's", async () => {
    const old = adminToken();
    expect(await clientWith(old).nodes()).toContain('alpha');
    await hub.close();
    hub = await startHub({
      dir: f.hubDir,
      listen: { host: '127.0.0.1', port: 0 },
      bits: seededRandomBits('coordinator client, second run'),
    });
    const fresh = adminToken();
    expect(fresh).not.toBe(old);
    expect(await clientWith(fresh).nodes()).toContain('alpha');
    const refused = await clientWith(old)
      .nodes()
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UsageError);
    expect((refused as Error).message).toMatch(/^token: the hub refused the coordinator token/);
  });

  it('names the address or the CA when the hub cannot be reached or trusted', async () => {
    const elsewhere = createCoordinatorClient({ hubUrl: 'https://127.0.0.1:1', caPem: f.caPem, token: 't' });
    await expect(elsewhere.nodes()).rejects.toThrow(
      /^hubUrl: cannot reach the hub at https:\/\/127\.0\.0\.1:1: connection refused/,
    );
    const other = await hubWithNodes('another hub', ['x']);
    try {
      const wrongCa = createCoordinatorClient({
        hubUrl: hub.url,
        caPem: other.caPem,
        token: f.coordinatorToken,
      });
      await expect(wrongCa.nodes()).rejects.toThrow(/^caPem: the hub at .* cannot be trusted/);
    } finally {
      await other.hub.close();
      rmSync(other.root, { recursive: true, force: true });
    }
  }, 60_000);
});
