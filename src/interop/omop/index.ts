/** OMOP CDM 5.4 in and out: the DDL, the database and folder targets, mappings, export, import, checks. */
export { type CdmDatabase, DEFAULT_CDM_SCHEMA, openCdmDatabase, parseDatabaseTarget } from './database.js';
export { CDM_TABLES, cdmDdl } from './ddl.js';
export { exportCohort, SYNTHETIC_ID_BASE } from './export.js';
export { readCdmTable, writeCdmFolder } from './folder.js';
export { type ImportResult, importCohort } from './import.js';
export { loadMapping, type OmopMapping, parseMapping, SHIPPED_MAPPINGS, usedConcepts } from './mapping.js';
export { checkPlausibility, type PlausibilityFailure } from './plausibility.js';
export type { CdmRows } from './rows.js';
export { type CdmSource, databaseSource, folderSource, rowsSource } from './source.js';
export { writeCdmRows } from './store.js';
