/**
 * The server backend: a `pg` connection pool to a PostgreSQL server, for production hubs (backups,
 * replication and monitoring are the database administrator's, as for any other service). Several
 * hub processes may share one database; migrations take an advisory lock (`migrate.ts`).
 */
import pg from 'pg';
import { HubStateError, sqlState } from './errors.js';
import type { Queryable, QueryResult, Store } from './store.js';

export interface ServerStoreOptions {
  /**
   * A schema to keep the hub's tables in (created if missing), set as `search_path` on every
   * connection: one database can then hold several hubs, or the parallel runs of a test suite.
   */
  schema?: string;
  /** Connections in the pool (default 10). */
  maxConnections?: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Connects to `url` (`postgres://user@host:port/database`) and checks the server answers. */
export async function openServerStore(url: string, options: ServerStoreOptions = {}): Promise<Store> {
  const { schema } = options;
  if (schema !== undefined && !IDENTIFIER.test(schema))
    throw new HubStateError('invalid', `schema must be a lower-case SQL identifier, got '${schema}'`);
  const where = describeUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle connection the server drops (a restart) is reported here; the next query on the pool
  // opens a fresh one or fails with its own error, so there is nothing to do but not crash.
  pool.on('error', () => {});
  try {
    if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    else await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => {});
    throw unavailable(error, where);
  }
  let closed = false;
  return {
    backend: 'server',
    ...queryable(pool, where),
    async transaction(work) {
      const client = await pool.connect().catch((error) => {
        throw unavailable(error, where);
      });
      let broken: Error | undefined;
      // The pool listens for errors of idle clients only: a checked-out client whose connection
      // drops (the server or the network gone mid-transaction) emits 'error', which unheard would
      // end the hub's process. The statement in flight fails on its own; the client is destroyed.
      const lost = (error: Error) => {
        broken = error;
      };
      client.on('error', lost);
      try {
        await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
        const result = await work(queryable(client, where));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        // A connection whose ROLLBACK failed, or that was lost, is in an unknown state: destroyed.
        client.off('error', lost);
        client.release(broken);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

function queryable(db: pg.Pool | pg.PoolClient, where: string): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      try {
        const result = await db.query(sql, [...params]);
        return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
      } catch (error) {
        throw isConnectionFailure(error) ? unavailable(error, where) : error;
      }
    },
    async exec(sql: string) {
      try {
        // Without parameters `pg` uses the simple protocol, which runs a script of statements.
        await db.query(sql);
      } catch (error) {
        throw isConnectionFailure(error) ? unavailable(error, where) : error;
      }
    },
  };
}

/** Network errors (no SQLSTATE), and SQLSTATE class 08 (connection) and 57P0x (server shut down). */
function isConnectionFailure(error: unknown): boolean {
  const state = sqlState(error);
  if (state === undefined) {
    const code = (error as { code?: unknown } | null)?.code;
    // pg's own words for a lost connection, and for a client used after it lost it.
    return (
      typeof code === 'string' ||
      /Connection terminated|connection error and is not queryable/i.test(String((error as Error)?.message))
    );
  }
  return state.startsWith('08') || /^57P0[1-3]$/.test(state);
}

function unavailable(error: unknown, where: string): HubStateError {
  const detail = error instanceof Error ? error.message : String(error);
  return new HubStateError(
    'unavailable',
    `cannot use the PostgreSQL database at ${where}: ${detail}; check that the server is running and the address is right`,
    { cause: error },
  );
}

/** host:port/database, without the user's password, which must never reach a message or a log. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    throw new HubStateError(
      'invalid',
      'the database address is not a URL: expected postgres://user@host:port/database',
    );
  }
}
