/**
 * The embedded backend: PostgreSQL compiled to WebAssembly (PGlite) running inside the hub's
 * process, its data directory under the hub's state folder. Nothing to install or administer, so
 * it is the default; one process only (a lock file guards the folder, `embedded-lock.ts`), one
 * connection, so transactions run one after another.
 */
import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { lockDatabaseFolder } from './embedded-lock.js';
import { HubStateError } from './errors.js';
import type { Queryable, QueryResult, Store } from './store.js';

/** Opens (creating it on first use, ~5 s for initdb) the embedded database in `dir`. */
export async function openEmbeddedStore(dir: string): Promise<Store> {
  // Owner only: the folder holds the audit log, token hashes and nodes' uploads, which no other
  // user of the machine needs to read (a folder that already exists keeps its mode).
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const unlock = lockDatabaseFolder(dir);
  let db: PGlite;
  try {
    db = await PGlite.create(dir);
  } catch (error) {
    unlock();
    throw new HubStateError(
      'unavailable',
      `cannot open the embedded database in ${dir}: ${messageOf(error)}`,
      {
        cause: error,
      },
    );
  }
  let closed = false;
  return {
    backend: 'embedded',
    ...queryable(db),
    transaction: (work) => db.transaction((tx) => work(queryable(tx))),
    async close() {
      if (closed) return;
      closed = true;
      try {
        await db.close();
      } finally {
        unlock();
      }
    },
  };
}

function queryable(db: PGlite | Transaction): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await db.query<Row>(sql, [...params]);
      return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
