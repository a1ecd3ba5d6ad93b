/**
 * The database a CDM lives in, behind a small interface: a PostgreSQL server through `pg`, or PGlite
 * (PostgreSQL compiled to WebAssembly) embedded in the process. Both speak the same SQL, so the
 * reading and writing code is written once against `CdmDatabase`.
 *
 * Why PGlite for the embedded default: it is already a dependency (the hub's store), it is a real
 * PostgreSQL (the DDL and queries are the server's, tested once), and it needs no native binary —
 * DuckDB would need a platform-specific addon downloaded at install time.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { InputError, UsageError } from '../../core/errors.js';
import { checkSchemaName } from './ddl.js';

export interface CdmQueryable {
  /** A query with `$1…$n` parameters; rows as objects keyed by column name. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Several statements, no parameters (DDL). */
  exec(sql: string): Promise<void>;
  /**
   * Bulk load CSV text (no header, empty unquoted field = NULL) into `table (columns)`, when the
   * backend can do it faster than INSERTs (PGlite: COPY from a blob).
   */
  copyCsv?(table: string, columns: readonly string[], csv: string): Promise<void>;
  /**
   * Bulk insert rows given as JSON objects keyed by column (json_populate_recordset): one bound
   * parameter per batch instead of one per value, which the server parses much faster.
   */
  insertJson?(table: string, json: string): Promise<void>;
}

export interface CdmDatabase extends CdmQueryable {
  readonly backend: 'postgres' | 'pglite';
  /** The schema holding the CDM tables. */
  readonly schema: string;
  /** Runs `work` in one transaction: all of it is written, or none. */
  transaction<T>(work: (tx: CdmQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export const DEFAULT_CDM_SCHEMA = 'cdm';

export interface DatabaseTarget {
  backend: 'postgres' | 'pglite';
  /** postgres: the connection URL without `schema`; pglite: a folder, or undefined for memory. */
  location: string | undefined;
  schema: string;
}

/**
 * Reads `--database`: `postgres://…[?schema=NAME]` (or `postgresql://`) is a server; `pglite:PATH`
 * or a plain folder path is an embedded database kept in that folder; `pglite:memory` lives in
 * memory (tests). `schema` (default `cdm`) names the schema the CDM tables are in.
 */
export function parseDatabaseTarget(text: string, schema?: string): DatabaseTarget {
  if (/^postgres(ql)?:\/\//i.test(text)) {
    const url = new URL(text);
    const fromUrl = url.searchParams.get('schema') ?? undefined;
    url.searchParams.delete('schema');
    return {
      backend: 'postgres',
      location: url.toString(),
      schema: checkSchemaName(schema ?? fromUrl ?? DEFAULT_CDM_SCHEMA),
    };
  }
  const path = text.startsWith('pglite:') ? text.slice('pglite:'.length) : text;
  if (!path) throw new UsageError('database: give a postgres:// URL, pglite:PATH or a folder', 'database');
  return {
    backend: 'pglite',
    location: path === 'memory' ? undefined : path,
    schema: checkSchemaName(schema ?? DEFAULT_CDM_SCHEMA),
  };
}

export async function openCdmDatabase(target: DatabaseTarget): Promise<CdmDatabase> {
  return target.backend === 'postgres' ? openPostgres(target) : openPglite(target);
}

async function openPglite(target: DatabaseTarget): Promise<CdmDatabase> {
  let db: PGlite;
  try {
    if (target.location) mkdirSync(target.location, { recursive: true, mode: 0o700 });
    db = target.location ? await PGlite.create(target.location) : await PGlite.create();
  } catch (error) {
    throw unavailable(`the embedded database in ${target.location ?? 'memory'}`, error);
  }
  const queryable = (q: PGlite | Parameters<Parameters<PGlite['transaction']>[0]>[0]): CdmQueryable => ({
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      return (await q.query<Row>(sql, [...params])).rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
    async copyCsv(table, columns, csv) {
      await q.query(`COPY ${table} (${columns.join(',')}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
        blob: new Blob([csv]),
      });
    },
  });
  return {
    backend: 'pglite',
    schema: target.schema,
    ...queryable(db),
    transaction: (work) => db.transaction((tx) => work(queryable(tx))),
    close: () => db.close(),
  };
}

async function openPostgres(target: DatabaseTarget): Promise<CdmDatabase> {
  const url = target.location!;
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => {});
    throw unavailable(`the PostgreSQL server at ${describeUrl(url)}`, error);
  }
  const queryable = (q: pg.Pool | pg.PoolClient): CdmQueryable => ({
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      return (await q.query(sql, [...params])).rows as Row[];
    },
    async exec(sql: string) {
      await q.query(sql);
    },
    async insertJson(table, json) {
      await q.query(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1::json)`, [
        json,
      ]);
    },
  });
  return {
    backend: 'postgres',
    schema: target.schema,
    ...queryable(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** The URL without its password, for messages. */
function describeUrl(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

function unavailable(what: string, error: unknown): InputError {
  const reason = error instanceof Error ? error.message : String(error);
  return new InputError('IO', {}, `cannot open ${what}: ${reason}`, { cause: error });
}
