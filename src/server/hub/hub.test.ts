/**
 * The hub and three node agents in one process, over real HTTPS on loopback, with the embedded
 * database: a collect job end to end, every refusal the wire promises, deadlines, quorums and a
 * restart mid-job.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeyPair } from '../../federation/wire/keys.js';
import { newNonce, signMessage } from '../../federation/wire/sign.js';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { createHttpsTransport } from '../node/https-transport.js';
import { runNode } from '../node/run-node.js';
import { readNodeIdentity } from '../node/state-folder.js';
import { openEmbeddedStore, readAudit } from '../store/index.js';
import { embeddedDatabaseDir } from './database.js';
import { startHub } from './start-hub.js';
import {
  call,
  coordinator,
  finalStatus,
  type HubFixture,
  hubWithThreeNodes,
  NODE_NAMES,
} from './test-support.js';

let f: HubFixture;
const bits = seededRandomBits('hub.test');

beforeAll(async () => {
  f = await hubWithThreeNodes('hub.test');
});
afterAll(async () => {
  await f?.hub.close();
  if (f) rmSync(f.root, { recursive: true, force: true });
});

/** A transport with the enrolled identity of node `name`, to drive the protocol step by step. */
function transportOf(name: string, hubUrl = f.hub.url) {
  const id = readNodeIdentity(f.nodeDirs[name]);
  return createHttpsTransport({
    hubUrl,
    caPem: f.caPem,
    bits: bits.split(`transport-${name}-${hubUrl}`),
    identity: {
      keyId: id.manifest.keyId,
      privateKey: id.privateKey,
      hubKeyId: id.manifest.hubKeyId,
      hubKey: id.hubKey,
    },
  });
}

/** Secret-looking markers the handlers return: they may appear in the result, nowhere else. */
const marker = (name: string) => `payload-of-${name}`;

describe('a collect job end to end', () => {
  it('completes with the three payloads; the status names who submitted, never what', async () => {
    const stop = new AbortController();
    const agents = NODE_NAMES.map((name) =>
      runNode({
        dir: f.nodeDirs[name],
        hubUrl: f.hub.url,
        caPem: f.caPem,
        bits: bits.split(`agent-${name}`),
        signal: stop.signal,
        pollSeconds: 2,
        handlers: { collect: () => ({ length: name.length, marker: marker(name) }) },
      }),
    );
    const client = coordinator(f);
    const created = await client.post('/v1/jobs', { kind: 'collect', minNodes: 2, deadlineSeconds: 30 });
    expect(created.status).toBe(201);
    const id = (created.json as { id: number }).id;
    const status = await finalStatus(client, id);
    stop.abort();
    await Promise.all(agents);
    expect(status.json).toMatchObject({
      status: 'done',
      rounds: [{ round: 0, status: 'closed', submitted: [...NODE_NAMES].sort() }],
    });
    for (const name of NODE_NAMES) expect(status.text).not.toContain(marker(name));
    const result = await client.get(`/v1/jobs/${id}/result`);
    expect(result.json).toEqual({
      id,
      result: {
        contributors: 3,
        payloads: NODE_NAMES.map((name) => ({ length: name.length, marker: marker(name) })).sort((a, b) =>
          JSON.stringify(a).localeCompare(JSON.stringify(b)),
        ),
      },
    });
    expect(
      (result.json as { result: { payloads: { length: number }[] } }).result.payloads
        .map((p) => p.length)
        .sort(),
    ).toEqual([11, 5, 7]);
  });
});
