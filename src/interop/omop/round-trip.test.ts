/**
 * Simulated cohort → OMOP CDM → cohort gives the same table (every column, numbers within the
 * schema's decimals, ids aside): in memory, on the embedded database, and via a CSV folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { simulateAml, simulateScd } from '../../simulate/index.js';
import { openCdmDatabase, parseDatabaseTarget } from './database.js';
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
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
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
    const db = await openCdmDatabase(parseDatabaseTarget('pglite:memory', 'cdm_test'));
    try {
      await writeCdmRows(db, amlRows, SYNTHETIC_ID_BASE);
      const back = await importCohort(databaseSource(db), amlMapping);
      expect(tableDifferences(aml.table, back.table, aml.schema)).toEqual([]);
      // A second export into the same schema would mix two cohorts: refused, nothing written.
      await expect(writeCdmRows(db, amlRows, SYNTHETIC_ID_BASE)).rejects.toThrow(/already holds ids/);
      const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cdm_test.person');
      expect(n).toBe(300);
    } finally {
      await db.close();
    }
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
  it('gives the same table back', async () => {
    const scd = simulateScd({ patients: 300, centres: 2, seed: 5 });
    const mapping = loadMapping('scd');
    const rows = exportCohort(scd.table, scd.schema, mapping, { seed: 2 });
    expect(checkPlausibility(rows, mapping)).toEqual([]);
    const back = await importCohort(rowsSource(rows), mapping);
    expect(tableDifferences(scd.table, back.table, scd.schema)).toEqual([]);
  });
});
