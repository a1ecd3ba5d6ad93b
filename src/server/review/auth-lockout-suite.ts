/**
 * The account lock-out under attack, run against every backend (auth.test.ts on PGlite,
 * auth-server.test.ts on a PostgreSQL server, where a pool runs attempts really in parallel):
 * concurrent guesses from many addresses, a success among an attacker's failures, the table and the
 * audit log not growing with refused attempts, and small bodies on the sign-in routes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandomBits } from '../../privacy/random-bits.js';
import type { Store } from '../store/index.js';
import { API_PREFIX } from './api.js';
import { LOCKOUT_MINUTES, MAX_LOGIN_FAILURES } from './auth.js';
import {
  type ClockedReviewApp,
  openClockedReviewApp,
  type TestReviewApp,
  type TestReviewOptions,
} from './test-support.js';

const T0 = Date.parse('2030-04-01T09:00:00Z');
const WINDOW_MS = LOCKOUT_MINUTES * 60_000;
const api = (path: string) => `${API_PREFIX}${path}`;

export function reviewLockoutSuite(backend: string, open: () => Promise<Store>): void {
  describe(`review sign-in lock-out under attack on ${backend}`, () => {
    let store: Store;
    const apps: TestReviewApp[] = [];

    async function app(options: TestReviewOptions = {}): Promise<ClockedReviewApp> {
      const opened = await openClockedReviewApp(store, T0, {
        bits: seededRandomBits(`lockout-suite-${apps.length}`),
        ...options,
      });
      apps.push(opened);
      return opened;
    }

    const login = (t: TestReviewApp, name: string, password: string, remoteAddress = '127.0.0.1') =>
      t.app.inject({ method: 'POST', url: api('/login'), remoteAddress, payload: { name, password } });

    async function rowsOf(name: string): Promise<number> {
      const { rows } = await store.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM review_login_failures WHERE user_name = $1',
        [name],
      );
      return rows[0].n;
    }

    async function auditOf(actor: string, action: string): Promise<Record<string, unknown>[]> {
      const { rows } = await store.query<{ detail: Record<string, unknown> }>(
        'SELECT detail FROM audit_log WHERE actor = $1 AND action = $2 ORDER BY seq',
        [actor, action],
      );
      return rows.map((row) => row.detail);
    }

    beforeAll(async () => {
      store = await open();
    }, 60_000);
    afterAll(async () => {
      for (const opened of apps) await opened.close();
      await store?.close();
    });

    it('lets at most 5 of 40 simultaneous guesses from 10 addresses reach the password check', async () => {
      // 4 attempts per address stay under the per-address limit: only the account lock-out stops them.
      const t = await app({ loginPerMinute: 10 });
      const victim = await t.addUser('burst-victim', 'reviewer');
      const n = 40;
      const replies = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          login(
            t,
            victim.name,
            i === n - 1 ? victim.password : `wrong-${i}`,
            `10.0.${Math.floor(i / 4)}.${(i % 4) + 1}`,
          ),
        ),
      );
      const codes = replies.map((reply) => reply.statusCode);
      // A 401 (or a 200) is an answer from scrypt; a 429 was refused before it.
      expect(codes.filter((code) => code === 401 || code === 200).length).toBe(MAX_LOGIN_FAILURES);
      expect(codes.filter((code) => code === 429).length).toBe(n - MAX_LOGIN_FAILURES);
      // The right password, sent after the limit was reached, is refused like any other guess.
      expect(codes[n - 1]).toBe(429);
      expect(await rowsOf(victim.name)).toBe(MAX_LOGIN_FAILURES);
      expect((await auditOf(victim.name, 'review.login-failed')).length).toBe(MAX_LOGIN_FAILURES);
    }, 120_000);

    it('bounds concurrent guesses of the current password behind a stolen session too', async () => {
      const t = await app();
      const ann = await t.addUser('burst-ann', 'reviewer');
      const { headers } = await t.login(ann.name, ann.password);
      const codes = (
        await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            t.app.inject({
              method: 'POST',
              url: api('/password'),
              headers,
              payload: { current: `not-it-${i}`, next: 'a brand new password' },
            }),
          ),
        )
      ).map((reply) => reply.statusCode);
      expect(codes.filter((code) => code === 403).length).toBe(MAX_LOGIN_FAILURES);
      expect(codes.filter((code) => code === 429).length).toBe(12 - MAX_LOGIN_FAILURES);
    });

    it("keeps an attacker's failures when the owner signs in, so a success buys no new guesses", async () => {
      const t = await app();
      const owner = await t.addUser('keep-owner', 'reviewer');
      for (let i = 0; i < 3; i++) expect((await login(t, owner.name, `guess-${i}`)).statusCode).toBe(401);
      t.advance(60_000);
      expect((await login(t, owner.name, owner.password)).statusCode).toBe(200);
      // The success removed its own attempt only.
      expect(await rowsOf(owner.name)).toBe(3);
      for (let i = 3; i < MAX_LOGIN_FAILURES; i++)
        expect((await login(t, owner.name, `guess-${i}`)).statusCode).toBe(401);
      const locked = await login(t, owner.name, owner.password);
      expect(locked.statusCode).toBe(429);
      // The first guess was at 09:00: the account opens at 09:15, when it ages out of the window.
      expect(locked.json().error).toMatch(/try again after 09:15 UTC/);
      t.advance(WINDOW_MS - 60_000);
      expect((await login(t, owner.name, owner.password)).statusCode).toBe(200);
    });

    it('sweeps attempts older than the window, unknown names included', async () => {
      const t = await app();
      for (let i = 0; i < 6; i++) expect((await login(t, `sweep-ghost-${i}`, 'x')).statusCode).toBe(401);
      expect(await rowsOf('sweep-ghost-0')).toBe(1);
      t.advance(WINDOW_MS + 1);
      expect((await login(t, 'sweep-someone', 'x')).statusCode).toBe(401);
      const { rows } = await store.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM review_login_failures WHERE user_name LIKE 'sweep-ghost-%'",
      );
      expect(rows[0].n).toBe(0);
      const cutoff = new Date(t.now() - WINDOW_MS);
      const stale = await store.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM review_login_failures WHERE at <= $1',
        [cutoff],
      );
      expect(stale.rows[0].n).toBe(0);
    });

    it('audits a lock-out once when it starts, not once per refused attempt', async () => {
      const t = await app();
      const name = 'audit-once-ghost';
      for (let i = 0; i < MAX_LOGIN_FAILURES; i++)
        expect((await login(t, name, `w${i}`)).statusCode).toBe(401);
      for (let i = 0; i < 20; i++) expect((await login(t, name, `r${i}`)).statusCode).toBe(429);
      const first = await auditOf(name, 'review.login-locked');
      expect(first).toEqual([{ until: new Date(T0 + WINDOW_MS).toISOString() }]);
      // Refused attempts are not failures: they neither extend the lock nor add rows.
      expect(await rowsOf(name)).toBe(MAX_LOGIN_FAILURES);
      expect((await auditOf(name, 'review.login-failed')).length).toBe(MAX_LOGIN_FAILURES);
      // A new lock-out after this one ends is audited again.
      t.advance(WINDOW_MS + 1);
      for (let i = 0; i < MAX_LOGIN_FAILURES; i++)
        expect((await login(t, name, `v${i}`)).statusCode).toBe(401);
      for (let i = 0; i < 3; i++) expect((await login(t, name, `s${i}`)).statusCode).toBe(429);
      expect((await auditOf(name, 'review.login-locked')).length).toBe(2);
    });

    it('refuses a sign-in or password body over 4 KiB before reading it', async () => {
      const t = await app();
      const big = await login(t, 'big-body', 'x'.repeat(5000));
      expect(big.statusCode).toBe(413);
      expect(big.json().error).toEqual(expect.any(String));
      expect(await rowsOf('big-body')).toBe(0);
      const pat = await t.addUser('big-pat', 'reviewer');
      const { headers } = await t.login(pat.name, pat.password);
      const change = await t.app.inject({
        method: 'POST',
        url: api('/password'),
        headers,
        payload: { current: pat.password, next: 'y'.repeat(5000) },
      });
      expect(change.statusCode).toBe(413);
      // A body of the allowed size still signs in.
      expect((await login(t, pat.name, pat.password)).statusCode).toBe(200);
    });
  });
}
