/**
 * The command table: every command declared once, with its options, an example for --help, and a
 * lazy import of its implementation so that `synthcohort --help` loads nothing heavy.
 */
import { DEFAULT_SEED } from '../core/rng.js';
import { FEDERATION_COMMANDS } from './commands/federate-commands.js';
import { HARMONISE_COMMANDS } from './commands/harmonise-commands.js';
import { IMPUTE_COMMANDS } from './commands/impute-commands.js';
import { OMOP_COMMANDS } from './commands/omop-commands.js';
import { REVIEW_COMMANDS } from './commands/review-commands.js';
import { SELECT_COMMANDS } from './commands/select-commands.js';
import type { FileSpec } from './files.js';
import type { CommandContext } from './io.js';
import {
  keyValue,
  MAX_TABLE_ROWS,
  numberList,
  oneOf,
  positiveInteger,
  positiveNumber,
  probability,
  seed,
  share,
  termList,
} from './options.js';

export interface OptionSpec {
  /** Commander flags, such as '--rows <n>'. */
  flags: string;
  description: string;
  parse?: (text: string, previous: unknown) => unknown;
  default?: unknown;
  required?: boolean;
  /**
   * The library option this flag sets (`coxTerms` for --cox): errors that name the option are
   * shown with the flag (see `inFlagLanguage`).
   */
  option?: string;
}

export interface CommandModule {
  run(args: string[], options: Record<string, unknown>, context: CommandContext): Promise<void>;
}

export interface CommandSpec {
  name: string;
  summary: string;
  /** Commander argument syntax, such as '<data>'. */
  args: string[];
  options: OptionSpec[];
  examples: string[];
  /** The files it reads and writes: checked before it runs (see files.ts). */
  files?: FileSpec;
  load: () => Promise<CommandModule>;
}

const DATA = { arg: 0, label: 'the data file' };
const SCHEMA = { option: 'schema', label: '--schema' };
const OUT = { option: 'out', label: '--out' };

const seedOption: OptionSpec = {
  flags: '--seed <s>',
  description: 'seed of every random step (same inputs and seed give identical outputs)',
  parse: seed,
  default: DEFAULT_SEED,
  option: 'seed',
};

/**
 * fit and generate take --seed without a default, so that they can tell a seed given on purpose:
 * only then is a private generator's noise seeded (reproducible); otherwise it is secret.
 */
const fitSeedOption: OptionSpec = {
  flags: '--seed <s>',
  description: `seed of every random step (default ${DEFAULT_SEED}); with a private generator it also seeds the privacy noise, which is otherwise drawn from the system's secure generator`,
  parse: seed,
  option: 'seed',
};

/** What one private fit spends and where it is recorded (see docs/privacy/guarantees.md). */
const privacyFlags: OptionSpec[] = [
  {
    flags: '--epsilon <e>',
    description: 'privacy budget ε this fit spends (a differentially private generator needs it)',
    parse: positiveNumber('--epsilon'),
    option: 'epsilon',
  },
  {
    flags: '--delta <d>',
    description: 'privacy parameter δ of this fit (default 1e-6)',
    parse: probability('--delta'),
    option: 'delta',
  },
  {
    flags: '--budget <e>',
    description:
      'total ε the ledger allows on these data at this δ: a fit that would exceed it is refused (exit 2)',
    parse: positiveNumber('--budget'),
    option: 'budget',
  },
  {
    flags: '--ledger <file>',
    description: 'privacy ledger recording every spend on the data (default DATA.privacy-ledger.json)',
  },
];

export const csvOptions: OptionSpec[] = [
  { flags: '--delimiter <c>', description: "field delimiter (default: detected among ',' ';' and tab)" },
  {
    flags: '--decimal-comma',
    description: "numbers use a decimal comma, such as 3,5 (needs ';' or tab delimiters)",
  },
  { flags: '--day-first', description: 'dates are day-first, such as 31/01/2024' },
];

const modelOption: OptionSpec = {
  flags: '--model <name>',
  description: 'generator (see synthcohort models)',
  required: true,
};
const rowsOption: OptionSpec = {
  flags: '--rows <n>',
  description: 'number of synthetic rows',
  parse: positiveInteger('--rows', MAX_TABLE_ROWS),
  required: true,
};
const schemaFileOption: OptionSpec = {
  flags: '--schema <file>',
  description: 'schema of the data (default: inferred, with the rules every row obeys)',
};
const noRulesOption: OptionSpec = {
  flags: '--no-rules',
  description: 'infer kinds, roles and endpoints only, no rules (orderings, implications, missing-when)',
};
const whereOption: OptionSpec = {
  flags: '--where <conditions>',
  description: 'sample from the subgroup "col=value,col2=a|b" (drawn conditionally, not by filtering)',
  option: 'where',
};
const generatorFlags: OptionSpec[] = [
  {
    flags: '--min-leaf <n>',
    description: 'cart: smallest leaf (larger = more private, less detailed)',
    parse: positiveInteger('--min-leaf'),
  },
  {
    flags: '--set <key=value>',
    description: 'a generator option, such as --set smoothing=none (repeatable)',
    parse: (text, previous) => [...((previous as string[] | undefined) ?? []), keyValue('--set')(text)],
  },
];

export const COMMANDS: CommandSpec[] = [
  {
    name: 'simulate',
    summary: 'simulate a realistic multi-centre cohort (aml or scd) with its schema',
    args: ['<disease>'],
    options: [
      {
        flags: '--patients <n>',
        description: 'number of patients',
        parse: positiveInteger('--patients', MAX_TABLE_ROWS),
        required: true,
      },
      {
        flags: '--centres <k>',
        description: 'number of centres',
        parse: positiveInteger('--centres'),
        default: 1,
      },
      {
        flags: '--lab-unit-shift',
        description: 'one centre reports haemoglobin in g/L instead of g/dL (a harmonisation test)',
      },
      seedOption,
      { flags: '--out <dir>', description: 'folder for cohort.csv and schema.json', required: true },
    ],
    examples: ['synthcohort simulate aml --patients 2500 --centres 5 --seed 1 --out cohort'],
    files: { inputs: [], outputFolders: [{ ...OUT, files: ['cohort.csv', 'schema.json'] }] },
    load: () => import('./commands/simulate.js'),
  },
  {
    name: 'schema',
    summary: 'infer column kinds and roles of a table and print its schema',
    args: ['<data>'],
    options: [
      { flags: '--out <file>', description: 'write the schema here instead of stdout' },
      { flags: '--keep-constant', description: 'keep columns with a single value instead of refusing them' },
      noRulesOption,
      ...csvOptions,
    ],
    examples: ['synthcohort schema cohort/cohort.csv --out schema.json'],
    files: { inputs: [DATA], outputFiles: [OUT] },
    load: () => import('./commands/schema.js'),
  },
  {
    name: 'analyze',
    summary: 'Kaplan–Meier, log-rank and Cox analysis of a survival endpoint (JSON on stdout)',
    args: ['<data>'],
    options: [
      { flags: '--time <col>', description: 'follow-up time column', required: true },
      { flags: '--event <col>', description: 'event status column', required: true },
      {
        flags: '--event-value <v>',
        description:
          "the event column's value meaning the event happened (default: 1, or 2 when the column holds 1 and 2, as R's Surv); required when it holds more than two values",
      },
      {
        flags: '--origin <col|date>',
        description:
          'when --time holds dates: the start to count days from, a date column (such as diagnosis_date) or an ISO date',
      },
      { flags: '--group <col>', description: 'compare groups: Kaplan–Meier per group and a log-rank test' },
      {
        flags: '--cox <terms>',
        description: 'Cox model terms, such as "age+sex+eln2022"',
        parse: termList('--cox'),
      },
      {
        flags: '--ties <method>',
        description: 'Cox tie handling: efron or breslow',
        parse: oneOf('--ties', ['efron', 'breslow']),
        default: 'efron',
      },
      {
        flags: '--at <times>',
        description: 'survival at these times, such as 365,1095,1825',
        parse: numberList('--at'),
      },
      { flags: '--schema <file>', description: 'schema of the data (default: inferred)' },
      ...csvOptions,
    ],
    examples: [
      'synthcohort analyze cohort/cohort.csv --time os_days --event os_status --group eln2022 --cox "age+eln2022" --at 365,1095',
    ],
    files: { inputs: [DATA, SCHEMA] },
    load: () => import('./commands/analyze.js'),
  },
  {
    name: 'split',
    summary: 'split a table into training and holdout files, stratified by centre',
    args: ['<data>'],
    options: [
      {
        flags: '--holdout <share>',
        description: 'share of the rows held out, such as 0.3',
        parse: share('--holdout'),
        required: true,
      },
      {
        flags: '--stratify <col>',
        description: 'keep the share within each value of this column (default: the centre column, if any)',
      },
      {
        flags: '--no-stratify',
        description: 'a plain random split, even when the table has a centre column',
      },
      {
        flags: '--schema <file>',
        description: 'schema of the data (default: inferred); its centre role is used',
      },
      seedOption,
      { flags: '--out <dir>', description: 'folder for training.csv and holdout.csv', required: true },
      ...csvOptions,
    ],
    examples: ['synthcohort split cohort/cohort.csv --holdout 0.3 --seed 1 --out parts'],
    files: { inputs: [DATA, SCHEMA], outputFolders: [{ ...OUT, files: ['training.csv', 'holdout.csv'] }] },
    load: () => import('./commands/split.js'),
  },
  {
    name: 'models',
    summary: 'list the generators, one line each',
    args: [],
    options: [],
    examples: ['synthcohort models'],
    load: () => import('./commands/models.js'),
  },
  {
    name: 'fit',
    summary: 'fit a generator on a table and write the model file',
    args: ['<data>'],
    options: [
      modelOption,
      schemaFileOption,
      noRulesOption,
      ...generatorFlags,
      ...privacyFlags,
      fitSeedOption,
      { flags: '--out <file>', description: 'model file to write', required: true },
      ...csvOptions,
    ],
    examples: [
      'synthcohort fit cohort/cohort.csv --model cart --schema cohort/schema.json --seed 7 --out model.json',
      'synthcohort fit cohort/cohort.csv --model mst --schema cohort/schema.json --epsilon 1 --budget 3 --out model.json',
    ],
    files: { inputs: [DATA, SCHEMA], outputFiles: [OUT] },
    load: () => import('./commands/fit.js'),
  },
  {
    name: 'sample',
    summary: 'sample synthetic rows from a model file',
    args: ['<model>'],
    options: [
      rowsOption,
      whereOption,
      seedOption,
      {
        flags: '--training <data>',
        description: 'drop (and re-draw) rows that copy a row of this training table',
        option: 'excludeCopiesOf',
      },
      { flags: '--out <file>', description: 'synthetic table to write (.csv or .parquet)', required: true },
    ],
    examples: [
      'synthcohort sample model.json --rows 10000 --where "eln2022=adverse,tp53=1" --seed 7 --out synth.csv',
    ],
    files: {
      inputs: [
        { arg: 0, label: 'the model file' },
        { option: 'training', label: '--training' },
      ],
      outputFiles: [OUT],
    },
    load: () => import('./commands/sample.js'),
  },
  {
    name: 'generate',
    summary: 'fit then sample in one go',
    args: ['<data>'],
    options: [
      modelOption,
      rowsOption,
      schemaFileOption,
      noRulesOption,
      whereOption,
      ...generatorFlags,
      {
        flags: '--keep-copies',
        description:
          'keep synthetic rows that are exact copies of a training row (by default they are dropped and re-drawn)',
      },
      {
        flags: '--drop-copies',
        description:
          'drop and re-draw exact copies of training rows (the default but for private generators; kept for old scripts)',
        option: 'excludeCopiesOf',
      },
      ...privacyFlags,
      fitSeedOption,
      { flags: '--out <file>', description: 'synthetic table to write (.csv or .parquet)', required: true },
      ...csvOptions,
    ],
    examples: [
      'synthcohort generate cohort/cohort.csv --model copula --rows 10000 --seed 7 --out synth.csv',
      'synthcohort generate cohort/cohort.csv --model mst --schema cohort/schema.json --rows 2500 --epsilon 1 --delta 1e-6 --out synth.csv',
    ],
    files: { inputs: [DATA, SCHEMA], outputFiles: [OUT] },
    load: () => import('./commands/generate.js'),
  },
  {
    name: 'validate',
    summary:
      'judge a synthetic table against the real one: fidelity, utility, privacy (report.json and report.html)',
    args: [],
    options: [
      {
        flags: '--real <file>',
        description: 'the training data the synthetic table was generated from',
        required: true,
      },
      { flags: '--synthetic <file>', description: 'the synthetic table', required: true },
      {
        flags: '--holdout <file>',
        description: 'real rows the generator never saw (needed for TSTR and membership inference)',
      },
      schemaFileOption,
      {
        flags: '--survival <time:event[:value]>',
        description: 'a survival endpoint to compare (repeatable; default: the schema endpoints)',
        parse: (text, previous) => [...((previous as string[] | undefined) ?? []), text],
        option: 'survival',
      },
      {
        flags: '--target <col>',
        description:
          'a column to predict for train-on-synthetic-test-on-real (repeatable; default: role target)',
        parse: (text, previous) => [...((previous as string[] | undefined) ?? []), text],
        option: 'targets',
      },
      {
        flags: '--cox <terms>',
        description:
          'Cox covariates for every endpoint, such as "age+eln2022+flt3_itd" (default: chosen from the data)',
        parse: termList('--cox'),
        option: 'coxTerms',
      },
      {
        flags: '--quasi-identifiers <cols>',
        description: 'what an attacker knows, such as age,sex,centre (the default)',
        parse: (t) => t.split(',').map((c) => c.trim()),
        option: 'quasiIdentifiers',
      },
      {
        flags: '--thresholds <file>',
        description:
          'JSON file overriding verdict thresholds, such as {"privacy": {"pass": 0.9, "warn": 0.7}}',
        option: 'thresholds',
      },
      {
        flags: '--replication <file>',
        description: 'JSON file declaring analyses to replicate on both tables',
        option: 'replication',
      },
      {
        flags: '--model <file>',
        description:
          'the model file the synthetic table was sampled from: its generator and options go in the report',
      },
      {
        flags: '--small-cell <n>',
        description: 'counts of fewer real patients are suppressed or merged in the report (default 5)',
        parse: positiveInteger('--small-cell'),
        option: 'smallCell',
      },
      seedOption,
      { flags: '--out <dir>', description: 'folder for report.json and report.html', required: true },
      ...csvOptions,
    ],
    examples: [
      'synthcohort validate --real parts/training.csv --synthetic synth.csv --holdout parts/holdout.csv --schema cohort/schema.json --survival os_days:os_status --target response --out report',
    ],
    files: {
      inputs: ['real', 'synthetic', 'holdout', 'schema', 'thresholds', 'replication', 'model'].map(
        (option) => ({
          option,
          label: `--${option}`,
        }),
      ),
      outputFolders: [{ ...OUT, files: ['report.json', 'report.html'] }],
    },
    load: () => import('./commands/validate.js'),
  },
  {
    name: 'demo',
    summary: 'run the main job end to end on a simulated AML cohort and print where the results are',
    args: [],
    options: [
      { flags: '--out <dir>', description: 'folder for the results', default: 'synthcohort-demo' },
      seedOption,
    ],
    examples: ['synthcohort demo --out demo'],
    files: {
      inputs: [],
      outputFolders: [
        {
          ...OUT,
          files: [
            'cohort.csv',
            'training.csv',
            'holdout.csv',
            'synthetic.csv',
            'schema.json',
            'report.json',
            'report.html',
          ],
        },
      ],
    },
    load: () => import('./commands/demo.js'),
  },
  ...FEDERATION_COMMANDS,
  ...REVIEW_COMMANDS,
  ...SELECT_COMMANDS,
  ...HARMONISE_COMMANDS,
  ...OMOP_COMMANDS,
  ...IMPUTE_COMMANDS,
];

/** Commands named 'group sub' are subcommands of a group, described here. */
export const COMMAND_GROUPS: Readonly<Record<string, string>> = {
  hub: "the federation's hub: init its state folder, start it, add nodes",
  federate: 'run federated jobs at a hub as its coordinator (fit, sample, validate, status, demo)',
  omop: 'OMOP CDM 5.4 in and out: export a cohort into the CDM tables, import one back',
};
