import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from './embedded.js';
import { lockDatabaseFolder } from './embedded-lock.js';
import { hubStateSuite } from './test-support/hub-state-suite.js';

const root = mkdtempSync(join(tmpdir(), 'synthcohort-hub-state-'));
const dir = join(root, 'db');
afterAll(() => rmSync(root, { recursive: true, force: true }));

hubStateSuite('PGlite (embedded)', () => openEmbeddedStore(dir));

describe('the embedded database folder', () => {
  it('is readable by its owner only (audit log, token hashes, uploads)', () => {
    // Opened by the suite above; the folder was created by openEmbeddedStore.
    expect(statSync(dir).mode & 0o077).toBe(0);
  });
});

describe('the embedded database folder lock', () => {
  it('refuses a second opener while the first holds the folder, then lets it in', () => {
    const folder = join(root, 'locked');
    const release = lockDatabaseFolder(folder);
    expect(() => lockDatabaseFolder(folder)).toThrow(
      new RegExp(`open in another process \\(process ${process.pid} `),
    );
    release();
    lockDatabaseFolder(folder)();
  });

  it('takes over a lock left by a process that is gone', () => {
    const folder = join(root, 'stale');
    const child = spawnSync(process.execPath, ['-e', '0']);
    const dead = { pid: child.pid, host: hostname(), since: '2030-01-01T00:00:00Z' };
    writeFileSync(`${folder}.lock`, JSON.stringify(dead));
    lockDatabaseFolder(folder)();
    // A holder on another host cannot be checked from here: it counts as alive.
    writeFileSync(`${folder}.lock`, JSON.stringify({ ...dead, host: 'elsewhere' }));
    expect(() => lockDatabaseFolder(folder)).toThrow(/process \d+ on elsewhere/);
  });
});
