/**
 * The options of `validate`, declared once as a zod schema (the type is inferred from it) and
 * parsed at the top of `validate()`: a bad option is a `UsageError` that names the option, never a
 * validation dump. The seed defaults to the CLI's, so the library and the command line give the
 * same report for the same inputs. Callbacks (progress) are not options: they are `ValidateHooks`.
 */
import * as z from 'zod';
import { UsageError } from '../core/errors.js';
import type { ProgressHook } from '../core/progress.js';
import { DEFAULT_SEED } from '../core/rng.js';
import type { Schema } from '../data/schema.js';
import { Table } from '../data/table.js';
import { Thresholds } from './thresholds.js';
import { ReplicationSpec } from './utility/index.js';

const ColumnName = z.string().min(1);
const ColumnNames = z.array(ColumnName);

/** The schema is validated where it is read; here only its shape is checked. */
const SchemaShape = z.custom<Schema>(
  (v) => typeof v === 'object' && v !== null && Array.isArray((v as { columns?: unknown }).columns),
  'expected a schema (an object with columns)',
);

/** An endpoint as the user names it; the event value may be left to the schema or the data. */
export const RequestedEndpoint = z
  .object({
    name: z.string().min(1),
    time: ColumnName,
    event: ColumnName,
    eventValue: z.string().min(1).optional(),
  })
  .strict();

/**
 * How the synthetic table was made, as far as a model file truthfully knows it: generator, its
 * options (settings and column names, never a patient's value), the library version and schema
 * hash. Seeds are null when nothing recorded them (a model file does not hold its fitting seed, a
 * CSV not its sampling seed); `note` says so.
 */
export const ModelProvenance = z
  .object({
    generator: z.string().min(1),
    options: z.unknown(),
    version: z.string().min(1),
    schemaHash: z.string().min(1).optional(),
    fitSeed: z.number().int().nullable(),
    sampleSeed: z.number().int().nullable(),
    /** The model file it was read from, as the caller named it. */
    file: z.string().optional(),
    note: z.string().optional(),
  })
  .strict();

export const ValidateOptions = z
  .object({
    schema: SchemaShape,
    /** Real rows the generator never saw: the baseline for privacy and the test set for TSTR. */
    holdout: z.instanceof(Table, { message: 'expected a Table' }).optional(),
    /** Survival endpoints; default: the schema's. */
    survival: z.array(RequestedEndpoint).default([]),
    /** Prediction targets for TSTR; default: columns with role target. */
    targets: ColumnNames.default([]),
    /** What an attacker knows; default: age, sex and centre where present. */
    quasiIdentifiers: ColumnNames.optional(),
    /** Partial thresholds; the rest are the documented defaults. */
    thresholds: Thresholds.prefault({}),
    replication: ReplicationSpec.optional(),
    /** Cox covariates for every endpoint; default: chosen from the data. */
    coxTerms: ColumnNames.min(1).optional(),
    seed: z.number().int().refine(Number.isSafeInteger, 'expected a safe integer').default(DEFAULT_SEED),
    /**
     * Counts of real patients below this are suppressed in the report. At least 2: at 1 nothing
     * would be, and a count of one patient is that patient. The page's header says so when below 5.
     */
    smallCell: z
      .number()
      .int('expected a whole number')
      .min(2, 'expected a whole number of at least 2 (at 1 no count of real patients would be suppressed)')
      .default(5),
    /**
     * Check, besides the schema's rules, the rules found in the real table (every real row obeys
     * them). False where the real table is one centre of a consortium: a rule that holds in one
     * centre's patients only is not the consortium's (its rules are found across the centres).
     */
    foundRules: z.boolean().default(true),
    /** File names for messages and the report. */
    files: z
      .object({
        real: z.string().optional(),
        synthetic: z.string().optional(),
        holdout: z.string().optional(),
      })
      .strict()
      .default({}),
    model: ModelProvenance.optional(),
  })
  .strict();

/** What a caller passes (defaults may be left out). */
export type ValidateOptionsInput = z.input<typeof ValidateOptions>;
/** What `validate` works with, every default filled in. */
export type ValidateOptions = z.output<typeof ValidateOptions>;
export type ModelProvenance = z.infer<typeof ModelProvenance>;

/** What `validate` tells while it works; never part of the result. */
export interface ValidateHooks {
  /** One event per part (validity, fidelity, utility, privacy) as each finishes. */
  progress?: ProgressHook;
}

/** The options, checked and completed; the first problem names its option. */
export function parseValidateOptions(input: unknown): ValidateOptions {
  const parsed = ValidateOptions.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue.code === 'unrecognized_keys')
    throw new UsageError(
      `validate has no option ${issue.keys.map((k) => `'${k}'`).join(', ')}; its options: ${Object.keys(ValidateOptions.shape).join(', ')}`,
    );
  const option = String(issue.path[0] ?? 'options');
  const at = issue.path.length > 1 ? ` (at ${issue.path.slice(1).join('.')})` : '';
  throw new UsageError(`${option}${at}: ${issue.message}`, option);
}
