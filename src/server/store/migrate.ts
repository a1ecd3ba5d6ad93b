/**
 * Brings a database up to the migrations this version knows, idempotently: applied migrations are
 * recorded in `schema_migrations` (id, SHA-256 of the text, time) and skipped. Everything happens
 * in one transaction, under an advisory lock per schema, so that two hubs starting at once against
 * one server apply each migration once: the second waits, then finds them recorded. (The embedded
 * backend has one process by construction; the lock costs nothing there.)
 */
import { createHash } from 'node:crypto';
import { HubStateError } from './errors.js';
import { HUB_MIGRATIONS, type Migration } from './migrations.js';
import type { Store } from './store.js';

/** Applies what is missing; returns the ids applied now (empty when the database was up to date). */
export async function migrate(
  store: Store,
  migrations: readonly Migration[] = HUB_MIGRATIONS,
): Promise<string[]> {
  checkOrder(migrations);
  return store.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('synthcohort.hub.migrate.' || current_schema()))`);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await tx.query<{ id: string; checksum: string }>(
      'SELECT id, checksum FROM schema_migrations ORDER BY id',
    );
    const known = new Map(migrations.map((m) => [m.id, m]));
    for (const row of rows) {
      const migration = known.get(row.id);
      if (!migration)
        throw new HubStateError(
          'schema',
          `the database has migration '${row.id}', which this version does not know: it was written by a newer synthcohort`,
        );
      if (checksum(migration) !== row.checksum)
        throw new HubStateError(
          'schema',
          `migration '${row.id}' differs from the one applied to this database: a released migration was edited`,
        );
    }
    const applied = new Set(rows.map((r) => r.id));
    const now: string[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.id)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (id, checksum) VALUES ($1, $2)', [
        migration.id,
        checksum(migration),
      ]);
      now.push(migration.id);
    }
    return now;
  });
}

function checksum(migration: Migration): string {
  return createHash('sha256').update(migration.sql).digest('hex');
}

function checkOrder(migrations: readonly Migration[]): void {
  for (let i = 1; i < migrations.length; i++)
    if (migrations[i - 1].id >= migrations[i].id)
      throw new HubStateError(
        'invalid',
        `migrations must be listed in increasing id order: '${migrations[i - 1].id}' comes before '${migrations[i].id}'`,
      );
}
