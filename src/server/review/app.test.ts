/** The standalone review app on a real loopback socket: starts, serves the UI and the API, closes. */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { embeddedDatabaseDir } from '../hub/database.js';
import { copyMigratedEmbeddedDatabase } from '../store/test-support/migrated-embedded.js';
import { CSRF_HEADER, Session } from './api.js';
import { STANDALONE_BODY_LIMIT, startReviewApp } from './app.js';
import { amlReviewFixture } from './routes-fixture.js';

vi.mock('./routes.js', () => ({ reviewRoutes: () => [] }));

const root = mkdtempSync(join(tmpdir(), 'synthcohort-review-app-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * A state folder whose embedded database is already made (copied from a migrated template): for the
 * tests about something other than a first start on an empty folder, which the first test covers;
 * each spares PGlite's initdb (~4 s).
 */
async function madeStateFolder(name: string): Promise<string> {
  const dir = join(root, name);
  await copyMigratedEmbeddedDatabase(embeddedDatabaseDir(dir));
  return dir;
}

/**
 * The status a POST announcing `length` bytes gets before any byte of the body is sent: a limit is
 * enforced on Content-Length, and a server that would read the body instead never answers (reject).
 */
function statusOfAnnounced(url: string, length: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const sent = request(`${url}/review/api/logout`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(length) },
    });
    const timer = setTimeout(() => {
      sent.destroy();
      reject(new Error(`no answer to a ${length}-byte body within 5 s: the server is reading it`));
    }, 5000);
    sent.on('response', (response) => {
      clearTimeout(timer);
      response.resume();
      sent.destroy();
      resolve(response.statusCode ?? 0);
    });
    sent.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    sent.flushHeaders();
  });
}

describe('the standalone review app', () => {
  it('starts on 127.0.0.1:0, serves /review/ and the API, closes, and reopens its state', async () => {
    const dir = join(root, 'state');
    const app = await startReviewApp({
      dir,
      listen: { host: '127.0.0.1', port: 0 },
      bits: seededRandomBits('review-app-test'),
    });
    let closed = false;
    try {
      expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:[0-9]+$/);
      expect(app.cohortId).toBeNull();
      expect(app.coordinator?.name).toBe('coordinator');
      expect(statSync(dir).mode & 0o077).toBe(0);
      const root = await fetch(`${app.url}/`, { redirect: 'manual' });
      expect(root.status).toBe(302);
      expect(root.headers.get('location')).toBe('/review/');
      const page = await fetch(`${app.url}/review/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toContain('<div id="app">');
      // A client-side route survives a reload.
      const deep = await fetch(`${app.url}/review/cohorts/3/records`);
      expect(await deep.text()).toContain('<div id="app">');
      const login = await fetch(`${app.url}/review/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'coordinator', password: app.coordinator?.password }),
      });
      expect(login.status).toBe(200);
      expect(Session.parse(await login.json()).user.role).toBe('coordinator');
      expect(login.headers.get('set-cookie')).toMatch(/^synthcohort_review=.*HttpOnly/);
      await app.close();
      closed = true;
      await expect(fetch(`${app.url}/review/`)).rejects.toThrow();
    } finally {
      if (!closed) await app.close();
    }
    // The same folder again: the database is released and kept; the coordinator exists already.
    const again = await startReviewApp({ dir, listen: { host: '127.0.0.1', port: 0 } });
    expect(again.coordinator).toBeNull();
    await again.close();
    await again.close();
  }, 60_000);

  it('creates the cohort on first start and reopens the same one afterwards', async () => {
    const { csv, model } = amlReviewFixture();
    const dir = await madeStateFolder('cohort');
    const cohort = { name: 'aml round 1', purpose: 'check the AML copula', syntheticCsv: csv, model };
    const first = await startReviewApp({ dir, listen: { host: '127.0.0.1', port: 0 }, cohort });
    await first.close();
    const second = await startReviewApp({ dir, listen: { host: '127.0.0.1', port: 0 }, cohort });
    await second.close();
    expect(first.cohortId).toEqual(expect.any(Number));
    expect(second.cohortId).toBe(first.cohortId);
  }, 120_000);

  it('refuses a network-facing address', async () => {
    const dir = join(root, 'refused');
    await expect(startReviewApp({ dir, listen: { host: '0.0.0.0', port: 0 } })).rejects.toThrow(
      /plain HTTP on this machine only.*behind the hub's HTTPS/,
    );
  });

  it('tells a developer to build the UI when its files are missing', async () => {
    const app = await startReviewApp({
      dir: await madeStateFolder('no-ui'),
      listen: { host: '127.0.0.1', port: 0 },
      uiFolder: join(root, 'nowhere'),
    });
    try {
      const page = await fetch(`${app.url}/review/`);
      expect(page.status).toBe(500);
      expect(((await page.json()) as { error: string }).error).toMatch(/npm run build/);
      const api = await fetch(`${app.url}/review/api/session`);
      expect(api.status).toBe(401);
    } finally {
      await app.close();
    }
  }, 60_000);

  it("refuses a body over the hub's 64 MiB from the Content-Length, before reading it", async () => {
    const app = await startReviewApp({
      dir: await madeStateFolder('body-limit'),
      listen: { host: '127.0.0.1', port: 0 },
      bits: seededRandomBits('review-app-body-limit'),
    });
    try {
      const login = await fetch(`${app.url}/review/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'coordinator', password: app.coordinator?.password }),
      });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
      const { csrf } = Session.parse(await login.json());
      const headers = { cookie, [CSRF_HEADER]: csrf };
      expect(await statusOfAnnounced(app.url, STANDALONE_BODY_LIMIT + 1, headers)).toBe(413);
      expect(await statusOfAnnounced(app.url, 200 * 1024 * 1024, headers)).toBe(413);
    } finally {
      await app.close();
    }
  }, 60_000);
});
