/**
 * The contract every generator implements. A generator is a recipe (name, options, capabilities);
 * `fit` turns a table into an immutable fitted model whose parameters are plain JSON. Sampling takes
 * the randomness and the conditions as arguments. The shared pipeline (`pipeline.ts`) does what is
 * the same for all: identifiers, derived columns, rules, conditions checks and copy removal, so
 * shared code never branches on a generator's name: it asks the generator's capabilities.
 */
import type * as z from 'zod';
import { UsageError } from '../core/errors.js';
import type { ProgressHook } from '../core/progress.js';
import type { Rng } from '../core/rng.js';
import type { Condition, Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import type { RandomBits } from '../privacy/random-bits.js';

export interface Capabilities {
  /** Can be fitted from aggregated statistics alone, so a federated hub can fit it. */
  readonly federable: boolean;
  /** Gives a formal differential-privacy guarantee. */
  readonly differentialPrivacy: boolean;
  /**
   * Rounds of access to the data a fit from measurements takes: each round's request may depend on
   * what earlier rounds released (MST: the 1-way marginals, then the tree chosen from them and its
   * edges). Absent for a generator that only fits on a table.
   */
  readonly rounds?: number;
  /**
   * What the shared pipeline may read from the training table besides what the generator itself
   * measures. Absent means everything (a generator without a formal guarantee). A differentially
   * private generator says no to each: its guarantee covers only what it measured with noise.
   */
  readonly pipelineReads?: PipelineReads;
}

export interface PipelineReads {
  /** Complete categories and decimal places the schema leaves open from the data. */
  readonly schemaCompletion: boolean;
  /** Refuse data on its content (too few rows, a blank column, more categories than rows). */
  readonly trainingChecks: boolean;
  /** Record the exact number of training rows in the model file. */
  readonly rowCount: boolean;
  /** Compare synthetic rows with the training rows to drop copies. */
  readonly copyRemoval: boolean;
  /** Use rules the schema says were inferred from the data (`inferred: true`). */
  readonly inferredRules: boolean;
}

/** What a pipeline may read when a generator does not say: everything (the behaviour before issue 10). */
export const READS_EVERYTHING: PipelineReads = {
  schemaCompletion: true,
  trainingChecks: true,
  rowCount: true,
  copyRemoval: true,
  inferredRules: true,
};

/** What a pipeline may read around a differentially private fit: nothing — only the measurements do. */
export const READS_NOTHING: PipelineReads = {
  schemaCompletion: false,
  trainingChecks: false,
  rowCount: false,
  copyRemoval: false,
  inferredRules: false,
};

export function pipelineReads(capabilities: Capabilities): PipelineReads {
  return capabilities.pipelineReads ?? READS_EVERYTHING;
}

/** A differential-privacy request: the (ε, δ) one fit may spend, and the secret bits its noise is drawn from. */
export interface PrivacyRequest {
  readonly epsilon: number;
  readonly delta: number;
  /** Secret randomness (see privacy/random-bits.ts): never the synthesis `Rng`, never recorded. */
  readonly bits: RandomBits;
}

/** What a generator sees when fitting: the modelled columns only (no ids, no derived columns). */
export interface FitInput {
  readonly table: Table;
  readonly schema: Schema;
  readonly rng: Rng;
  /** Told as the fit goes (per column where the generator works per column); never changes the result. */
  readonly progress?: ProgressHook;
  /** Required by a differentially private generator, refused by the pipeline for any other. */
  readonly privacy?: PrivacyRequest;
}

/** What the measuring side of a fit sees: the data, where they live, and the privacy request. */
export interface MeasureInput {
  readonly table: Table;
  readonly schema: Schema;
  readonly privacy: PrivacyRequest;
}

export interface SampleRequest {
  readonly rows: number;
  readonly rng: Rng;
  /** Every sampled row must meet every condition (checked by the pipeline afterwards). */
  readonly where: readonly Condition[];
  /** Told as sampling goes; never changes the draws. */
  readonly progress?: ProgressHook;
}

/** A fitted model: JSON parameters plus the sampler built from them. */
export interface FittedModel<Params = unknown> {
  readonly params: Params;
  /** The modelled columns, in the training table's order. */
  sample(request: SampleRequest): Table;
}

export interface Generator<Options = unknown, Params = unknown> {
  readonly name: string;
  /** One line for `synthcohort models`. */
  readonly summary: string;
  readonly capabilities: Capabilities;
  /** Validates and fills in options; its output is what `fit` receives and the model file records. */
  readonly options: z.ZodType<Options>;
  fit(input: FitInput, options: Options): FittedModel<Params>;
  /** Rebuilds a fitted model from parameters read back from a model file. */
  restore(params: Params, schema: Schema, options: Options): FittedModel<Params>;
  /** Validates parameters read from a file before `restore` trusts them. */
  readonly paramsSchema: z.ZodType<Params>;
}

/**
 * A generator fitted from measurements (private-pgm's boundary): `measure` is the only step that
 * reads the table and releases plain, zod-validated JSON; `estimate` builds the model from that
 * JSON and the public schema alone — it never receives a Table, so it can run at a hub. For such a
 * generator `fit(input)` is exactly `estimate(measure(input))`.
 */
export interface MeasuredGenerator<Options = unknown, Params = unknown, Measured = unknown>
  extends Generator<Options, Params> {
  measure(input: MeasureInput, options: Options): Measured;
  estimate(measurements: Measured, schema: Schema, options: Options): FittedModel<Params>;
  /** Validates measurements read from elsewhere (a file, another site) before `estimate` trusts them. */
  readonly measurementsSchema: z.ZodType<Measured>;
}

export function isMeasuredGenerator(generator: Generator): generator is MeasuredGenerator {
  return typeof (generator as Partial<MeasuredGenerator>).measure === 'function';
}

/**
 * `fit` of a differentially private generator: measure (spending the request's budget), then
 * estimate from the measurements alone — the same path a hub takes with measurements from elsewhere.
 */
export function fitByMeasuring<Options, Params, Measurements>(
  name: string,
  measure: (input: MeasureInput, options: Options) => Measurements,
  estimate: (measurements: Measurements, schema: Schema, options: Options) => FittedModel<Params>,
): (input: FitInput, options: Options) => FittedModel<Params> {
  return ({ table, schema, privacy }, options) => {
    if (!privacy)
      throw new UsageError(`${name} is differentially private: give the ε and δ it may spend`, 'epsilon');
    return estimate(measure({ table, schema, privacy }, options), schema, options);
  };
}
