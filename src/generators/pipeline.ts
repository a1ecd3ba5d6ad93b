/**
 * What every generator shares: fit on the modelled columns, then sample in batches, recompute
 * derived columns, reject and re-draw rows that break the schema's checks or the conditions, drop
 * copies of training rows when asked, and add fresh identifiers. Nothing here knows a generator's
 * name: what the pipeline itself reads from the training table (schema completion, content checks,
 * the row count, copies, inferred rules) is gated on the generator's capabilities, so that nothing
 * outside a differentially private generator's own measurements reads the data (issue 10, item 2).
 */
import { DataError, InputError, UsageError } from '../core/errors.js';
import type { ProgressHook } from '../core/progress.js';
import { Rng } from '../core/rng.js';
import { concatTables } from '../data/concat.js';
import { compileChecks, conditionPredicate, describeCondition, type RowCheck } from '../data/rules.js';
import type { Condition, Schema } from '../data/schema.js';
import { type Column, numberColumn, Table } from '../data/table.js';
import { applyDerivations, copiedColumns } from '../domain/derivations.js';
import { datasetKey } from '../privacy/dataset-key.js';
import type { PrivacyBudget, PrivacyLedger } from '../privacy/ledger.js';
import { zcdpRho } from '../privacy/zcdp.js';
import {
  type FittedModel,
  type Generator,
  type PipelineReads,
  type PrivacyRequest,
  pipelineReads,
} from './generator.js';
import { freshIdentifiers } from './identifiers.js';
import { type ModelFile, toModelFile } from './model-file.js';
import { checkTrainingTable, completeSchema, fittedColumns, modelledColumns } from './prepare.js';
import { generatorNamed } from './registry.js';
import { rowKeys } from './row-keys.js';
import { checkWhere } from './where.js';

/** A fitted model ready to sample, with what its file records. */
export interface Model {
  readonly generator: Generator;
  readonly fitted: FittedModel;
  readonly schema: Schema;
  readonly options: unknown;
  /** The exact training row count, or 0 when the generator's guarantee forbids recording it. */
  readonly trainingRows: number;
}

/** A differentially private fit: the (ε, δ) it spends, its secret noise bits, and where the spend is recorded. */
export interface PrivateFit extends PrivacyRequest {
  /** The spend is recorded here, keyed by the table's content hash, before anything is measured. */
  readonly ledger?: PrivacyLedger;
  /** The total the ledger may not exceed on this table: over it, nothing is measured. */
  readonly budget?: PrivacyBudget;
}

export interface FitOptions {
  seed: number;
  generatorOptions?: unknown;
  file?: string;
  progress?: ProgressHook;
  /** Required by a differentially private generator, refused for any other. */
  privacy?: PrivateFit;
}

export function fitModel(
  table: Table,
  schema: Schema,
  generatorOrName: Generator | string,
  options: FitOptions,
): Model {
  const generator = typeof generatorOrName === 'string' ? generatorNamed(generatorOrName) : generatorOrName;
  const reads = pipelineReads(generator.capabilities);
  checkPrivacy(generator, options.privacy);
  checkRules(generator, reads, schema);
  if (reads.trainingChecks) checkTrainingTable(table, schema, options.file);
  else checkDeclaredColumns(table, schema, options.file);
  const complete = reads.schemaCompletion ? completeSchema(table, schema) : schema;
  const parsedOptions = parseGeneratorOptions(generator, options.generatorOptions ?? {});
  // Copied columns are the pipeline's to fill after sampling (`applyDerivations`), not a model's.
  const modelled = table.select(fittedColumns(complete));
  const privacy = options.privacy;
  if (privacy?.ledger)
    privacy.ledger.spend(
      datasetKey(table),
      {
        mechanism: `${generator.name} fit`,
        generator: generator.name,
        // What the (ε, δ) request allows: the generator's samplers spend at most this.
        rho: zcdpRho(privacy.epsilon, privacy.delta),
        epsilon: privacy.epsilon,
        delta: privacy.delta,
      },
      privacy.budget,
    );
  const fitted = generator.fit(
    {
      table: modelled,
      schema: complete,
      rng: Rng.from(options.seed).split('fit'),
      progress: options.progress,
      privacy: privacy && { epsilon: privacy.epsilon, delta: privacy.delta, bits: privacy.bits },
    },
    parsedOptions,
  );
  const trainingRows = reads.rowCount ? table.nRows : 0;
  return { generator, fitted, schema: complete, options: parsedOptions, trainingRows };
}

/** A private generator needs (ε, δ); any other would give a false impression of a guarantee. */
function checkPrivacy(generator: Generator, privacy: PrivacyRequest | undefined): void {
  if (generator.capabilities.differentialPrivacy && !privacy)
    throw new UsageError(
      `the ${generator.name} generator is differentially private: say the privacy budget (ε and δ) the fit may spend`,
      'epsilon',
    );
  if (!generator.capabilities.differentialPrivacy && privacy)
    throw new UsageError(
      `the ${generator.name} generator gives no differential-privacy guarantee, so ε and δ mean nothing to it; choose a private generator (see the list of models) or leave them out`,
      'epsilon',
    );
  if (privacy && !(privacy.epsilon > 0 && Number.isFinite(privacy.epsilon)))
    throw new UsageError(`epsilon must be a finite number > 0, got ${privacy.epsilon}`, 'epsilon');
  if (privacy && !(privacy.delta > 0 && privacy.delta < 1))
    throw new UsageError(`delta must be in (0, 1), got ${privacy.delta}`, 'delta');
}

/** Rules learnt from the data would carry the data into the synthetic rows outside the guarantee. */
function checkRules(generator: Generator, reads: PipelineReads, schema: Schema): void {
  if (reads.inferredRules) return;
  const inferred = schema.rules.filter((r) => r.inferred).length;
  if (inferred > 0)
    throw new UsageError(
      `the schema has ${inferred} rule${inferred === 1 ? '' : 's'} inferred from the data, which the ${generator.name} generator's privacy guarantee does not cover: declare the schema (its rules marked as yours, not inferred) or infer it without rules`,
      'rules',
    );
}

/** Without content checks, only what the header shows: every declared column is there. */
function checkDeclaredColumns(table: Table, schema: Schema, file?: string): void {
  for (const spec of schema.columns)
    if (!table.has(spec.name))
      throw new DataError(
        { file, column: spec.name },
        'the schema declares this column but the data lacks it',
      );
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
  if (options.excludeCopiesOf && !pipelineReads(model.generator.capabilities).copyRemoval)
    throw new UsageError(
      `excludeCopiesOf: the ${model.generator.name} generator is differentially private, and comparing its rows with the training rows would read the data outside its guarantee (which already bounds what any row discloses); sample without it`,
      'excludeCopiesOf',
    );
  const copies = options.excludeCopiesOf
    ? new Set(rowKeys(options.excludeCopiesOf, modelledColumns(model.schema)))
    : undefined;
  // No model holds a copied column: a condition on one is met by rejection, after the copy.
  const copied = copiedColumns(model.schema);
  const modelWhere = where.filter((c) => !copied.has(c.column));
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
    const sampled = model.fitted.sample({ rows: size, rng: rng.split(batch), where: modelWhere, progress });
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
