/**
 * `synthcohort omop export|import`: a cohort into an OMOP CDM 5.4 (a PostgreSQL server, the embedded
 * PGlite database or a folder of CSV files) and back, by a mapping (src/interop/omop), declared as
 * the rest of the command table is (commands.ts).
 */
import { DEFAULT_SEED } from '../../core/rng.js';
import type { CommandSpec, OptionSpec } from '../commands.js';
import { seed } from '../options.js';

const target: OptionSpec[] = [
  {
    flags: '--database <url>',
    description:
      'a PostgreSQL server (postgres://user@host/db[?schema=NAME]), or the embedded database: a folder path or pglite:PATH',
    option: 'database',
  },
  {
    flags: '--folder <dir>',
    description: 'a folder of CDM tables as CSV files, one <table>.csv each (instead of --database)',
    option: 'folder',
  },
  {
    flags: '--cdm-schema <name>',
    description: 'the database schema holding the CDM tables (default cdm, or the URL’s ?schema=)',
    option: 'cdmSchema',
  },
  {
    flags: '--mapping <name|file>',
    description: 'aml or scd (the shipped mappings), or a mapping JSON file (docs/interop/omop.md)',
    required: true,
    option: 'mapping',
  },
];

export const OMOP_COMMANDS: CommandSpec[] = [
  {
    name: 'omop export',
    summary: 'write a (synthetic) cohort as OMOP CDM 5.4 rows, checked for plausibility first',
    args: ['<data>'],
    options: [
      { flags: '--schema <file>', description: 'schema of the cohort', required: true },
      ...target,
      {
        flags: '--seed <s>',
        description: 'seed of the drawn index dates (same inputs and seed give identical rows)',
        parse: seed,
        default: DEFAULT_SEED,
        option: 'seed',
      },
    ],
    examples: [
      'synthcohort omop export synthetic.csv --schema schema.json --mapping aml --database cdm-db',
      'synthcohort omop export synthetic.csv --schema schema.json --mapping aml --folder cdm-csv',
    ],
    files: {
      inputs: [
        { arg: 0, label: 'the data file' },
        { option: 'schema', label: '--schema' },
      ],
    },
    load: () => import('./omop.js').then((m) => m.exportCommand),
  },
  {
    name: 'omop import',
    summary: 'read a patient-level cohort table out of an OMOP CDM 5.4 by a mapping',
    args: [],
    options: [
      ...target,
      { flags: '--out <file>', description: 'the cohort table (.csv or .parquet)', required: true },
      {
        flags: '--schema <file>',
        description: 'schema of the table to build (default: the shipped cohort’s, or read off the mapping)',
      },
      { flags: '--schema-out <file>', description: 'also write the table’s schema (JSON) here' },
    ],
    examples: [
      'synthcohort omop import --database postgres://postgres@localhost/cdm --mapping aml --out cohort.csv --schema-out schema.json',
    ],
    files: {
      inputs: [{ option: 'schema', label: '--schema' }],
      outputFiles: [
        { option: 'out', label: '--out' },
        { option: 'schemaOut', label: '--schema-out' },
      ],
    },
    load: () => import('./omop.js').then((m) => m.importCommand),
  },
];
