/**
 * The hub and three node agents in one process, over real HTTPS on loopback, with the embedded
 * database: a collect job end to end, every refusal the wire promises, deadlines, quorums and a
 * restart mid-job.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeyPair, keyIdOf, publicKeyToBase64 } from '../../federation/wire/keys.js';
import { createCertificateAuthority } from '../../federation/wire/pki.js';
import { newNonce, signMessage } from '../../federation/wire/sign.js';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { enrolNode } from '../node/enrol.js';
import { createHttpsTransport } from '../node/https-transport.js';
import { runNode } from '../node/run-node.js';
import { NODE_FILES, readNodeIdentity } from '../node/state-folder.js';
import { openEmbeddedStore, readAudit } from '../store/index.js';
import { embeddedDatabaseDir } from './database.js';
import { startHub } from './start-hub.js';
import { HUB_FILES, initHub } from './state-folder.js';
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
let transports = 0;
function transportOf(name: string, hubUrl = f.hub.url) {
  // Each transport its own nonce stream: two seeded with the same label would replay each other.
  transports += 1;
  const id = readNodeIdentity(f.nodeDirs[name]);
  return createHttpsTransport({
    hubUrl,
    caPem: f.caPem,
    bits: bits.split(`transport-${transports}`),
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

describe('the state folders', () => {
  it('keep private keys at mode 0600 and refuse to be made over an existing folder', async () => {
    const mode = (path: string) => statSync(path).mode & 0o777;
    for (const file of [HUB_FILES.caKey, HUB_FILES.tlsKey, HUB_FILES.signingKey])
      expect(mode(join(f.hubDir, file))).toBe(0o600);
    expect(mode(join(f.hubDir, HUB_FILES.caCertificate))).toBe(0o644);
    for (const name of NODE_NAMES) expect(mode(join(f.nodeDirs[name], NODE_FILES.key))).toBe(0o600);
    await expect(initHub({ dir: f.hubDir, hostnames: ['localhost'], now: new Date(), bits })).rejects.toThrow(
      /is not empty/,
    );
  });
});

describe('key ids', () => {
  it("are the wire's keyIdOf: each node signs with the id it computes for its own key", async () => {
    const ids = NODE_NAMES.map((name) => {
      const id = readNodeIdentity(f.nodeDirs[name]);
      expect(id.manifest.keyId).toBe(keyIdOf(createPublicKey(id.privateKey)));
      return id.manifest.keyId;
    });
    expect(new Set(ids).size).toBe(NODE_NAMES.length);
    // The hub accepts a request signed under that id (204: no work), so it knows the node by it.
    const answer = await transportOf(NODE_NAMES[0]).poll(0);
    expect(answer).toBeUndefined();
  });
});

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

describe('refusals', () => {
  it('refuses a spent enrolment token', async () => {
    const publicKey = publicKeyToBase64(generateSigningKeyPair(bits.split('intruder')).publicKey);
    const again = await call(f.hub.url, f.caPem, 'POST', '/v1/enrol', {
      body: JSON.stringify({ token: f.spentTokens.alpha, name: 'alpha', publicKey }),
    });
    expect(again.status).toBe(409);
    expect(again.text).toMatch(/already used/);
  });

  it('refuses unsigned, wrongly signed, replayed and altered requests with 401; signs what it accepts', async () => {
    const id = readNodeIdentity(f.nodeDirs.alpha);
    const body = Buffer.from(JSON.stringify({ waitSeconds: 0 }));
    const sign = (privateKey: KeyObject) => ({
      ...signMessage({
        privateKey,
        keyId: id.manifest.keyId,
        method: 'POST',
        path: '/v1/work',
        body,
        now: Date.now(),
        nonce: newNonce(bits),
      }),
    });
    const post = (headers: Record<string, string>, sent = body) =>
      call(f.hub.url, f.caPem, 'POST', '/v1/work', { body: sent, headers });

    expect((await post({})).status).toBe(401);
    expect((await post(sign(generateSigningKeyPair(bits.split('forger')).privateKey))).status).toBe(401);
    const genuine = sign(id.privateKey);
    const first = await post(genuine);
    expect(first.status).toBe(204);
    expect(first.headers['synthcohort-signature']).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect((await post(genuine)).status).toBe(401);
    expect((await post(sign(id.privateKey), Buffer.from(JSON.stringify({ waitSeconds: 1 })))).status).toBe(
      401,
    );
  });

  it('refuses coordinator calls without the coordinator token', async () => {
    const job = JSON.stringify({ kind: 'collect', minNodes: 2, deadlineSeconds: 30 });
    const none = await call(f.hub.url, f.caPem, 'POST', '/v1/jobs', { body: job });
    // An enrolment token is a bearer secret of another kind: hashed with another prefix, never a match.
    const wrong = await call(f.hub.url, f.caPem, 'POST', '/v1/jobs', {
      body: job,
      headers: { authorization: `Bearer ${f.spentTokens['bravo-1']}` },
    });
    const status = await call(f.hub.url, f.caPem, 'GET', '/v1/jobs/1');
    expect([none.status, wrong.status, status.status]).toEqual([401, 401, 401]);
  });

  it('refuses a job whose threshold secure aggregation would refuse: t = 2 of minNodes = 4', async () => {
    const answer = await coordinator(f).post('/v1/jobs', {
      kind: 'collect',
      minNodes: 4,
      threshold: 2,
      deadlineSeconds: 30,
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain(
      'threshold must satisfy minNodes/2 < t ≤ minNodes; got t = 2 for minNodes = 4',
    );
  });
});

describe('deadlines and quorums', () => {
  it('refuses a second submission; closes the round at its deadline without the silent node', async () => {
    const client = coordinator(f);
    const created = await client.post('/v1/jobs', {
      kind: 'collect',
      minNodes: 2,
      deadlineSeconds: 30,
      roundSeconds: 2,
    });
    const id = (created.json as { id: number }).id;
    const alpha = transportOf('alpha');
    const bravo = transportOf('bravo-1');
    const task = await alpha.poll(5);
    expect(task).toMatchObject({ jobId: id, round: 0, kind: 'collect' });
    expect(await alpha.submit(task!, { v: 1 })).toBe('accepted');
    expect(await alpha.submit(task!, { v: 2 })).toBe('already-submitted');
    expect(await bravo.submit((await bravo.poll(5))!, { v: 3 })).toBe('accepted');
    // charlie-two never answers: the round waits for it until its 2 s deadline, then closes.
    const status = await finalStatus(client, id);
    expect(status.json).toMatchObject({
      status: 'done',
      rounds: [{ status: 'closed', submitted: ['alpha', 'bravo-1'] }],
    });
    expect((await client.get(`/v1/jobs/${id}/result`)).json).toEqual({
      id,
      result: { contributors: 2, payloads: [{ v: 1 }, { v: 3 }] },
    });
  });

  it('aborts with a clear status when fewer than minNodes answered by the deadline', async () => {
    const client = coordinator(f);
    const created = await client.post('/v1/jobs', { kind: 'collect', minNodes: 3, deadlineSeconds: 1.5 });
    const id = (created.json as { id: number }).id;
    const alpha = transportOf('alpha');
    await alpha.submit((await alpha.poll(5))!, { v: 1 });
    const status = await finalStatus(client, id);
    expect(status.json).toMatchObject({
      status: 'aborted',
      abortReason: 'round 0 closed with 1 submission(s); it needed at least 3',
      rounds: [{ status: 'closed', submitted: ['alpha'] }],
    });
  });
});

describe('a hub restarted mid-job', () => {
  it('resumes the job from the database and finishes it', async () => {
    const created = await coordinator(f).post('/v1/jobs', {
      kind: 'collect',
      minNodes: 2,
      deadlineSeconds: 60,
    });
    const id = (created.json as { id: number }).id;
    const alpha = transportOf('alpha');
    await alpha.submit((await alpha.poll(5))!, { v: 'before the restart' });
    await f.hub.close();
    f.hub = await startHub({
      dir: f.hubDir,
      listen: { host: '127.0.0.1', port: 0 },
      bits: bits.split('hub-2'),
      maxPollSeconds: 5,
    });
    const client = coordinator(f);
    expect((await client.get(`/v1/jobs/${id}`)).json).toMatchObject({
      status: 'collecting',
      rounds: [{ status: 'open', submitted: ['alpha'] }],
    });
    for (const name of ['bravo-1', 'charlie-two']) {
      const node = transportOf(name, f.hub.url);
      await node.submit((await node.poll(5))!, { v: name });
    }
    const status = await finalStatus(client, id);
    expect(status.json).toMatchObject({ status: 'done', rounds: [{ submitted: [...NODE_NAMES].sort() }] });
    expect(((await client.get(`/v1/jobs/${id}/result`)).json as { result: unknown }).result).toEqual({
      contributors: 3,
      payloads: [{ v: 'before the restart' }, { v: 'bravo-1' }, { v: 'charlie-two' }],
    });
  });
});

describe('CA pinning', () => {
  it('a node given another CA cannot connect, to enrol or to poll', async () => {
    const other = await createCertificateAuthority({
      commonName: 'another CA',
      days: 30,
      now: new Date(),
      bits,
    });
    const id = readNodeIdentity(f.nodeDirs.alpha);
    const impostorPinned = createHttpsTransport({
      hubUrl: f.hub.url,
      caPem: other.certificatePem,
      bits,
      identity: {
        keyId: id.manifest.keyId,
        privateKey: id.privateKey,
        hubKeyId: id.manifest.hubKeyId,
        hubKey: id.hubKey,
      },
    });
    await expect(impostorPinned.poll(0)).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    await expect(
      enrolNode({
        hubUrl: f.hub.url,
        caPem: other.certificatePem,
        token: 'sce_unused',
        name: 'delta',
        dir: join(f.root, 'node-delta'),
        bits,
      }),
    ).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });
});

describe('what the hub recorded', () => {
  it('audits every refusal with its reason and holds no payload outside the submissions table', async () => {
    await f.hub.close();
    const store = await openEmbeddedStore(embeddedDatabaseDir(f.hubDir));
    try {
      const audit = await readAudit(store, 0, 10_000);
      const refused = audit.filter((e) => e.action === 'message.refused').map((e) => e.detail.reason);
      expect(refused).toEqual([
        'malformed-envelope',
        'bad-signature',
        'replayed-nonce',
        'body-hash-mismatch',
      ]);
      expect(audit.filter((e) => e.action === 'coordinator.refused')).toHaveLength(3);
      expect(audit.find((e) => e.action === 'node.enrol-refused')?.detail).toEqual({ reason: 'used' });
      expect(audit.filter((e) => e.action === 'submission.accept')).toHaveLength(3 + 2 + 1 + 3);
      const logged = JSON.stringify(audit);
      for (const name of NODE_NAMES) expect(logged).not.toContain(marker(name));
      expect(logged).not.toContain('before the restart');
      for (const token of [...Object.values(f.spentTokens), f.coordinatorToken])
        expect(logged).not.toContain(token);
    } finally {
      await store.close();
    }
  });
});
