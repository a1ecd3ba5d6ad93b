/**
 * One conformance suite for the hub's state, run against every backend (embedded.test.ts,
 * server.test.ts): the same migrations, the same repositories, the same answers. `open` opens the
 * backend's database at the same place every time it is called, so closing and reopening is a hub
 * restart.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeyPair, keyIdOf } from '../../../federation/wire/keys.js';
import { seededRandomBits } from '../../../privacy/random-bits.js';
import { appendAudit, readAudit } from '../audit.js';
import { EnrolmentRefusedError, HubStateError, IllegalTransitionError, sqlState } from '../errors.js';
import { JOB_STATUSES, JOB_TRANSITIONS, type JobStatus } from '../job-status.js';
import { createJob, getJob, type JobRequest, transitionJob, unfinishedJobs } from '../jobs.js';
import { migrate } from '../migrate.js';
import { HUB_MIGRATIONS } from '../migrations.js';
import { activeKey, activeNodes, enrolNode, revokeNode } from '../nodes.js';
import { forgetExpiredNonces, rememberNonce } from '../nonces.js';
import { centreReports, recordCentreReport } from '../reports.js';
import { closeRound, getRound, openRound, roundsOf } from '../rounds.js';
import type { Store } from '../store.js';
import { recordSubmission, submissionsOf, submittersOf } from '../submissions.js';
import { coordinatorOf, issueCoordinatorToken, issueEnrolmentToken } from '../tokens.js';

const T0 = new Date('2030-01-01T00:00:00Z');
const minutes = (m: number) => new Date(T0.getTime() + m * 60_000);
const bits = seededRandomBits('hub-state-suite');

function bytes(n: number, label: string): Uint8Array {
  const source = bits.split(label);
  return Uint8Array.from({ length: n }, () => source.nextUint32() & 0xff);
}

/** A node's Ed25519 public key, as the node would make it (seeded: tests only). */
const nodeKey = (label: string) => generateSigningKeyPair(bits.split(label)).publicKey;

const JOB: JobRequest = {
  kind: 'copula',
  parameters: { columns: ['age', 'wbc'] },
  minNodes: 3,
  threshold: 2,
  deadline: minutes(600),
};

/** Settles all promises; the number fulfilled and the reasons of the others. */
async function race<T>(work: Promise<T>[]) {
  const settled = await Promise.allSettled(work);
  const won = settled.filter((s) => s.status === 'fulfilled') as PromiseFulfilledResult<T>[];
  const lost = settled.filter((s) => s.status === 'rejected').map((s) => (s as PromiseRejectedResult).reason);
  return { won, lost };
}

export function hubStateSuite(backend: string, open: () => Promise<Store>): void {
  describe(`hub state on ${backend}`, () => {
    let store: Store;
    let firstMigration: string[];
    let nodeCount = 0;

    beforeAll(async () => {
      store = await open();
      firstMigration = await migrate(store);
    });
    afterAll(async () => {
      await store?.close();
    });

    /** A node enrolled under a fresh name; returns its name and key id. */
    async function enrolled(prefix = 'centre') {
      const nodeName = `${prefix}-${++nodeCount}`;
      const token = await issueEnrolmentToken(store, {
        nodeName,
        expiresAt: minutes(60),
        actor: 'coord',
        bits,
        now: T0,
      });
      const key = await enrolNode(store, { token, publicKey: nodeKey(`key ${nodeName}`), now: minutes(1) });
      return { nodeName, keyId: key.keyId };
    }

    async function collectingJob() {
      const job = await createJob(store, JOB, 'coord', T0);
      await transitionJob(store, job.id, { to: 'collecting', actor: 'hub', now: minutes(1) });
      return job.id;
    }

    it('applies its migrations once: the second run finds them recorded', async () => {
      expect(firstMigration).toEqual(HUB_MIGRATIONS.map((m) => m.id));
      expect(await migrate(store)).toEqual([]);
      const { rows } = await store.query<{ id: string }>('SELECT id FROM schema_migrations');
      expect(rows.map((r) => r.id)).toEqual(['0001-hub-state', '0002-round-tasks', '0003-review']);
    });

    it('refuses a database whose migrations were edited or come from a newer version', async () => {
      const edited = [{ id: '0001-hub-state', sql: 'SELECT 1' }];
      await expect(migrate(store, edited)).rejects.toThrow(/differs from the one applied/);
      await expect(migrate(store, [])).rejects.toThrow(/does not know: it was written by a newer/);
    });

    it('enrols a node with a one-time token exactly once when eight use it at the same time', async () => {
      const token = await issueEnrolmentToken(store, {
        nodeName: 'racer',
        expiresAt: minutes(60),
        actor: 'coord',
        bits,
        now: T0,
      });
      const keys = Array.from({ length: 8 }, (_, i) => nodeKey(`racer ${i}`));
      const { won, lost } = await race(
        keys.map((publicKey) => enrolNode(store, { token, publicKey, now: minutes(1) })),
      );
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(7);
      for (const error of lost) {
        expect(error).toBeInstanceOf(EnrolmentRefusedError);
        expect((error as EnrolmentRefusedError).reason).toBe('used');
      }
      const winner = won[0].value;
      // The node's own key id (the wire's keyIdOf) is the one the hub keys it by.
      const winnerKey = keys.find((key) => key.equals(winner.publicKey))!;
      expect(winner.keyId).toBe(keyIdOf(winnerKey));
      expect((await activeKey(store, winner.keyId))?.nodeName).toBe('racer');
      const { rows } = await store.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM node_keys WHERE node_name = 'racer'`,
      );
      expect(rows[0].n).toBe(1);
      // Neither the table nor the audit log holds the token in clear.
      const dump = await store.query<{ t: string }>(
        `SELECT (SELECT string_agg(t::text, ' ') FROM enrolment_tokens t) || (SELECT string_agg(a::text, ' ') FROM audit_log a) AS t`,
      );
      expect(dump.rows[0].t).not.toContain(token.slice(4));
      const refused = (await readAudit(store)).filter(
        (e) => e.action === 'node.enrol-refused' && e.subject === 'node racer',
      );
      expect(refused).toHaveLength(7);
    });

    it('refuses unknown and expired tokens, and re-enrolment replaces the node key', async () => {
      const unknown = enrolNode(store, { token: 'sce_nothing', publicKey: nodeKey('u'), now: T0 });
      await expect(unknown).rejects.toMatchObject({ reason: 'unknown', problem: 'not-found' });
      const short = await issueEnrolmentToken(store, {
        nodeName: 'late',
        expiresAt: minutes(5),
        actor: 'c',
        bits,
        now: T0,
      });
      const expired = enrolNode(store, { token: short, publicKey: nodeKey('late'), now: minutes(5) });
      await expect(expired).rejects.toThrow(/token expired/);

      const { nodeName, keyId } = await enrolled();
      const again = await issueEnrolmentToken(store, {
        nodeName,
        expiresAt: minutes(60),
        actor: 'c',
        bits,
        now: T0,
      });
      const fresh = await enrolNode(store, {
        token: again,
        publicKey: nodeKey(`new ${nodeName}`),
        now: minutes(2),
      });
      expect(await activeKey(store, keyId)).toBeUndefined();
      expect((await activeKey(store, fresh.keyId))?.nodeName).toBe(nodeName);
      expect(await activeNodes(store)).toContain(nodeName);
      const reused = issueEnrolmentToken(store, {
        nodeName: 'x',
        expiresAt: minutes(60),
        actor: 'c',
        bits,
        now: T0,
      }).then((token) => enrolNode(store, { token, publicKey: fresh.publicKey, now: minutes(3) }));
      await expect(reused).rejects.toThrow(/already enrolled/);
    });

    it('knows a node by the key id it computes itself, and the database takes no other id', async () => {
      const pair = generateSigningKeyPair(bits.split('self-id'));
      const token = await issueEnrolmentToken(store, {
        nodeName: 'self-id',
        expiresAt: minutes(60),
        actor: 'c',
        bits,
        now: T0,
      });
      const key = await enrolNode(store, { token, publicKey: pair.publicKey, now: minutes(1) });
      const own = keyIdOf(pair.publicKey);
      expect(key.keyId).toBe(own);
      const found = await activeKey(store, own);
      expect(found?.nodeName).toBe('self-id');
      expect(found?.publicKey.equals(pair.publicKey)).toBe(true);
      // The retired spelling (hex of SHA-256 over the raw key) and any id not derived from the key
      // stored beside it are refused by the table's check.
      const other = nodeKey('other').export({ format: 'der', type: 'spki' });
      for (const [keyId, publicKey] of [
        [createHash('sha256').update(other.subarray(12)).digest('hex').slice(0, 32), other],
        [keyIdOf(nodeKey('third')), other],
      ] as const) {
        const raw = store.query(
          `INSERT INTO node_keys (key_id, node_name, public_key, enrolled_at) VALUES ($1, 'self-id', $2, $3)`,
          [keyId, publicKey, minutes(2)],
        );
        expect(sqlState(await raw.catch((e: unknown) => e))).toBe('23514');
      }
      // The control: the id the wire derives for that key passes the same check (rolled back).
      const control = store.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO node_keys (key_id, node_name, public_key, enrolled_at, revoked_at)
           VALUES ($1, 'self-id', $2, $3, $3)`,
          [keyIdOf(nodeKey('other')), other, minutes(2)],
        );
        throw new Error('roll back');
      });
      await expect(control).rejects.toThrow('roll back');
      const x25519 = generateKeyPairSync('x25519').publicKey;
      const wrongKind = issueEnrolmentToken(store, {
        nodeName: 'x',
        expiresAt: minutes(60),
        actor: 'c',
        bits,
        now: T0,
      }).then((t) => enrolNode(store, { token: t, publicKey: x25519, now: minutes(3) }));
      await expect(wrongKind).rejects.toThrow(
        'a node enrols with an Ed25519 public key, got a public x25519 key',
      );
    });

    it('revoking a node voids its unused tokens: one issued before the revocation re-admits nobody', async () => {
      const { nodeName } = await enrolled('revoked');
      const issue = (minute: number) =>
        issueEnrolmentToken(store, {
          nodeName,
          expiresAt: minutes(60),
          actor: 'c',
          bits,
          now: minutes(minute),
        });
      const spare = await issue(1);
      await revokeNode(store, nodeName, 'c', minutes(2));
      const stale = enrolNode(store, {
        token: spare,
        publicKey: nodeKey(`stale ${nodeName}`),
        now: minutes(3),
      });
      await expect(stale).rejects.toMatchObject({ reason: 'expired', problem: 'conflict' });
      expect(await activeNodes(store)).not.toContain(nodeName);
      // A token issued after the revocation is the coordinator admitting the node again.
      const readmit = await issue(4);
      const key = await enrolNode(store, {
        token: readmit,
        publicKey: nodeKey(`back ${nodeName}`),
        now: minutes(5),
      });
      expect((await activeKey(store, key.keyId))?.nodeName).toBe(nodeName);
    });

    it('finds a coordinator by its token and by nothing else', async () => {
      const token = await issueCoordinatorToken(store, { label: 'alice', actor: 'hub init', bits, now: T0 });
      expect(await coordinatorOf(store, token)).toBe('alice');
      expect(await coordinatorOf(store, `${token}x`)).toBeUndefined();
      const enrolment = await issueEnrolmentToken(store, {
        nodeName: 'n',
        expiresAt: minutes(9),
        actor: 'c',
        bits,
        now: T0,
      });
      expect(await coordinatorOf(store, enrolment)).toBeUndefined();
    });

    it('moves jobs only along the state machine, and the database trigger agrees on every pair', async () => {
      const paths: Record<JobStatus, JobStatus[]> = {
        created: [],
        collecting: ['collecting'],
        aggregating: ['collecting', 'aggregating'],
        done: ['collecting', 'aggregating', 'done'],
        aborted: ['aborted'],
      };
      for (const from of JOB_STATUSES) {
        const job = await createJob(store, JOB, 'coord', T0);
        for (const to of paths[from])
          await transitionJob(store, job.id, {
            to,
            actor: 'hub',
            result: { sum: 1 },
            reason: 'test',
            now: minutes(1),
          });
        expect((await getJob(store, job.id)).status).toBe(from);
        for (const to of JOB_STATUSES) {
          if (to === from) continue;
          const allowed = JOB_TRANSITIONS[from].includes(to);
          // The raw UPDATE keeps the row's other checks satisfied, so only the trigger can refuse it.
          const raw = store.transaction(async (tx) => {
            await tx.query(
              `UPDATE jobs SET status = $2,
                 finished_at = CASE WHEN $2 IN ('done', 'aborted') THEN now() END,
                 abort_reason = CASE WHEN $2 = 'aborted' THEN 'raw' END WHERE id = $1`,
              [job.id, to],
            );
            throw new Error('roll back');
          });
          const error = await raw.catch((e: unknown) => e);
          expect(allowed ? (error as Error).message : sqlState(error)).toBe(allowed ? 'roll back' : '23514');
          const api = await transitionJob(store, job.id, {
            to,
            actor: 'hub',
            result: {},
            reason: 'r',
            now: minutes(2),
          })
            .then(() => 'moved')
            .catch((e: unknown) => e);
          if (allowed) {
            expect(api).toBe('moved');
            break; // the job has left `from`
          }
          expect(api).toBeInstanceOf(IllegalTransitionError);
          expect((api as Error).message).toContain(`from '${from}' to '${to}'`);
        }
      }
    });

    it('lets exactly one of two concurrent transitions win, and aborting closes open rounds', async () => {
      const id = await collectingJob();
      await openRound(store, id, {
        round: 0,
        purpose: 'masked-input',
        deadline: minutes(30),
        now: minutes(2),
      });
      const { won, lost } = await race(
        [1, 2].map(() => transitionJob(store, id, { to: 'aggregating', actor: 'hub' })),
      );
      expect(won).toHaveLength(1);
      expect(lost[0]).toBeInstanceOf(IllegalTransitionError);
      expect((lost[0] as Error).message).toMatch(/from 'aggregating' to 'aggregating'/);
      const aborted = await transitionJob(store, id, {
        to: 'aborted',
        actor: 'hub',
        reason: 'only 1 of t = 2 nodes left',
      });
      expect(aborted.abortReason).toBe('only 1 of t = 2 nodes left');
      expect((await getRound(store, id, 0)).status).toBe('aborted');
      await expect(createJob(store, { ...JOB, threshold: 4 }, 'c', T0)).rejects.toThrow(
        'threshold must satisfy minNodes/2 < t ≤ minNodes; got t = 4 for minNodes = 3',
      );
    });

    it('requires minNodes/2 < t ≤ minNodes, as secure aggregation does, in the code and the database', async () => {
      // Every (minNodes, t) with 2 ≤ t ≤ minNodes ≤ 6 against the rule 2t > minNodes, by brute force.
      for (let minNodes = 2; minNodes <= 6; minNodes++)
        for (let threshold = 2; threshold <= minNodes; threshold++) {
          const job = createJob(store, { ...JOB, minNodes, threshold }, 'c', T0);
          if (2 * threshold > minNodes) await expect(job).resolves.toMatchObject({ minNodes, threshold });
          else
            await expect(job).rejects.toThrow(
              `threshold must satisfy minNodes/2 < t ≤ minNodes; got t = ${threshold} for minNodes = ${minNodes}`,
            );
        }
      // A row written around the code is refused by the table's check: t = 2 of 4 nodes.
      const raw = store.query(
        `INSERT INTO jobs (kind, parameters, min_nodes, threshold, created_at, deadline, updated_at)
         VALUES ('copula', '{}', 4, 2, $1, $2, $1)`,
        [T0, minutes(60)],
      );
      expect(sqlState(await raw.catch((e: unknown) => e))).toBe('23514');
    });

    it('remembers a nonce once: a replay, even a simultaneous one, is refused', async () => {
      const seen = { keyId: 'k1', nonce: 'n-42', expiresAt: minutes(10), now: T0 };
      const { won, lost } = await race(Array.from({ length: 5 }, () => rememberNonce(store, seen)));
      expect(lost).toHaveLength(0);
      expect(won.map((w) => w.value).filter(Boolean)).toHaveLength(1);
      expect(await rememberNonce(store, seen)).toBe(false);
      expect(await rememberNonce(store, { ...seen, keyId: 'k2' })).toBe(true);
      // Held while now <= expiresAt, as in the wire's memory store: kept at the instant it expires.
      expect(await forgetExpiredNonces(store, minutes(9))).toBe(0);
      expect(await forgetExpiredNonces(store, minutes(10))).toBe(0);
      expect(await forgetExpiredNonces(store, new Date(minutes(10).getTime() + 1))).toBe(2);
      expect(await rememberNonce(store, { ...seen, now: minutes(11), expiresAt: minutes(20) })).toBe(true);
    });

    it('refuses a nonce whose window has passed, storing nothing, and holds one that expires now', async () => {
      const late = { keyId: 'k3', nonce: 'n-late', expiresAt: minutes(4), now: minutes(5) };
      expect(await rememberNonce(store, late)).toBe(false);
      const held = await store.query(`SELECT 1 FROM seen_nonces WHERE key_id = 'k3'`);
      expect(held.rows).toHaveLength(0);
      const edge = { keyId: 'k3', nonce: 'n-edge', expiresAt: minutes(5), now: minutes(5) };
      expect(await rememberNonce(store, edge)).toBe(true);
      expect(await rememberNonce(store, edge)).toBe(false);
    });

    it('keeps one upload per (job, round, node), byte for byte, and none after the round closed', async () => {
      const a = await enrolled();
      const b = await enrolled();
      const id = await collectingJob();
      await openRound(store, id, {
        round: 0,
        purpose: 'masked-input',
        deadline: minutes(30),
        now: minutes(2),
      });
      const payload = bytes(4096, 'payload');
      const upload = { jobId: id, round: 0, nodeName: a.nodeName, keyId: a.keyId, payload, now: minutes(3) };
      await recordSubmission(store, upload);
      await expect(recordSubmission(store, { ...upload, payload: bytes(8, 'other') })).rejects.toThrow(
        /already submitted .* never replaced/,
      );
      const late = { ...upload, nodeName: b.nodeName, keyId: b.keyId, now: minutes(30) };
      await expect(recordSubmission(store, late)).rejects.toThrow(/closed to uploads at its deadline/);
      await expect(recordSubmission(store, { ...upload, round: 7 })).rejects.toMatchObject({
        problem: 'not-found',
      });
      const [stored] = await submissionsOf(store, id, 0);
      expect(stored.nodeName).toBe(a.nodeName);
      expect(Buffer.from(stored.payload).equals(Buffer.from(payload))).toBe(true);
      await closeRound(store, id, 0, 'closed', minutes(4));
      await expect(recordSubmission(store, { ...late, now: minutes(5) })).rejects.toThrow(/is 'closed'/);
      await expect(closeRound(store, id, 0)).rejects.toThrow(/from 'closed' to 'closed'/);
      await expect(
        openRound(store, id, { round: 0, purpose: 'again', deadline: minutes(40) }),
      ).rejects.toThrow(/already has a round 0/);
    });

    it('keeps one shareable report per centre and job', async () => {
      const a = await enrolled();
      const id = await collectingJob();
      await recordCentreReport(store, id, a.nodeName, { verdict: 'pass', rows: 412 }, minutes(3));
      await expect(recordCentreReport(store, id, a.nodeName, { verdict: 'fail' })).rejects.toThrow(
        /already sent/,
      );
      const reports = await centreReports(store, id);
      expect(reports.map((r) => [r.nodeName, r.report])).toEqual([
        [a.nodeName, { verdict: 'pass', rows: 412 }],
      ]);
    });

    it('keeps the audit log append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
      const before = await readAudit(store);
      expect(before.length).toBeGreaterThan(0);
      for (const sql of [
        `UPDATE audit_log SET actor = 'someone else'`,
        'DELETE FROM audit_log',
        'TRUNCATE audit_log',
      ]) {
        const error = await store.query(sql).catch((e: unknown) => e);
        expect(sqlState(error)).toBe('42501');
        expect((error as Error).message).toMatch(/append-only/);
      }
      expect(await readAudit(store)).toEqual(before);
      const dump = { actor: 'hub', action: 'job.sum', detail: { vector: [1, 2, 3] as unknown as string } };
      // A vector in an audit entry is refused before it reaches the database.
      const refused = await appendAudit(store, dump, T0).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(HubStateError);
      expect((refused as Error).message).toMatch(/audit event refused: detail\.vector/);
    });

    it('resumes after a restart: a collecting job, its rounds and uploads are read back', async () => {
      const a = await enrolled();
      const id = await collectingJob();
      await openRound(store, id, {
        round: 0,
        purpose: 'masked-input',
        deadline: minutes(30),
        now: minutes(2),
      });
      await recordSubmission(store, {
        jobId: id,
        round: 0,
        nodeName: a.nodeName,
        keyId: a.keyId,
        payload: bytes(64, 'restart'),
        now: minutes(3),
      });
      await store.close();
      store = await open();
      expect(await migrate(store)).toEqual([]);
      const resumed = (await unfinishedJobs(store)).find((job) => job.id === id);
      expect(resumed).toMatchObject({
        status: 'collecting',
        minNodes: 3,
        threshold: 2,
        parameters: JOB.parameters,
      });
      expect((await roundsOf(store, id)).map((r) => [r.round, r.status])).toEqual([[0, 'open']]);
      expect(await submittersOf(store, id, 0)).toEqual([a.nodeName]);
      expect((await activeKey(store, a.keyId))?.nodeName).toBe(a.nodeName);
    });
  });
}
