/**
 * The hub's database behind one small interface, so that the hub, its tests and its repositories do
 * not know whether PostgreSQL runs embedded (PGlite, `embedded.ts`) or as a server (`pg`,
 * `server.ts`). Both speak the same SQL; the repositories beside this file use only what is here.
 *
 * Isolation: every transaction is READ COMMITTED, PostgreSQL's default. Each write the hub makes
 * that must not race (consume a token, move a job from one status to the next, accept an upload)
 * is one conditional statement (`UPDATE … WHERE status = $from`, `INSERT … ON CONFLICT DO
 * NOTHING`): PostgreSQL re-checks the condition on the newest row version after waiting for a
 * concurrent writer, so exactly one of two racers wins without SERIALIZABLE's retry loops
 * (serialisation failures, SQLSTATE 40001, which every caller would have to retry).
 */

/** Rows as the driver returns them: `timestamptz` as `Date`, `jsonb` parsed, `bytea` as bytes. */
export interface QueryResult<Row> {
  readonly rows: Row[];
  /** Rows returned, or rows changed by INSERT / UPDATE / DELETE. */
  readonly rowCount: number;
}

/** Something SQL can be sent to: the store itself, or one transaction of it. */
export interface Queryable {
  /** One statement with `$1, $2, …` parameters (never string-built SQL). */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /** A script of statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export type StoreBackend = 'embedded' | 'server';

export interface Store extends Queryable {
  readonly backend: StoreBackend;
  /**
   * Runs `work` in one READ COMMITTED transaction: committed when it resolves, rolled back when
   * it throws (the error is rethrown). Inside `work`, send SQL through `tx` only: the embedded
   * backend has one connection, and a query on the store itself would wait for this transaction.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Waits for running queries, then releases the connections (and the embedded lock file). */
  close(): Promise<void>;
}

/** A `bigint` column comes back as a string from `pg` and a number from PGlite: one shape here. */
export function integerOf(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : Number(value as number);
  if (!Number.isSafeInteger(n))
    throw new RangeError(`expected an integer column value, got ${String(value)}`);
  return n;
}

/** A `bytea` column comes back as a Buffer from `pg` and a Uint8Array from PGlite: a plain copy. */
export function bytesOf(value: unknown): Uint8Array {
  if (!(value instanceof Uint8Array))
    throw new TypeError(`expected a bytea column value, got ${typeof value}`);
  return Uint8Array.from(value);
}
