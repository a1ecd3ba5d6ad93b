/**
 * Simulated cohort → OMOP CDM → cohort gives the same table (every column, numbers within the
 * schema's decimals, ids aside): in memory, on the embedded database, and via a CSV folder. AML and
 * SCD share one embedded database, each cohort in its own schema: PGlite's start-up (its initdb)
 * takes seconds, a second instance would double it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { simulateAml, simulateScd } from '../../simulate/index.js';
import { type CdmDatabase, openCdmDatabase, parseDatabaseTarget } from './database.js';
import { exportCohort, SYNTHETIC_ID_BASE } from './export.js';
import { writeCdmFolder } from './folder.js';
import { importCohort } from './import.js';
import { loadMapping } from './mapping.js';
import { checkPlausibility } from './plausibility.js';
import { databaseSource, folderSource, rowsSource } from './source.js';
import { writeCdmRows } from './store.js';
import { tableDifferences } from './test-support/compare.js';

const aml = simulateAml({ patients: 300, centres: 3, seed: 7 });
const amlMapping = loadMapping('aml');
const amlRows = exportCohort(aml.table, aml.schema, amlMapping, { seed: 3 });
const scd = simulateScd({ patients: 300, centres: 2, seed: 5 });
const scdMapping = loadMapping('scd');
const scdRows = exportCohort(scd.table, scd.schema, scdMapping, { seed: 2 });
const dirs: string[] = [];
let embedded: Promise<CdmDatabase> | undefined;
/** The one embedded database of this file, opened by the first test that needs it. */
function embeddedDatabase(): Promise<CdmDatabase> {
  embedded ??= openCdmDatabase(parseDatabaseTarget('pglite:memory', 'cdm_test'));
  return embedded;
}
afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await (await embedded)?.close();
});

describe('AML round trip', () => {
  it('exports rows that pass the plausibility checks', () => {
    expect(checkPlausibility(amlRows, amlMapping)).toEqual([]);
    expect(amlRows.person).toHaveLength(300);
    expect(Math.min(...amlRows.person!.map((p) => p.person_id as number))).toBe(SYNTHETIC_ID_BASE);
  });

  it('does not copy the patient ids', () => {
    const ids = new Set(aml.table.codes('patient_id').levels);
    expect(amlRows.person!.some((p) => ids.has(p.person_source_value as string))).toBe(false);
  });

  it('gives the same table back from rows in memory', async () => {
    const back = await importCohort(rowsSource(amlRows), amlMapping);
    expect(back.skipped).toBe(0);
    expect(back.warnings).toEqual([]);
    expect(tableDifferences(aml.table, back.table, aml.schema)).toEqual([]);
  });

  it('gives the same table back from the embedded database', async () => {
    const db = await embeddedDatabase();
    await writeCdmRows(db, amlRows, SYNTHETIC_ID_BASE);
    const back = await importCohort(databaseSource(db), amlMapping);
    expect(tableDifferences(aml.table, back.table, aml.schema)).toEqual([]);
    // A second export into the same schema would mix two cohorts: refused, nothing written.
    await expect(writeCdmRows(db, amlRows, SYNTHETIC_ID_BASE)).rejects.toThrow(/already holds ids/);
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cdm_test.person');
    expect(n).toBe(300);
  }, 60_000);

  it('gives the same table back from a CSV folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omop-folder-'));
    dirs.push(dir);
    writeCdmFolder(dir, amlRows);
    const back = await importCohort(folderSource(dir), amlMapping);
    expect(tableDifferences(aml.table, back.table, aml.schema)).toEqual([]);
  });
});

describe('SCD round trip', () => {
  it('gives the same table back from rows in memory', async () => {
    expect(checkPlausibility(scdRows, scdMapping)).toEqual([]);
    const back = await importCohort(rowsSource(scdRows), scdMapping);
    expect(tableDifferences(scd.table, back.table, scd.schema)).toEqual([]);
  });

  it('gives the same table back from the embedded database', async () => {
    // The AML test's database, in a schema of its own: SCD's ids also start at SYNTHETIC_ID_BASE,
    // which the AML schema's id-range check refuses.
    const db: CdmDatabase = { ...(await embeddedDatabase()), schema: 'cdm_scd' };
    await writeCdmRows(db, scdRows, SYNTHETIC_ID_BASE);
    const back = await importCohort(databaseSource(db), scdMapping);
    expect(back.skipped).toBe(0);
    expect(back.warnings).toEqual([]);
    expect(tableDifferences(scd.table, back.table, scd.schema)).toEqual([]);
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cdm_scd.person');
    expect(n).toBe(300);
  }, 60_000);
});
