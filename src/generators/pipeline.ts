/**
 * What every generator shares: fit on the modelled columns, then sample in batches, recompute
 * derived columns, reject and re-draw rows that break the schema's checks or the conditions, drop
 * copies of training rows when asked, and add fresh identifiers. Nothing here knows a generator's name.
 */
import { InputError, UsageError } from '../core/errors.js';
import type { ProgressHook } from '../core/progress.js';
import { Rng } from '../core/rng.js';
import { concatTables } from '../data/concat.js';
import { compileChecks, conditionPredicate, describeCondition, type RowCheck } from '../data/rules.js';
import type { Condition, Schema } from '../data/schema.js';
import { type Column, numberColumn, Table } from '../data/table.js';
import { applyDerivations } from '../domain/derivations.js';
import type { FittedModel, Generator } from './generator.js';
import { freshIdentifiers } from './identifiers.js';
import { type ModelFile, toModelFile } from './model-file.js';
import { checkTrainingTable, completeSchema, modelledColumns } from './prepare.js';
import { generatorNamed } from './registry.js';
import { rowKeys } from './row-keys.js';
import { checkWhere } from './where.js';

/** A fitted model ready to sample, with what its file records. */
export interface Model {
  readonly generator: Generator;
  readonly fitted: FittedModel;
  readonly schema: Schema;
  readonly options: unknown;
  readonly trainingRows: number;
}

export function fitModel(
  table: Table,
  schema: Schema,
  generatorName: string,
  options: { seed: number; generatorOptions?: unknown; file?: string; progress?: ProgressHook },
): Model {
  const generator = generatorNamed(generatorName);
  checkTrainingTable(table, schema, options.file);
  const complete = completeSchema(table, schema);
  const parsedOptions = parseGeneratorOptions(generator, options.generatorOptions ?? {});
  const modelled = table.select(modelledColumns(complete));
  const fitted = generator.fit(
    {
      table: modelled,
      schema: complete,
      rng: Rng.from(options.seed).split('fit'),
      progress: options.progress,
    },
    parsedOptions,
  );
  return { generator, fitted, schema: complete, options: parsedOptions, trainingRows: table.nRows };
}

/** Generator options are the user's: a mistake names the option, never a raw validation dump. */
function parseGeneratorOptions(generator: Generator, input: unknown): unknown {
  const parsed = generator.options.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    const known = Object.keys((generator.options as { shape?: object }).shape ?? {});
    throw new UsageError(
      `the ${generator.name} generator has no option ${issue.keys.map((k) => `'${k}'`).join(', ')}${known.length ? `; its options: ${known.join(', ')}` : ''}`,
    );
  }
  throw new UsageError(`${generator.name} option '${issue.path.join('.')}': ${issue.message}`);
}

export function modelFileOf(model: Model): ModelFile {
  return toModelFile({
    generator: model.generator.name,
    options: model.options,
    schema: model.schema,
    trainingRows: model.trainingRows,
    params: model.fitted.params,
  });
}

export interface SampleOptions {
  rows: number;
  seed: number;
  where?: readonly Condition[];
  /** Rows identical to one of these (on every modelled column) are dropped and re-drawn. */
  excludeCopiesOf?: Table;
  /** Told as the first batch is drawn (re-draws are short); never changes the draws. */
  progress?: ProgressHook;
}

export interface SampleReport {
  /** Rows the generator drew in all, accepted or not. */
  drawn: number;
  /** Rejected rows by the first check each broke (a condition, a rule, a bound, or "copy of a training row"). */
  rejected: Record<string, number>;
}

/** Give up when fewer than one drawn row in this many is accepted: a rule or condition is (nearly) impossible. */
const MAX_DRAWS_PER_ROW = 200;

export function sampleModel(model: Model, options: SampleOptions): { table: Table; report: SampleReport } {
  const where = checkWhere(options.where ?? [], model.schema);
  const copies = options.excludeCopiesOf
    ? new Set(rowKeys(options.excludeCopiesOf, modelledColumns(model.schema)))
    : undefined;
  const rng = Rng.from(options.seed).split('sample');
  const report: SampleReport = { drawn: 0, rejected: {} };
  const accepted: Table[] = [];
  let have = 0;
  for (let batch = 0; have < options.rows; batch++) {
    // The first batch asks for exactly what is wanted; later ones for what is missing, scaled by
    // the acceptance seen so far with a margin, so a clean model draws no surplus at all.
    const acceptance = Math.max(have / Math.max(report.drawn, 1), 0.01);
    const missing = options.rows - have;
    const size =
      batch === 0 ? missing : Math.min(Math.ceil((missing / acceptance) * 1.1) + 16, options.rows * 4 + 1024);
    const progress = batch === 0 ? options.progress : undefined;
    const sampled = model.fitted.sample({ rows: size, rng: rng.split(batch), where, progress });
    const drawn = applyDerivations(roundToDecimals(sampled, model.schema), model.schema);
    report.drawn += size;
    const kept = keepValidRows(drawn, model.schema, where, copies, report.rejected);
    accepted.push(kept);
    have += kept.nRows;
    if (report.drawn > Math.max(options.rows, 100) * MAX_DRAWS_PER_ROW && have < options.rows)
      throw impossible(report, have, options.rows);
  }
  const rows = concatTables(accepted).take(Uint32Array.from({ length: options.rows }, (_, i) => i));
  return { table: withIdentifiers(rows, model.schema), report };
}

function keepValidRows(
  table: Table,
  schema: Schema,
  where: readonly Condition[],
  copies: Set<string> | undefined,
  rejected: Record<string, number>,
): Table {
  const checks: RowCheck[] = [
    ...where.map((c) => ({
      description: `condition ${describeCondition(c)}`,
      columns: [c.column],
      violatedAt: negate(conditionPredicate(table, c)),
    })),
    ...compileChecks(table, schema),
  ];
  const keys = copies ? rowKeys(table, modelledColumns(schema)) : undefined;
  return table.filter((row) => {
    const broken = checks.find((check) => check.violatedAt(row));
    const reason =
      broken?.description ?? (keys && copies!.has(keys[row]) ? 'copy of a training row' : undefined);
    if (reason) rejected[reason] = (rejected[reason] ?? 0) + 1;
    return reason === undefined;
  });
}

function negate(predicate: (row: number) => boolean): (row: number) => boolean {
  return (row) => !predicate(row);
}

function impossible(report: SampleReport, have: number, wanted: number): InputError {
  const [check, count] = Object.entries(report.rejected).sort((a, b) => b[1] - a[1])[0] ?? ['?', 0];
  return new InputError(
    'USAGE',
    {},
    `only ${have} of ${wanted} rows could be drawn in ${report.drawn} attempts; most rejections (${count}) break "${check}": the model cannot satisfy it — check the rule or the condition`,
  );
}

/** Puts identifier columns back, freshly generated, and the columns in schema order. */
function withIdentifiers(table: Table, schema: Schema): Table {
  return new Table(
    schema.columns.map((spec): [string, Column] => [
      spec.name,
      spec.role === 'id' ? freshIdentifiers(spec, table.nRows) : table.column(spec.name),
    ]),
  );
}

/** Numbers rounded to their column's decimal places, before the checks see them (bounds stay exact). */
function roundToDecimals(table: Table, schema: Schema): Table {
  let result = table;
  for (const spec of schema.columns) {
    if (spec.decimals === undefined || !table.has(spec.name)) continue;
    const factor = 10 ** spec.decimals;
    const rounded = table.numbers(spec.name).map((v) => Math.round(v * factor) / factor);
    result = result.withColumn(spec.name, numberColumn(rounded));
  }
  return result;
}
