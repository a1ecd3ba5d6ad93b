/** Accounts, sessions and the lock-out on the embedded database (PGlite); see auth-suite.ts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, vi } from 'vitest';
import { migrate, openEmbeddedStore } from '../store/index.js';
import { reviewLockoutSuite } from './auth-lockout-suite.js';
import { reviewAuthSuite } from './auth-suite.js';

// The data routes have suites of their own; these tests need only the plugin's own routes.
vi.mock('./routes.js', () => ({ reviewRoutes: () => [] }));

const root = mkdtempSync(join(tmpdir(), 'synthcohort-review-auth-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

reviewAuthSuite('PGlite (embedded)', async () => {
  const store = await openEmbeddedStore(join(root, 'db'));
  await migrate(store);
  return store;
});

reviewLockoutSuite('PGlite (embedded)', async () => {
  const store = await openEmbeddedStore(join(root, 'lockout-db'));
  await migrate(store);
  return store;
});
