/**
 * The round trip against a PostgreSQL server (database `test`), each cohort in a schema of its own
 * dropped at the end. An unreachable server fails the test with how to start one: a skipped backend
 * would regress unseen.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { simulateAml, simulateScd } from '../../simulate/index.js';
import { type CdmDatabase, openCdmDatabase, parseDatabaseTarget } from './database.js';
import { exportCohort, SYNTHETIC_ID_BASE } from './export.js';
import { importCohort } from './import.js';
import { loadMapping } from './mapping.js';
import { databaseSource } from './source.js';
import { writeCdmRows } from './store.js';
import { tableDifferences } from './test-support/compare.js';

const url = process.env.SYNTHCOHORT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const run = randomBytes(6).toString('hex');
const schemas = { aml: `omop_${run}`, scd: `omop_scd_${run}` };

afterAll(async () => {
  const db = await openCdmDatabase(parseDatabaseTarget(url)).catch(() => undefined);
  for (const schema of Object.values(schemas)) await db?.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await db?.close();
});

function openServer(schema: string): Promise<CdmDatabase> {
  return openCdmDatabase(parseDatabaseTarget(`${url}?schema=${schema}`)).catch((error: Error) => {
    throw new Error(
      `${error.message}: start the PostgreSQL server (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or point SYNTHCOHORT_TEST_POSTGRES at one`,
    );
  });
}

it('loads a simulated AML cohort into PostgreSQL as OMOP CDM and imports it back identically', async () => {
  const aml = simulateAml({ patients: 300, centres: 3, seed: 11 });
  const mapping = loadMapping('aml');
  const db = await openServer(schemas.aml);
  try {
    expect(db.schema).toBe(schemas.aml);
    await writeCdmRows(db, exportCohort(aml.table, aml.schema, mapping, { seed: 4 }), SYNTHETIC_ID_BASE);
    const back = await importCohort(databaseSource(db), mapping);
    expect(back.table.nRows).toBe(300);
    expect(tableDifferences(aml.table, back.table, aml.schema)).toEqual([]);
  } finally {
    await db.close();
  }
}, 60_000);

it('loads a simulated SCD cohort into PostgreSQL as OMOP CDM and imports it back identically', async () => {
  const scd = simulateScd({ patients: 300, centres: 2, seed: 12 });
  const mapping = loadMapping('scd');
  const db = await openServer(schemas.scd);
  try {
    await writeCdmRows(db, exportCohort(scd.table, scd.schema, mapping, { seed: 5 }), SYNTHETIC_ID_BASE);
    const back = await importCohort(databaseSource(db), mapping);
    expect(back.table.nRows).toBe(300);
    expect(back.warnings).toEqual([]);
    expect(tableDifferences(scd.table, back.table, scd.schema)).toEqual([]);
  } finally {
    await db.close();
  }
}, 60_000);
