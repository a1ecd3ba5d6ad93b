/**
 * Feedback into generation (issue 12): the rules a coordinator accepted from the review become part
 * of a new schema version, the model is brought up to it, and a new cohort is drawn that breaks none
 * of them. How the model is brought up depends on what the site may do:
 *  - `refitted`: a generator without a privacy guarantee, with the site's real table at hand, is
 *    fitted again on it with the new schema (same generator, options and seed);
 *  - `re-estimated`: a differentially private generator that keeps its measurements (mst, aim keep
 *    them in `params.measurements`) is estimated again from them with the new schema — post-
 *    processing of what was already released, so no new privacy spend. It is never refitted on the
 *    data, even when the data are at hand: that would spend the budget a second time;
 *  - `resampled`: otherwise the fitted parameters are kept as they are.
 * In every case the cohort is drawn by `sampleModel`, which rejects and re-draws rows that break the
 * schema's rules, so the new cohort breaks no accepted rule.
 */
import { formatCsv } from '../data/csv/write.js';
import { compileChecks } from '../data/rules.js';
import type { Rule, Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import { isMeasuredGenerator } from '../generators/generator.js';
import { loadModel } from '../generators/load.js';
import { fitModel, type Model, modelFileOf, sampleModel } from '../generators/pipeline.js';
import { describeRule, ruleKey } from '../review/rule-words.js';
import type { RoundChanges } from '../review/types.js';
import { tableFromCsvText } from './validate.js';

export interface Regenerated {
  schema: Schema;
  /** The new model file's JSON text. */
  model: string;
  synthetic: Table;
  /** The new cohort as CSV text, as `writeTable` would write it. */
  csv: string;
  how: 'refitted' | 're-estimated' | 'resampled';
}

export interface RegenerateInput {
  /** The model file's JSON text. */
  model: string;
  accepted: readonly Rule[];
  rows: number;
  seed: number;
  /** The site's real table, when the app has it. */
  data?: Table;
}

export function regenerate(input: RegenerateInput): Regenerated {
  const old = loadModel(input.model, 'model');
  const schema = withRules(old.schema, input.accepted);
  const { model, how } = updated(old, schema, input);
  const synthetic = sampleModel(model, { rows: input.rows, seed: input.seed }).table;
  return {
    schema: model.schema,
    model: JSON.stringify(modelFileOf(model)),
    synthetic,
    csv: formatCsv(synthetic, model.schema),
    how,
  };
}

/**
 * The schema with the accepted rules added once each. A rule a clinician accepted is declared, not
 * inferred: a private generator refuses inferred rules (they would carry the data outside its
 * guarantee), and this one came from reviewing synthetic rows, not from reading the real ones.
 */
export function withRules(schema: Schema, accepted: readonly Rule[]): Schema {
  const have = new Set(schema.rules.map(ruleKey));
  const added: Rule[] = [];
  for (const rule of accepted) {
    const key = ruleKey(rule);
    if (have.has(key)) continue;
    have.add(key);
    const { inferred: _inferred, ...declared } = rule;
    added.push(declared as Rule);
  }
  return { ...schema, rules: [...schema.rules, ...added] };
}

function updated(
  old: Model,
  schema: Schema,
  input: RegenerateInput,
): { model: Model; how: Regenerated['how'] } {
  const { generator } = old;
  if (generator.capabilities.differentialPrivacy) {
    const measurements = (old.fitted.params as { measurements?: unknown } | null)?.measurements;
    if (isMeasuredGenerator(generator) && measurements !== undefined) {
      const checked = generator.measurementsSchema.parse(measurements);
      const fitted = generator.estimate(checked, schema, old.options);
      return { model: { ...old, fitted, schema }, how: 're-estimated' };
    }
    return { model: { ...old, schema }, how: 'resampled' };
  }
  if (input.data) {
    const model = fitModel(input.data, schema, generator, {
      seed: input.seed,
      generatorOptions: old.options,
    });
    return { model, how: 'refitted' };
  }
  return { model: { ...old, schema }, how: 'resampled' };
}

export interface RoundChangesInput {
  before: Table;
  after: Table;
  schema: Schema;
  accepted: readonly Rule[];
  fromVersion: number;
  toVersion: number;
  how: Regenerated['how'];
  notRealisticBefore: number | null;
}

/** Per accepted rule, the records breaking it in the earlier and in the new cohort. */
export function roundChanges(input: RoundChangesInput): RoundChanges {
  return {
    fromVersion: input.fromVersion,
    toVersion: input.toVersion,
    how: input.how,
    rules: input.accepted.map((rule) => ({
      description: describeRule(rule),
      breakingBefore: breaking(input.before, input.schema, rule),
      breakingAfter: breaking(input.after, input.schema, rule),
    })),
    notRealisticBefore: input.notRealisticBefore,
  };
}

/** Rows breaking one rule, counted by the same predicates the sampler rejects rows with. */
export function breaking(table: Table, schema: Schema, rule: Rule): number {
  const [check] = compileChecks(table, { ...schema, columns: [], rules: [rule] });
  if (!check) return 0;
  let count = 0;
  for (let row = 0; row < table.nRows; row++) if (check.violatedAt(row)) count++;
  return count;
}

/** A cohort sent as CSV text, read with its schema as a CSV file would be. */
export function tableFromCsv(text: string, schema: Schema, name: string): Table {
  return tableFromCsvText(text, schema, name);
}
