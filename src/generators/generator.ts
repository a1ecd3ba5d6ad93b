/**
 * The contract every generator implements. A generator is a recipe (name, options, capabilities);
 * `fit` turns a table into an immutable fitted model whose parameters are plain JSON. Sampling takes
 * the randomness and the conditions as arguments. The shared pipeline (`pipeline.ts`) does what is
 * the same for all: identifiers, derived columns, rules, conditions checks and copy removal, so
 * shared code never branches on a generator's name.
 */
import type * as z from 'zod';
import type { ProgressHook } from '../core/progress.js';
import type { Rng } from '../core/rng.js';
import type { Condition, Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';

export interface Capabilities {
  /** Can be fitted from aggregated statistics alone, so a federated hub can fit it. */
  readonly federable: boolean;
  /** Gives a formal differential-privacy guarantee. */
  readonly differentialPrivacy: boolean;
}

/** What a generator sees when fitting: the modelled columns only (no ids, no derived columns). */
export interface FitInput {
  readonly table: Table;
  readonly schema: Schema;
  readonly rng: Rng;
  /** Told as the fit goes (per column where the generator works per column); never changes the result. */
  readonly progress?: ProgressHook;
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
