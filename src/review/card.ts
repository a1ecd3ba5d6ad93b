/**
 * The generator card (issue 12, step 1): how the cohort was made, in words a clinician reads before
 * judging it — the generator and its options, the privacy guarantee and budget, known limitations
 * of this generator on this schema, and the schema's rules. Only what the model file says about how
 * it was fitted is read, never its parameters' values (they may hold training values): the privacy
 * spend is the one part of the parameters a card shows.
 */
import { columnsWithRole, type Schema } from '../data/schema.js';
import { parseModelFile } from '../generators/model-file.js';
import { GENERATORS } from '../generators/registry.js';
import { describeRule } from './rule-words.js';
import type { GenerationCard } from './types.js';

export interface CardInput {
  /** The model file's JSON text, or null when the cohort came without one. */
  model: string | null;
  schema: Schema;
  syntheticRows: number;
  /** The validation report (local or federated), or null. */
  report: unknown | null;
}

/** From this many mutation columns on, the co-mutation pattern is a block worth a sentence. */
const MUTATION_BLOCK = 3;

export function generationCard(input: CardInput): GenerationCard {
  const model = input.model === null ? null : parseModelFile(input.model, 'model');
  const schema = model?.schema ?? input.schema;
  const provenance = reportProvenance(input.report);
  const generator = model?.generator ?? provenance?.generator ?? 'unknown';
  const options = plainOptions(model ? model.options : provenance?.options);
  const known = GENERATORS.find((g) => g.name === generator);
  const spend = model ? privacySpend(model.params) : null;
  const isPrivate = known?.capabilities.differentialPrivacy ?? false;
  return {
    generator,
    method: known?.summary ?? 'Not stated: the cohort came without a model file.',
    options,
    privacy: privacyLine(generator, known !== undefined, isPrivate, spend),
    epsilon: spend?.epsilon ?? null,
    delta: spend?.delta ?? null,
    trainingRows: trainingRows(model?.trainingRows, input.report),
    syntheticRows: input.syntheticRows,
    limitations: limitations(generator, options, schema, spend),
    rules: schema.rules.map((rule) => ({
      description: describeRule(rule),
      inferred: rule.inferred === true,
    })),
  };
}

interface Spend {
  epsilon: number;
  delta: number;
  /** Noise per cell of the 1-way marginals, in patients (mst). */
  oneWaySigma?: number;
}

/** mst and aim keep what they spent beside their measurements (`params.measurements.privacy`). */
function privacySpend(params: unknown): Spend | null {
  const privacy = (params as { measurements?: { privacy?: Record<string, unknown> } } | null)?.measurements
    ?.privacy;
  if (!privacy || typeof privacy.epsilon !== 'number' || typeof privacy.delta !== 'number') return null;
  return {
    epsilon: privacy.epsilon,
    delta: privacy.delta,
    ...(typeof privacy.oneWaySigma === 'number' ? { oneWaySigma: privacy.oneWaySigma } : {}),
  };
}

function privacyLine(generator: string, known: boolean, isPrivate: boolean, spend: Spend | null): string {
  if (spend) return `(ε = ${small(spend.epsilon)}, δ = ${small(spend.delta)}) differential privacy`;
  if (!known) return 'not stated: no model file tells how the cohort was made';
  if (isPrivate) return `differentially private (${generator}), budget not recorded in the model`;
  return 'none: not differentially private';
}

/** 1e-6, not 0.000001: budgets are read as powers of ten. */
function small(x: number): string {
  return x > 0 && x < 1e-3 ? x.toExponential() : String(x);
}

/** A private model records 0 training rows on purpose (the count is not covered by its guarantee). */
function trainingRows(recorded: number | undefined, report: unknown): number | null {
  if (recorded !== undefined) return recorded > 0 ? recorded : null;
  const real = (report as { rows?: { real?: unknown } } | null)?.rows?.real;
  return typeof real === 'number' && Number.isInteger(real) && real >= 0 ? real : null;
}

/** The model provenance a local validation report carries (`report.model`), if any. */
function reportProvenance(report: unknown): { generator: string; options: unknown } | null {
  const model = (report as { model?: { generator?: unknown; options?: unknown } } | null)?.model;
  return model && typeof model.generator === 'string'
    ? { generator: model.generator, options: model.options }
    : null;
}

type Plain = string | number | boolean | null;

function plainOptions(options: unknown): Record<string, Plain> {
  if (!options || typeof options !== 'object') return {};
  const out: Record<string, Plain> = {};
  for (const [key, value] of Object.entries(options as Record<string, unknown>)) {
    if (value === undefined) continue;
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) out[key] = value as Plain;
    else if (Array.isArray(value)) out[key] = value.map(String).join(', ');
    else out[key] = JSON.stringify(value);
  }
  return out;
}

/** What this generator is known to get wrong, on this schema, each in one sentence. */
function limitations(
  generator: string,
  options: Record<string, Plain>,
  schema: Schema,
  spend: Spend | null,
): string[] {
  const out = [...methodLimitations(generator, options, spend)];
  const survival = survivalLimitation(generator, options, schema);
  if (survival) out.push(survival);
  if (columnsWithRole(schema, 'mutation').length >= MUTATION_BLOCK) out.push(mutationLimitation(generator));
  const checked = schema.rules.filter((r) => r.type !== 'derived').length;
  if (checked > 0)
    out.push(
      `Rows breaking any of the schema's ${checked} rules are rejected and drawn again, so the rules hold, but patients close to a rule's edge may be fewer than in the real data.`,
    );
  return out;
}

function methodLimitations(generator: string, options: Record<string, Plain>, spend: Spend | null): string[] {
  switch (generator) {
    case 'copula':
      return [
        'Each column keeps its own distribution smoothed, but columns depend on each other only through one Gaussian correlation: interactions (an effect present in one subgroup only) and non-monotone relations may be missed.',
        `A value shared by fewer than ${options.minAtomCount ?? 5} patients is smoothed into its neighbours rather than kept as it was.`,
      ];
    case 'cart':
      return [
        `Every value is drawn from a leaf of at least ${options.minLeaf ?? 15} real patients: rare combinations can be reproduced close to real patients, which the privacy checks of the report measure.`,
        'Each column is drawn given the columns before it in the visit order only, so relations with later columns are kept only as far as those later trees use the earlier ones.',
      ];
    case 'mst':
    case 'aim': {
      const noise =
        spend?.oneWaySigma === undefined
          ? ''
          : ` (about ±${Math.round(spend.oneWaySigma)} patients per count)`;
      return [
        generator === 'mst'
          ? 'Only the 1-way and a tree of 2-way marginals are kept: associations among three or more columns, and between columns the tree does not join, are lost.'
          : 'Only the marginals the workload selected (mostly 1- and 2-way) are kept: associations outside them are lost.',
        `Counts are measured with noise${noise}: rare categories and subtypes below the noise scale are smoothed away or over-represented.`,
        `Numbers are binned (${options.bins ?? 16} bins between their declared bounds) and drawn uniformly within a bin: shapes finer than a bin are lost.`,
      ];
    }
    default:
      return ['The generator is not known: its limitations cannot be stated.'];
  }
}

function survivalLimitation(
  generator: string,
  options: Record<string, Plain>,
  schema: Schema,
): string | null {
  if (schema.endpoints.length === 0) return null;
  const names = schema.endpoints.map((e) => e.name).join(', ');
  if ((generator === 'copula' || generator === 'cart') && (options.survival ?? 'cox') === 'cox')
    return `Survival (${names}) is drawn from proportional-hazards models given the rest of the row: effects that change over time are flattened to one hazard ratio.`;
  if (generator === 'copula')
    return `Survival (${names}) is drawn as two more copula columns: the time follows its event level's distribution, and covariate effects only through the Gaussian correlation.`;
  if (generator === 'cart')
    return `Survival (${names}) is drawn from trees: a time is one of the times of real patients in the same leaf, possibly smoothed.`;
  if (generator === 'mst' || generator === 'aim')
    return `Survival times (${names}) are drawn uniformly within their bin, so the curves are right only to within a bin's width.`;
  return null;
}

function mutationLimitation(generator: string): string {
  switch (generator) {
    case 'copula':
      return 'Mutations co-occur through pairwise latent correlations only: patterns of three or more mutations are approximated.';
    case 'cart':
      return 'Mutations are drawn one after another given the earlier columns: rare co-mutation patterns may be reproduced from few real patients.';
    case 'mst':
    case 'aim':
      return 'Co-mutation patterns are kept only for the pairs of mutations that were measured; rare mutations may vanish in the noise.';
    default:
      return 'How co-occurring mutations were modelled is not stated.';
  }
}
