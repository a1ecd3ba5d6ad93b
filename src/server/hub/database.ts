/**
 * Which PostgreSQL the hub keeps its state in: the embedded one under its state folder (PGlite, the
 * default) or a server. Either way the same migrations run before anything else touches it.
 */
import { join } from 'node:path';
import { migrate, openEmbeddedStore, openServerStore, type Store } from '../store/index.js';

/** A `postgres://` address, or one with the schema to keep the hub's tables in. */
export type DatabaseOption = string | { url: string; schema?: string };

export function embeddedDatabaseDir(stateDir: string): string {
  return join(stateDir, 'database');
}

/** Opens and migrates the hub's database. */
export async function openHubStore(stateDir: string, database?: DatabaseOption): Promise<Store> {
  const store =
    database === undefined
      ? await openEmbeddedStore(embeddedDatabaseDir(stateDir))
      : typeof database === 'string'
        ? await openServerStore(database)
        : await openServerStore(database.url, database.schema ? { schema: database.schema } : {});
  try {
    await migrate(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
