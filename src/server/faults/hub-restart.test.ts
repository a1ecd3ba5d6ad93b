/**
 * The hub and its nodes as real processes (embedded database), and three faults of the hub's side:
 * the hub SIGKILLed in the middle of a round and started again on the same state folder (it takes
 * over the dead process's database lock and resumes the job from the database; the nodes retry
 * until it answers); a node that enrols again with a new one-time token (its old key is refused
 * from then on, its new one accepted); and a node that never answers (frozen with SIGSTOP while it
 * holds a long-poll: the round closes at its deadline without it), with a replayed, an altered and
 * a wrongly signed submission sent in a node's name meanwhile (refused, the job unchanged). Each job ends done with the model
 * the plain reference fits on the sites that took part, and no data file is written.
 */
import type { KeyObject } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeyPair } from '../../federation/wire/keys.js';
import { newNonce, signMessage } from '../../federation/wire/sign.js';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { call } from '../hub/test-support.js';
import { createHttpsTransport } from '../node/https-transport.js';
import { readNodeIdentity } from '../node/state-folder.js';
import { type Child, killChildren, liveChildren, processExists, runProgram } from './children.js';
import {
  changedDataFiles,
  createCopulaJob,
  enrolSite,
  type Federation,
  finalOutcome,
  restartHub,
  startFederation,
} from './federation.js';
import { deviation, plainCopula } from './reference.js';

const NAMES = ['alpha', 'bravo', 'charlie'] as const;
let f: Federation;
const started: Child[] = [];

beforeAll(async () => {
  f = await startFederation({ names: NAMES, patientsPerSite: 70, seed: 29 });
  started.push(f.hub, ...NAMES.map((name) => f.nodes[name]));
}, 120_000);

afterAll(async () => {
  await killChildren();
  expect(liveChildren()).toEqual([]);
  for (const child of started) expect(processExists(child.pid), child.name).toBe(false);
  if (f) rmSync(f.root, { recursive: true, force: true });
});

/** A signed poll with the key in node state folder `dir`: undefined (no work) or the hub's refusal. */
function pollWith(dir: string, label: string) {
  const identity = readNodeIdentity(dir);
  return createHttpsTransport({
    hubUrl: f.url,
    caPem: f.caPem,
    bits: seededRandomBits(`hub-restart.test ${label}`),
    identity: {
      keyId: identity.manifest.keyId,
      privateKey: identity.privateKey,
      hubKeyId: identity.manifest.hubKeyId,
      hubKey: identity.hubKey,
    },
  }).poll(0);
}

async function expectExactModel(result: Record<string, unknown> | undefined, sites: readonly string[]) {
  expect(result?.sites).toEqual([...sites]);
  expect(deviation(result?.model, (await plainCopula(f, sites)).result.model)).toBeLessThanOrEqual(1e-9);
}

describe('the hub killed, a node re-enrolled, a node frozen (child processes)', () => {
  it('a hub SIGKILLed mid-round, started again on its folder, takes over the lock and finishes the job', async () => {
    const id = await createCopulaJob(f, { nodes: NAMES, minNodes: 3, threshold: 2, roundSeconds: 40 });
    // Round 5 is the 'moments' share-keys: kill the hub as soon as one node's answer to it is stored.
    await Promise.race(NAMES.map((name) => f.nodes[name].waitFor(new RegExp(`job ${id} round 5: answered`))));
    const dead = f.hub;
    expect(await dead.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    // The dead hub's lock on the embedded database is still there, naming it.
    const lock = join(f.hubDir, 'database.lock');
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(dead.pid);
    await restartHub(f);
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(f.hub.pid);
    const { status, result } = await finalOutcome(f, id);
    expect(status.status, status.abortReason ?? '').toBe('done');
    await expectExactModel(result, NAMES);
    // The nodes lived through it, retrying with backoff until the hub answered again.
    for (const name of NAMES) {
      expect(f.nodes[name].isRunning(), name).toBe(true);
      expect(f.nodes[name].stderr(), name).toMatch(/error: .*; retrying in \d+\.\d s/);
    }
    expect(changedDataFiles(f)).toEqual([]);
  }, 120_000);

  it('a node enrolled again with a new token: its old key is refused, its new one takes part', async () => {
    const old = { child: f.nodes.alpha, dir: f.nodeDirs.alpha };
    // hub add-node while the hub runs asks it, through the local admin file.
    const added = await runProgram(['hub', 'add-node', 'alpha', '--state', f.hubDir]);
    expect(added.code, added.stderr).toBe(0);
    await enrolSite(f, 'alpha', added.stdout.trim(), join(f.root, 'node-alpha-again'));
    await expect(pollWith(old.dir, 'old key')).rejects.toThrow(/401/);
    await expect(pollWith(f.nodeDirs.alpha, 'new key')).resolves.toBeUndefined();
    // The old process still runs, refused at every poll: it takes no part in the next job.
    const id = await createCopulaJob(f, { nodes: NAMES, minNodes: 3, threshold: 2, roundSeconds: 20 });
    const { status, result } = await finalOutcome(f, id);
    expect(status.status, status.abortReason ?? '').toBe('done');
    await expectExactModel(result, NAMES);
    expect(f.nodes.alpha.stderr()).toMatch(new RegExp(`job ${id} round 7: answered`));
    expect(old.child.isRunning()).toBe(true);
    expect(old.child.stderr()).not.toMatch(new RegExp(`job ${id} round`));
    expect(old.child.stderr()).toMatch(/error: .*401/);
    await old.child.kill();
    expect(changedDataFiles(f)).toEqual([]);
  }, 120_000);

  it('a node that never answers (SIGSTOP), and a replayed, an altered and a forged submission: refused (401), done by the others', async () => {
    f.nodes.charlie.freeze();
    const id = await createCopulaJob(f, { nodes: NAMES, minNodes: 2, threshold: 2, roundSeconds: 5 });
    // While round 0 waits for the frozen node: messages in bravo's name, beside bravo's own.
    await f.nodes.bravo.waitFor(new RegExp(`job ${id} round 0: answered`));
    const path = `/v1/jobs/${id}/rounds/0/submit`;
    const bravo = readNodeIdentity(f.nodeDirs.bravo);
    const body = Buffer.from(JSON.stringify({ payload: { node: 2, forged: true } }));
    const bits = seededRandomBits('hub-restart.test forged');
    const sign = (privateKey: KeyObject) =>
      signMessage({
        privateKey,
        keyId: bravo.manifest.keyId,
        method: 'POST',
        path,
        body,
        now: Date.now(),
        nonce: newNonce(bits),
      });
    const post = (headers: Record<string, string>, sent = body) =>
      call(f.url, f.caPem, 'POST', path, { body: sent, headers: { ...headers } });
    const genuine = sign(bravo.privateKey);
    // Signed by bravo's key, so authenticated; bravo answered this round already.
    const first = await post(genuine);
    expect(first.status, first.text).toBe(409);
    expect((await post(genuine)).status).toBe(401);
    const altered = Buffer.from(JSON.stringify({ payload: { node: 2, forged: 'altered' } }));
    expect((await post(sign(bravo.privateKey), altered)).status).toBe(401);
    expect((await post(sign(generateSigningKeyPair(bits.split('forger')).privateKey))).status).toBe(401);

    const { status, result } = await finalOutcome(f, id);
    expect(status.status, status.abortReason ?? '').toBe('done');
    expect(status.rounds[0].submitted).toEqual(['alpha', 'bravo']);
    await expectExactModel(result, ['alpha', 'bravo']);
    expect(changedDataFiles(f)).toEqual([]);
  }, 120_000);
});
