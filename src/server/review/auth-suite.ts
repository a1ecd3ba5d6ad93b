/**
 * The review app's accounts and sessions, run against every backend (auth.test.ts on PGlite,
 * auth-server.test.ts on a PostgreSQL server): `open` gives a migrated store shared by the suite's
 * apps; each test uses names of its own, so lock-outs and sessions never cross tests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandomBits } from '../../privacy/random-bits.js';
import type { Store } from '../store/index.js';
import { integerOf } from '../store/store.js';
import { API_PREFIX, AuditList, CSRF_HEADER, Session, UserList } from './api.js';
import { REVIEW_CSP } from './security-headers.js';
import {
  type ClockedReviewApp,
  openClockedReviewApp,
  type TestReviewApp,
  type TestReviewOptions,
} from './test-support.js';
import { ensureCoordinator } from './users.js';

const T0 = Date.parse('2030-03-01T09:00:00Z');
const api = (path: string) => `${API_PREFIX}${path}`;

export function reviewAuthSuite(backend: string, open: () => Promise<Store>): void {
  describe(`review accounts and sessions on ${backend}`, () => {
    let store: Store;
    const apps: TestReviewApp[] = [];

    async function app(options: TestReviewOptions = {}): Promise<ClockedReviewApp> {
      const opened = await openClockedReviewApp(store, T0, {
        bits: seededRandomBits(`auth-suite-${apps.length}`),
        ...options,
      });
      apps.push(opened);
      return opened;
    }

    beforeAll(async () => {
      store = await open();
    }, 60_000);
    afterAll(async () => {
      for (const opened of apps) await opened.close();
      await store?.close();
    });

    it('makes the first coordinator once, with a generated password that signs in', async () => {
      const t = await app();
      const first = await ensureCoordinator(t.ctx, 'first-coord');
      expect(first?.name).toBe('first-coord');
      expect(first?.password).toMatch(/^[A-Za-z2-9]{20}$/);
      expect(await ensureCoordinator(t.ctx, 'second-coord')).toBeNull();
      const signedIn = await t.login('first-coord', first?.password ?? '');
      const session = await t.app.inject({ method: 'GET', url: api('/session'), headers: signedIn.headers });
      expect(Session.parse(session.json()).user).toEqual({ name: 'first-coord', role: 'coordinator' });
    });

    it('signs in with the right password; a wrong password and an unknown name get one answer', async () => {
      const t = await app();
      const alice = await t.addUser('alice', 'reviewer');
      const ok = await t.app.inject({ method: 'POST', url: api('/login'), payload: alice });
      expect(ok.statusCode).toBe(200);
      expect(Session.parse(ok.json())).toMatchObject({
        user: { name: 'alice', role: 'reviewer' },
        siteData: false,
      });
      const wrong = await t.app.inject({
        method: 'POST',
        url: api('/login'),
        payload: { name: 'alice', password: `${alice.password}x` },
      });
      const unknown = await t.app.inject({
        method: 'POST',
        url: api('/login'),
        payload: { name: 'nobody-here', password: alice.password },
      });
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.body).toBe(unknown.body);
      expect(wrong.json()).toEqual({ error: 'name or password is wrong' });
      expect(wrong.headers['set-cookie']).toBeUndefined();
      const bad = await t.app.inject({ method: 'POST', url: api('/login'), payload: { name: 'alice' } });
      expect(bad.statusCode).toBe(400);
    });

    it('sets an HTTP-only, SameSite=Strict cookie; Secure with the __Host- prefix over HTTPS', async () => {
      for (const https of [false, true]) {
        const t = await app({ https });
        const user = await t.addUser(`cookie-${https}`, 'reviewer');
        const response = await t.app.inject({ method: 'POST', url: api('/login'), payload: user });
        const header = String(response.headers['set-cookie']);
        expect(header).toMatch(
          https ? /^__Host-synthcohort_review=[A-Za-z0-9_-]{43};/ : /^synthcohort_review=/,
        );
        expect(header).toContain('HttpOnly');
        expect(header).toContain('SameSite=Strict');
        expect(header).toContain('Path=/');
        expect(header).toContain('Max-Age=43200');
        expect(header).not.toMatch(/Domain=/i);
        if (https) expect(header).toContain('Secure');
        else expect(header).not.toContain('Secure');
        // The database holds the token's hash, never the token.
        const token = header.split(';')[0].split('=')[1];
        const { rows } = await store.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM review_sessions WHERE user_name = $1 AND encode(token_hash, $2) = $3',
          [user.name, 'escape', token],
        );
        expect(rows[0].n).toBe(0);
      }
    });

    it('refuses a write without the CSRF header or with a wrong one, and takes the right one', async () => {
      const t = await app();
      const coord = await t.addUser('csrf-coord', 'coordinator');
      const { cookie, csrf } = await t.login(coord.name, coord.password);
      const create = (headers: Record<string, string>, name: string) =>
        t.app.inject({
          method: 'POST',
          url: api('/users'),
          headers,
          payload: { name, role: 'reviewer', password: 'a long enough password' },
        });
      const missing = await create({ cookie }, 'csrf-one');
      expect(missing.statusCode).toBe(403);
      expect(missing.json().error).toMatch(/CSRF/);
      const wrongToken = `${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}`;
      expect((await create({ cookie, [CSRF_HEADER]: wrongToken }, 'csrf-two')).statusCode).toBe(403);
      // Another session's token is as wrong as a made-up one.
      const other = await t.login(coord.name, coord.password);
      expect((await create({ cookie, [CSRF_HEADER]: other.csrf }, 'csrf-three')).statusCode).toBe(403);
      const right = await create({ cookie, [CSRF_HEADER]: csrf }, 'csrf-four');
      expect(right.statusCode).toBe(200);
      expect(right.json()).toEqual({ name: 'csrf-four', role: 'reviewer' });
      const { rows } = await store.query(
        "SELECT name FROM review_users WHERE name LIKE 'csrf-%' ORDER BY name",
      );
      expect(rows.map((r) => r.name)).toEqual(['csrf-coord', 'csrf-four']);
      // Reads need no CSRF header, but a session.
      expect(
        (await t.app.inject({ method: 'GET', url: api('/users'), headers: { cookie } })).statusCode,
      ).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: api('/users') })).statusCode).toBe(401);
    });

    it('lets only a coordinator list and create accounts; the list names assigned cohorts', async () => {
      const t = await app();
      const coord = await t.addUser('list-coord', 'coordinator');
      const rev = await t.addUser('list-rev', 'reviewer');
      const reviewer = await t.login(rev.name, rev.password);
      expect(
        (await t.app.inject({ method: 'GET', url: api('/users'), headers: reviewer.headers })).statusCode,
      ).toBe(403);
      const created = await t.app.inject({
        method: 'POST',
        url: api('/users'),
        headers: reviewer.headers,
        payload: { name: 'list-sneaky', role: 'coordinator', password: 'a long enough password' },
      });
      expect(created.statusCode).toBe(403);
      expect(
        (await t.app.inject({ method: 'GET', url: api('/audit'), headers: reviewer.headers })).statusCode,
      ).toBe(403);
      const { rows } = await store.query<{ id: unknown }>(
        `INSERT INTO review_cohorts (name, version, schema, synthetic_csv, records, created_by, created_at)
         VALUES ('list cohort', 1, '{}'::jsonb, 'a', 1, 'list-coord', $1) RETURNING id`,
        [new Date(T0)],
      );
      const cohortId = integerOf(rows[0].id);
      await store.query('INSERT INTO review_assignments (cohort_id, user_name) VALUES ($1, $2)', [
        cohortId,
        rev.name,
      ]);
      const coordinator = await t.login(coord.name, coord.password);
      const list = UserList.parse(
        (await t.app.inject({ method: 'GET', url: api('/users'), headers: coordinator.headers })).json(),
      );
      expect(list.users.find((u) => u.name === 'list-rev')).toEqual({
        name: 'list-rev',
        role: 'reviewer',
        cohorts: [cohortId],
      });
      expect(list.users.find((u) => u.name === 'list-coord')).toEqual({
        name: 'list-coord',
        role: 'coordinator',
        cohorts: [],
      });
      const again = await t.app.inject({
        method: 'POST',
        url: api('/users'),
        headers: coordinator.headers,
        payload: { name: 'list-rev', role: 'reviewer', password: 'a long enough password' },
      });
      expect(again.statusCode).toBe(409);
      const short = await t.app.inject({
        method: 'POST',
        url: api('/users'),
        headers: coordinator.headers,
        payload: { name: 'list-short', role: 'reviewer', password: 'short' },
      });
      expect(short.statusCode).toBe(400);
    });

    it('locks an account after 5 failures in 15 minutes (429 saying when), for unknown names too', async () => {
      const t = await app();
      const bob = await t.addUser('lock-bob', 'reviewer');
      const attempt = (name: string, password: string) =>
        t.app.inject({ method: 'POST', url: api('/login'), payload: { name, password } });
      for (let i = 0; i < 5; i++) {
        expect((await attempt('lock-bob', `wrong-${i}`)).statusCode).toBe(401);
        expect((await attempt('lock-ghost', `wrong-${i}`)).statusCode).toBe(401);
        t.advance(60_000);
      }
      const locked = await attempt('lock-bob', bob.password);
      expect(locked.statusCode).toBe(429);
      // The first failure was at 09:00, so the account opens at 09:15.
      expect(locked.json().error).toMatch(/try again after 09:15 UTC/);
      expect(Number(locked.headers['retry-after'])).toBe(10 * 60);
      const ghost = await attempt('lock-ghost', 'anything');
      expect(ghost.statusCode).toBe(429);
      expect(ghost.json().error).toBe(locked.json().error);
      t.advance(10 * 60_000 + 1);
      expect((await attempt('lock-bob', bob.password)).statusCode).toBe(200);
      // A success removes its own attempt only: the failures at 09:01–09:04 still count, so one
      // more wrong password locks the account again (see auth-lockout-suite.ts for why).
      const { rows } = await store.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM review_login_failures WHERE user_name = $1',
        ['lock-bob'],
      );
      expect(rows[0].n).toBe(4);
      expect((await attempt('lock-bob', 'wrong')).statusCode).toBe(401);
      expect((await attempt('lock-bob', bob.password)).statusCode).toBe(429);
      t.advance(60_000);
      expect((await attempt('lock-bob', bob.password)).statusCode).toBe(200);
    });

    it('rate-limits sign-ins per address', async () => {
      const t = await app({ loginPerMinute: 3 });
      const carol = await t.addUser('rate-carol', 'reviewer');
      const from = (remoteAddress: string, password: string) =>
        t.app.inject({
          method: 'POST',
          url: api('/login'),
          remoteAddress,
          payload: { name: 'rate-carol', password },
        });
      for (let i = 0; i < 3; i++) expect((await from('192.0.2.7', 'wrong')).statusCode).toBe(401);
      const limited = await from('192.0.2.7', carol.password);
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error).toMatch(/too many sign-in attempts from this address: try again in/);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await from('192.0.2.8', carol.password)).statusCode).toBe(200);
    });

    it('logs out: the session row is gone and the cookie opens nothing', async () => {
      const t = await app();
      const dan = await t.addUser('out-dan', 'coordinator');
      const signedIn = await t.login(dan.name, dan.password);
      const out = await t.app.inject({ method: 'POST', url: api('/logout'), headers: signedIn.headers });
      expect(out.statusCode).toBe(204);
      expect(String(out.headers['set-cookie'])).toMatch(
        /^synthcohort_review=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/,
      );
      const { rows } = await store.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM review_sessions WHERE user_name = $1',
        [dan.name],
      );
      expect(rows[0].n).toBe(0);
      expect(
        (await t.app.inject({ method: 'GET', url: api('/session'), headers: signedIn.headers })).statusCode,
      ).toBe(401);
      expect(
        (await t.app.inject({ method: 'GET', url: api('/users'), headers: signedIn.headers })).statusCode,
      ).toBe(401);
    });

    it('ends a session after 12 hours', async () => {
      const t = await app();
      const eve = await t.addUser('expire-eve', 'coordinator');
      const signedIn = await t.login(eve.name, eve.password);
      t.advance(12 * 3600_000 - 1000);
      expect(
        (await t.app.inject({ method: 'GET', url: api('/users'), headers: signedIn.headers })).statusCode,
      ).toBe(200);
      t.advance(1000);
      const expired = await t.app.inject({ method: 'GET', url: api('/users'), headers: signedIn.headers });
      expect(expired.statusCode).toBe(401);
      expect(expired.json().error).toMatch(/sign in/);
      expect(
        (await t.app.inject({ method: 'GET', url: api('/session'), headers: signedIn.headers })).statusCode,
      ).toBe(401);
    });

    it('keeps a disabled account out, with the same answer as a wrong password', async () => {
      const t = await app();
      const fay = await t.addUser('disabled-fay', 'reviewer');
      const before = await t.login(fay.name, fay.password);
      await store.query('UPDATE review_users SET disabled_at = $1 WHERE name = $2', [new Date(T0), fay.name]);
      const refused = await t.app.inject({ method: 'POST', url: api('/login'), payload: fay });
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toEqual({ error: 'name or password is wrong' });
      expect(
        (await t.app.inject({ method: 'GET', url: api('/session'), headers: before.headers })).statusCode,
      ).toBe(401);
    });

    it('changes a password: the current one is checked, other sessions end', async () => {
      const t = await app();
      const gus = await t.addUser('pw-gus', 'reviewer');
      const here = await t.login(gus.name, gus.password);
      const elsewhere = await t.login(gus.name, gus.password);
      const change = (current: string, next: string) =>
        t.app.inject({
          method: 'POST',
          url: api('/password'),
          headers: here.headers,
          payload: { current, next },
        });
      expect((await change('not the password', 'a brand new password')).statusCode).toBe(403);
      expect((await change(gus.password, 'too short')).statusCode).toBe(400);
      expect((await change(gus.password, 'a brand new password')).statusCode).toBe(204);
      expect(
        (await t.app.inject({ method: 'GET', url: api('/session'), headers: here.headers })).statusCode,
      ).toBe(200);
      expect(
        (await t.app.inject({ method: 'GET', url: api('/session'), headers: elsewhere.headers })).statusCode,
      ).toBe(401);
      const old = await t.app.inject({ method: 'POST', url: api('/login'), payload: gus });
      expect(old.statusCode).toBe(401);
      await t.login(gus.name, 'a brand new password');
    });

    it('audits sign-ins, failures, sign-outs, password changes and new accounts, never a password', async () => {
      const t = await app();
      const coord = await t.addUser('audit-coord', 'coordinator');
      const hal = await t.addUser('audit-hal', 'reviewer');
      const typed = 'audit-typed-secret-1';
      await t.app.inject({
        method: 'POST',
        url: api('/login'),
        payload: { name: hal.name, password: typed },
      });
      const halIn = await t.login(hal.name, hal.password);
      await t.app.inject({
        method: 'POST',
        url: api('/password'),
        headers: halIn.headers,
        payload: { current: hal.password, next: 'audit-new-secret-22' },
      });
      await t.app.inject({ method: 'POST', url: api('/logout'), headers: halIn.headers });
      const coordIn = await t.login(coord.name, coord.password);
      await t.app.inject({
        method: 'POST',
        url: api('/users'),
        headers: coordIn.headers,
        payload: { name: 'audit-ivy', role: 'reviewer', password: 'audit-ivy-secret-333' },
      });
      const answer = await t.app.inject({ method: 'GET', url: api('/audit'), headers: coordIn.headers });
      expect(answer.statusCode).toBe(200);
      const { entries } = AuditList.parse(answer.json());
      const mine = entries.filter(
        (e) => e.actor.startsWith('audit-') || e.subject?.startsWith('user audit-'),
      );
      const actions = mine.map((e) => `${e.actor} ${e.action}`);
      // Newest first.
      expect(actions.slice(0, 7)).toEqual([
        'audit-coord review.user-create',
        'audit-coord review.login',
        'audit-hal review.logout',
        'audit-hal review.password',
        'audit-hal review.login',
        'audit-hal review.login-failed',
        'test review.user-create',
      ]);
      expect(mine.find((e) => e.action === 'review.login-failed')?.detail).toEqual({
        reason: 'wrong-password',
      });
      expect(entries.every((e) => e.action.startsWith('review.'))).toBe(true);
      const { rows } = await store.query<{ text: string }>(
        "SELECT string_agg(detail::text || coalesce(subject, '') || actor, ' ') AS text FROM audit_log",
      );
      for (const secret of [
        typed,
        hal.password,
        coord.password,
        'audit-new-secret-22',
        'audit-ivy-secret-333',
      ])
        expect(rows[0].text).not.toContain(secret);
    });

    it('puts its security headers on API answers and the UI, and no-store on the API', async () => {
      const t = await app();
      const probe = await t.app.inject({ method: 'GET', url: api('/session') });
      expect(probe.statusCode).toBe(401);
      expect(probe.headers).toMatchObject({
        'content-security-policy': REVIEW_CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
      expect(REVIEW_CSP).toContain("frame-ancestors 'self'");
      expect(REVIEW_CSP).toContain("object-src 'none'");
      const page = await t.app.inject({ method: 'GET', url: '/review/' });
      expect(page.headers['content-security-policy']).toBe(REVIEW_CSP);
      expect(page.headers['cache-control']).not.toBe('no-store');
    });
  });
}
