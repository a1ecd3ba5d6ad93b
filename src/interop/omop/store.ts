/**
 * Writing CDM rows into a database and reading them back. Writes run in one transaction after the
 * DDL (CREATE … IF NOT EXISTS, so an existing CDM is written into, not replaced), in multi-row
 * INSERTs with bound parameters. Dates cross the boundary as ISO text, numbers as float8.
 */
import { DataError } from '../../core/errors.js';
import { daysFromIso, isoFromDays } from '../../data/dates.js';
import type { CdmDatabase, CdmQueryable } from './database.js';
import { CDM_TABLES, type CdmTable, type CdmTableName, cdmDdl, cdmTable } from './ddl.js';
import type { CdmRow, CdmRows } from './rows.js';

/** PostgreSQL allows 65,535 bound parameters per statement. */
const MAX_PARAMETERS = 60_000;
/** Rows per json_populate_recordset statement: a few megabytes of JSON. */
const JSON_BATCH = 20_000;

export async function createCdmTables(db: CdmQueryable, schema: string): Promise<void> {
  await db.exec(cdmDdl(schema));
}

/** The largest value of `column` in a table (null when empty or missing). */
export async function maxOf(
  db: CdmQueryable,
  schema: string,
  table: CdmTableName,
  column: string,
): Promise<number | null> {
  const [row] = await db.query<{ m: number | null }>(
    `SELECT max(${column})::float8 AS m FROM ${schema}.${table}`,
  );
  return row?.m ?? null;
}

export async function insertRows(db: CdmQueryable, schema: string, name: CdmTableName, rows: CdmRow[]) {
  if (!rows.length) return;
  const table = cdmTable(name);
  const columns = table.columns.map((c) => c.name);
  if (db.copyCsv) {
    const lines = rows.map((row) =>
      table.columns.map((c) => copyField(row[c.name] ?? null, c.type)).join(','),
    );
    await db.copyCsv(`${schema}.${name}`, columns, `${lines.join('\n')}\n`);
    return;
  }
  if (db.insertJson) {
    for (let start = 0; start < rows.length; start += JSON_BATCH) {
      const batch = rows.slice(start, start + JSON_BATCH).map((row) => {
        const out: Record<string, unknown> = {};
        for (const c of table.columns) out[c.name] = toSql(row[c.name] ?? null, c.type);
        return out;
      });
      await db.insertJson(`${schema}.${name}`, JSON.stringify(batch));
    }
    return;
  }
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const batch = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples = batch.map((row) => {
      const slots = table.columns.map((c) => {
        params.push(toSql(row[c.name] ?? null, c.type));
        return `$${params.length}`;
      });
      return `(${slots.join(',')})`;
    });
    await db.query(`INSERT INTO ${schema}.${name} (${columns.join(',')}) VALUES ${tuples.join(',')}`, params);
  }
}

function toSql(value: CdmValue, type: string): unknown {
  if (value === null) return null;
  if (type === 'date') return isoFromDays(value as number);
  return value;
}

type CdmValue = CdmRow[string];

/** COPY's CSV: an unquoted empty field is NULL, so text is always quoted (an empty text stays text). */
function copyField(value: CdmValue, type: string): string {
  if (value === null) return '';
  if (type === 'date') return isoFromDays(value as number);
  if (typeof value === 'number') return String(value);
  return `"${value.replaceAll('"', '""')}"`;
}

/** Every row of `name` (optionally restricted by a WHERE clause with parameters), as CDM values. */
export async function selectRows(
  db: CdmQueryable,
  schema: string,
  name: CdmTableName,
  where = '',
  params: readonly unknown[] = [],
  only?: readonly string[],
): Promise<CdmRow[]> {
  const full = cdmTable(name);
  const table = only ? { ...full, columns: full.columns.filter((c) => only.includes(c.name)) } : full;
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${selectList(table)} FROM ${schema}.${name}${where ? ` WHERE ${where}` : ''}`,
    params,
  );
  return rows.map((row) => fromSql(table, row));
}

function selectList(table: CdmTable): string {
  return table.columns
    .map((c) => {
      if (c.type === 'date') return `to_char(${c.name}, 'YYYY-MM-DD') AS ${c.name}`;
      if (c.type === 'numeric') return `${c.name}::float8 AS ${c.name}`;
      if (c.type === 'timestamp') return `${c.name}::text AS ${c.name}`;
      return c.name;
    })
    .join(', ');
}

function fromSql(table: CdmTable, row: Record<string, unknown>): CdmRow {
  const out: CdmRow = {};
  for (const c of table.columns) {
    const v = row[c.name];
    if (v === null || v === undefined) out[c.name] = null;
    else if (c.type === 'date') out[c.name] = daysFromIso(String(v));
    else if (c.type === 'integer' || c.type === 'numeric') out[c.name] = Number(v);
    else out[c.name] = String(v);
  }
  return out;
}

/**
 * Writes `rows` in one transaction: the tables (if missing), a check that no earlier rows sit in the
 * synthetic id range, then every table's rows. Concepts the target already has, and a cdm_source
 * row when it has one, are left as they are.
 */
export async function writeCdmRows(db: CdmDatabase, rows: CdmRows, idBase: number): Promise<void> {
  await db.transaction(async (tx) => {
    await createCdmTables(tx, db.schema);
    await checkIdRange(tx, db.schema, idBase);
    const present = new Set(
      (await tx.query<{ concept_id: number }>(`SELECT concept_id FROM ${db.schema}.concept`)).map(
        (r) => r.concept_id,
      ),
    );
    const [{ n }] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${db.schema}.cdm_source`);
    for (const [name, list] of Object.entries(rows) as Array<[CdmTableName, CdmRow[]]>) {
      let keep = list;
      if (name === 'concept') keep = list.filter((row) => !present.has(row.concept_id as number));
      if (name === 'cdm_source' && n > 0) keep = [];
      await insertRows(tx, db.schema, name, keep);
    }
  });
}

/** Refuses a target whose table already holds ids at or above `base` (a previous export's range). */
export async function checkIdRange(db: CdmQueryable, schema: string, base: number): Promise<void> {
  // Every table with an id of its own but the vocabulary, whose local concepts live up there by design.
  for (const { name: table, key } of CDM_TABLES) {
    if (key === undefined || table === 'concept') continue;
    const max = await maxOf(db, schema, table as CdmTableName, key);
    if (max !== null && max >= base)
      throw new DataError(
        { column: `${table}.${key}` },
        `the target already holds ids from ${base} up (largest ${max}), the range synthetic rows are written in; export into another schema, or delete the earlier export`,
      );
  }
}
