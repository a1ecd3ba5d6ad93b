/**
 * The review app in process for tests: a migrated database (unless a store is given, a fresh
 * embedded PGlite in a temporary folder, copied from a migrated template: see
 * ../store/test-support/migrated-embedded.ts), the plugin on a fastify instance made as the
 * standalone app makes it, and helpers to add accounts and sign in. Requests go through
 * `app.inject`, no socket. Seeded randomness: test tokens and passwords only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { type RandomBits, seededRandomBits } from '../../privacy/random-bits.js';
import { answerErrors, keepRawBodies } from '../hub/http.js';
import type { Store } from '../store/index.js';
import { openMigratedEmbeddedStore } from '../store/test-support/migrated-embedded.js';
import { API_PREFIX, CSRF_HEADER, type Role, Session } from './api.js';
import type { ReviewContext, SiteData } from './context.js';
import { reviewPlugin } from './plugin.js';
import { createUser, generatePassword } from './users.js';

export interface TestReviewApp {
  app: FastifyInstance;
  ctx: ReviewContext;
  /** A new account with a generated password. */
  addUser(name: string, role: Role): Promise<{ name: string; password: string }>;
  /** Signs in; `headers` (cookie + CSRF) go on every later request: `app.inject({ …, headers })`. */
  login(
    name: string,
    password: string,
  ): Promise<{ cookie: string; csrf: string; headers: Record<string, string> }>;
  close(): Promise<void>;
}

export interface TestReviewOptions {
  site?: SiteData;
  /** A migrated store to use (and leave open); default: a fresh embedded one, removed on close. */
  store?: Store;
  /** Default: the real clock. */
  clock?: () => number;
  bits?: RandomBits;
  /** Cookies as over HTTPS (`Secure`, `__Host-`). */
  https?: boolean;
  /** Sign-ins per minute per address: high by default, so suites that sign in often are not limited. */
  loginPerMinute?: number;
  uiFolder?: string;
}

export async function openTestReviewApp(options: TestReviewOptions = {}): Promise<TestReviewApp> {
  let folder: string | undefined;
  let store = options.store;
  if (!store) {
    folder = mkdtempSync(join(tmpdir(), 'synthcohort-review-'));
    store = await openMigratedEmbeddedStore(join(folder, 'database'));
  }
  const bits = options.bits ?? seededRandomBits('review-test-app');
  const ctx: ReviewContext = {
    store,
    clock: options.clock ?? Date.now,
    bits: bits.split('app'),
    https: options.https ?? false,
    ...(options.site ? { site: options.site } : {}),
  };
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024 });
  keepRawBodies(app);
  answerErrors(app);
  await app.register(
    reviewPlugin(ctx, {
      loginPerMinute: options.loginPerMinute ?? 10_000,
      ...(options.uiFolder ? { uiFolder: options.uiFolder } : {}),
    }),
  );
  await app.ready();
  const passwords = bits.split('passwords');
  const opened = store;
  return {
    app,
    ctx,
    async addUser(name, role) {
      const password = generatePassword(passwords);
      await opened.transaction((tx) =>
        createUser(tx, { name, role, password }, 'test', new Date(ctx.clock()), passwords),
      );
      return { name, password };
    },
    async login(name, password) {
      const response = await app.inject({
        method: 'POST',
        url: `${API_PREFIX}/login`,
        payload: { name, password },
      });
      if (response.statusCode !== 200)
        throw new Error(`login as ${name} answered ${response.statusCode}: ${response.body}`);
      const session = Session.parse(response.json());
      const set = response.cookies.find((c) => c.name.endsWith('synthcohort_review'));
      if (!set) throw new Error('login set no session cookie');
      const cookie = `${set.name}=${set.value}`;
      return { cookie, csrf: session.csrf, headers: { cookie, [CSRF_HEADER]: session.csrf } };
    },
    async close() {
      await app.close();
      if (folder) {
        await opened.close();
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}

/** An app whose clock the test moves: `advance` by some milliseconds, `now` to read it. */
export interface ClockedReviewApp extends TestReviewApp {
  advance(ms: number): void;
  now(): number;
}

/** A test app on `store` whose clock starts at `start` and moves only when the test says. */
export async function openClockedReviewApp(
  store: Store,
  start: number,
  options: Omit<TestReviewOptions, 'store' | 'clock'> = {},
): Promise<ClockedReviewApp> {
  let now = start;
  const opened = await openTestReviewApp({ ...options, store, clock: () => now });
  return Object.assign(opened, {
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
  });
}
