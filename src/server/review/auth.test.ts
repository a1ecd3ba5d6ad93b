/** Accounts, sessions and the lock-out on the embedded database (PGlite); see auth-suite.ts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, vi } from 'vitest';
import { openMigratedEmbeddedStore } from '../store/test-support/migrated-embedded.js';
import { reviewLockoutSuite } from './auth-lockout-suite.js';
import { reviewAuthSuite } from './auth-suite.js';

// The data routes have suites of their own; these tests need only the plugin's own routes, and
// leaving them out spares importing the generators (~1.4 s of CPU per file, measured).
vi.mock('./routes.js', () => ({ reviewRoutes: () => [] }));

const root = mkdtempSync(join(tmpdir(), 'synthcohort-review-auth-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Each suite a fresh database of its own, copied from a migrated template (see migrated-embedded.ts).
reviewAuthSuite('PGlite (embedded)', () => openMigratedEmbeddedStore(join(root, 'db')));
reviewLockoutSuite('PGlite (embedded)', () => openMigratedEmbeddedStore(join(root, 'lockout-db')));
