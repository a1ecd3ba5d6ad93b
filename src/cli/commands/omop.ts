import { existsSync } from 'node:fs';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { DataError, UsageError } from '../../core/errors.js';
import { readTable, writeTable } from '../../data/io.js';
import {
  type CdmRows,
  type CdmSource,
  checkPlausibility,
  databaseSource,
  exportCohort,
  folderSource,
  importCohort,
  loadMapping,
  openCdmDatabase,
  parseDatabaseTarget,
  SYNTHETIC_ID_BASE,
  writeCdmFolder,
  writeCdmRows,
} from '../../interop/omop/index.js';
import type { CommandContext } from '../io.js';
import { schemaOption } from './shared.js';

type Options = Record<string, unknown>;

/** Exactly one of --database and --folder. */
function targetOf(options: Options): { database: string } | { folder: string } {
  const database = options.database as string | undefined;
  const folder = options.folder as string | undefined;
  if ((database === undefined) === (folder === undefined))
    throw new UsageError('give exactly one of --database and --folder');
  return database !== undefined ? { database } : { folder: folder! };
}

export const exportCommand = {
  async run(args: string[], options: Options, context: CommandContext) {
    const mapping = loadMapping(options.mapping as string);
    const target = targetOf(options);
    const schema = schemaOption(options)!;
    const { table } = await readTable(args[0], { schema });
    context.progress.step(`mapping ${table.nRows} patients to OMOP CDM rows`);
    const rows = exportCohort(table, schema, mapping, { seed: options.seed as number | string });
    const failures = checkPlausibility(rows, mapping);
    if (failures.length) {
      const more = failures.length > 1 ? ` (and ${failures.length - 1} more)` : '';
      throw new DataError(
        { file: args[0] },
        `plausibility check failed, nothing written: ${failures[0].message}${more}`,
      );
    }
    let where: string;
    if ('folder' in target) {
      writeCdmFolder(target.folder, rows);
      where = target.folder;
    } else {
      const db = await openCdmDatabase(
        parseDatabaseTarget(target.database, options.cdmSchema as string | undefined),
      );
      try {
        await writeCdmRows(db, rows, SYNTHETIC_ID_BASE);
        where = `${db.backend === 'pglite' ? 'the embedded database' : 'the PostgreSQL server'}, schema ${db.schema}`;
      } finally {
        await db.close();
      }
    }
    context.io.stdout(`${summary(rows)}\nwritten to ${where}\n`);
  },
};

export const importCommand = {
  async run(_args: string[], options: Options, context: CommandContext) {
    const mapping = loadMapping(options.mapping as string);
    const target = targetOf(options);
    const schema = schemaOption(options);
    const read = async (source: CdmSource) => importCohort(source, mapping, schema ? { schema } : {});
    let result: Awaited<ReturnType<typeof read>>;
    if ('folder' in target) {
      if (!existsSync(target.folder)) throw new UsageError(`no folder at ${target.folder}`, 'folder');
      result = await read(folderSource(target.folder));
    } else {
      const where = parseDatabaseTarget(target.database, options.cdmSchema as string | undefined);
      // Reading, a mistyped folder would otherwise become a new, empty embedded database.
      if (where.backend === 'pglite' && where.location !== undefined && !existsSync(where.location))
        throw new UsageError(`no embedded database at ${where.location}`, 'database');
      const db = await openCdmDatabase(where);
      try {
        result = await read(databaseSource(db));
      } finally {
        await db.close();
      }
    }
    await writeTable(options.out as string, result.table, result.schema);
    if (typeof options.schemaOut === 'string')
      writeFileAtomic(options.schemaOut, `${JSON.stringify(result.schema, null, 2)}\n`);
    for (const warning of result.warnings) context.io.stderr(`warning: ${warning}\n`);
    const skipped = result.skipped ? ` (${result.skipped} persons without the index concept left out)` : '';
    context.io.stdout(
      `${result.table.nRows} patients, ${result.table.nColumns} columns${skipped}\n${options.out}\n`,
    );
  },
};

function summary(rows: CdmRows): string {
  const counts = Object.entries(rows)
    .filter(([name]) => name !== 'concept' && name !== 'cdm_source')
    .map(([name, list]) => `${list.length} ${name}`);
  return `OMOP CDM 5.4 rows: ${counts.join(', ')}`;
}
