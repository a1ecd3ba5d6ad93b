/**
 * A fresh, migrated embedded database for tests in ~1 s instead of ~5 s. PGlite's initdb is most of
 * the cost of opening a new embedded store, and every test file that opens one pays it again (each
 * file runs in a process of its own). So the first caller on the machine builds a migrated template
 * once and every later one copies it: a copy of a cleanly closed data directory is the same database
 * a fresh initdb and `migrate` give.
 *
 * The template lives in the system's temporary folder under a name that hashes the PGlite release
 * and the migrations' text, so a new PGlite or a new migration builds a new template. It is built in
 * a folder of its own and renamed into place, which the file system does atomically: two workers
 * building it at once both succeed, one of them keeps its copy.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openEmbeddedStore } from '../embedded.js';
import { migrate } from '../migrate.js';
import { HUB_MIGRATIONS } from '../migrations.js';
import type { Store } from '../store.js';

/** Opens a new embedded store in `dir` (which must not exist), migrated to this version's schema. */
export async function openMigratedEmbeddedStore(dir: string): Promise<Store> {
  await copyMigratedEmbeddedDatabase(dir);
  return openEmbeddedStore(dir);
}

/** Makes `dir` (which must not exist) a migrated embedded database, for a program to open. */
export async function copyMigratedEmbeddedDatabase(dir: string): Promise<void> {
  const template = await migratedTemplate();
  mkdirSync(dirname(dir), { recursive: true });
  cpSync(template, dir, { recursive: true });
}

let built: Promise<string> | undefined;

function migratedTemplate(): Promise<string> {
  built ??= buildTemplate();
  return built;
}

async function buildTemplate(): Promise<string> {
  const template = join(tmpdir(), `synthcohort-test-pglite-${templateKey()}`);
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  const work = mkdtempSync(`${template}-building-`);
  const data = join(work, 'database');
  const store = await openEmbeddedStore(data);
  try {
    await migrate(store);
  } finally {
    await store.close();
  }
  try {
    renameSync(data, template);
  } catch (error) {
    // Another worker renamed its template into place first: theirs is the same database.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
  }
  rmSync(work, { recursive: true, force: true });
  return template;
}

/** The PGlite release and every migration's id and text. */
function templateKey(): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(pglitePackageJson()));
  for (const migration of HUB_MIGRATIONS) hash.update(`${migration.id}\n${migration.sql}\n`);
  return hash.digest('hex').slice(0, 16);
}

function pglitePackageJson(): string {
  // The package's exports do not include its package.json: walk up from its entry point.
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'package.json');
}
