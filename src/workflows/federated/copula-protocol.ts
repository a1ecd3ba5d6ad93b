/**
 * The copula fitted across sites as a federated protocol: the two rounds of
 * `docs/generators/copula.md`, each a secure-sum phase of dense vectors, so the hub learns the sums
 * and nothing of any one site (docs/federation/federated-copula.md).
 *
 *   marginals  site: conform → measureMarginals → dense counts (marginals-layout.ts), packed
 *              hub:  decode the sum → copulaTransforms (public: the next phase's input)
 *   moments    site: measureMoments under the transforms → counts and fixed-point sums (moments-layout.ts)
 *              hub:  decode the sum → estimateCopula → the model file, as a local fit writes it
 *
 * 'moments' runs over the sites whose counts 'marginals' summed, and needs every one of them
 * (`everyInputOrNothing`): a sum over fewer, set against the first, would disclose the missing
 * site's counts. The protocol is pure: the same parameters and phase history give the same plans
 * and result, which is what lets the hub rebuild a job from its stored submissions.
 */
import * as z from 'zod';
import { DataError, InputError, UsageError } from '../../core/errors.js';
import { Schema } from '../../data/schema.js';
import { requireFederable } from '../../generators/copula/federable.js';
import {
  CopulaOptions,
  copulaTransforms,
  estimateCopula,
  measureMarginals,
  measureMoments,
} from '../../generators/copula/index.js';
import { CopulaTransforms, transformsHash } from '../../generators/copula/measurements.js';
import { momentFeatures } from '../../generators/copula/moment-features.js';
import { toModelFile } from '../../generators/model-file.js';
import { fittedColumns } from '../../generators/prepare.js';
import { conformToJob } from './conform-site.js';
import {
  decodeMarginals,
  encodeMarginals,
  MAX_GRID_ENTRIES,
  marginalsLayout,
  packCounts,
  packedCountLimit,
  unpackCounts,
} from './marginals-layout.js';
import { decodeMoments, encodeMoments, momentsLayout } from './moments-layout.js';
import type { FederatedProtocol, PhasePlan, PhaseRecord } from './protocol.js';

export const COPULA_PROTOCOL = 'copula';

/** The coordinator's request: the consortium schema, the copula's options and the public row bound. */
export const CopulaJobParameters = z
  .object({
    schema: Schema,
    /** The copula's options; `rules: false` and `survival: 'copula'` are required (`federable.ts`). */
    copula: z.unknown().optional(),
    /** The most rows any site may hold (default: ⌊(2^32 − 1)/n⌋, what packed counts of n sites allow). */
    maxSiteRows: z.number().int().min(1).optional(),
    maxGridEntries: z.number().int().min(1).optional(),
  })
  .strict()
  .superRefine((parameters, context) => {
    try {
      copulaOptionsOf(parameters);
      marginalsLayout(parameters.schema, fittedColumns(parameters.schema), parameters.maxGridEntries);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      context.addIssue({ code: 'custom', message: error.message });
    }
  });
export type CopulaJobParameters = z.infer<typeof CopulaJobParameters>;

const MarginalsInput = z.object({ maxSiteRows: z.number().int().min(1) }).strict();
const MomentsInput = z.object({ transforms: CopulaTransforms, features: z.array(z.string()) }).strict();

export interface CopulaJobResult extends Record<string, unknown> {
  /** The model file's JSON, as `synthcohort fit` writes it (src/generators/model-file.ts). */
  readonly model: ReturnType<typeof toModelFile>;
  /** Rows of the sites the model was fitted on, together. */
  readonly rows: number;
  /** The sites whose measurements the model holds (those of both sums). */
  readonly sites: readonly string[];
}

export const copulaProtocol: FederatedProtocol<CopulaJobParameters, CopulaJobResult> = {
  name: COPULA_PROTOCOL,
  parameters: CopulaJobParameters,
  firstPhase(parameters, sites) {
    const limit = packedCountLimit(sites.length);
    const maxSiteRows = parameters.maxSiteRows ?? limit;
    if (maxSiteRows > limit)
      throw new UsageError(
        `maxSiteRows must be an integer in 1..${limit} for ${sites.length} sites (their counts are summed in 32 bits), got ${maxSiteRows}`,
        'maxSiteRows',
      );
    return {
      name: 'marginals',
      kind: 'secure-sum',
      input: { maxSiteRows },
      length: Math.ceil(layoutOf(parameters).length / 2),
    };
  },
  next(parameters, phases) {
    const [marginals, moments] = phases.map(sumOf);
    const merged = decodeMarginals(
      unpackCounts(marginals.sum, layoutOf(parameters).length),
      layoutOf(parameters),
    );
    const copula = copulaOptionsOf(parameters);
    const transforms = copulaTransforms(merged, parameters.schema, copula);
    const features = momentFeatures(transforms).map((f) => f.label);
    if (!moments) {
      const layout = momentsLayout(transforms, features, marginals.included.length);
      return {
        name: 'moments',
        kind: 'secure-sum',
        input: { transforms, features },
        length: layout.length,
        everyInputOrNothing: true,
        sites: marginals.included,
      } satisfies PhasePlan;
    }
    const layout = momentsLayout(transforms, features, moments.included.length);
    const summed = decodeMoments(moments.sum, layout, transformsHash(transforms));
    const params = estimateCopula({ transforms, moments: summed }, parameters.schema, copula);
    // The schema a local fit would record (`completeSchema`): numbers get the union's decimals.
    const schema = withMergedDecimals(parameters.schema, merged);
    const model = toModelFile({
      generator: 'copula',
      options: copula,
      schema,
      trainingRows: params.rows,
      params,
    });
    return { result: { model, rows: params.rows, sites: [...moments.included] } };
  },
  answer(parameters, plan, site) {
    const columns = fittedColumns(parameters.schema);
    const table = conformToJob(site.table, parameters.schema, columns);
    const copula = copulaOptionsOf(parameters);
    if (plan.name === 'marginals') {
      const { maxSiteRows } = parseInput(MarginalsInput, plan);
      if (table.nRows > maxSiteRows)
        throw new DataError(
          {},
          `site '${site.name}' holds ${table.nRows} rows; the job allows at most ${maxSiteRows} (maxSiteRows)`,
        );
      const measured = measureMarginals(table, parameters.schema, copula);
      return packCounts(encodeMarginals(measured, layoutOf(parameters)), maxSiteRows);
    }
    if (plan.name === 'moments') {
      const { transforms, features } = parseInput(MomentsInput, plan);
      const layout = momentsLayout(transforms, features, plan.sites?.length ?? 0);
      return encodeMoments(measureMoments(table, transforms), layout);
    }
    throw new DataError({}, `the copula protocol has no phase '${plan.name}'`);
  },
};

/** The copula's options for a federated fit, refused when they need row-level data. */
export function copulaOptionsOf(parameters: Pick<CopulaJobParameters, 'copula'>): CopulaOptions {
  const copula = CopulaOptions.parse(parameters.copula ?? { rules: false, survival: 'copula' });
  requireFederable(copula);
  return copula;
}

/** The fixed-point bits of the 'moments' sums of a plan (public: part of the layout). */
export function momentsFractionBits(plan: PhasePlan): number {
  const { transforms, features } = parseInput(MomentsInput, plan);
  return momentsLayout(transforms, features, plan.sites?.length ?? 0).cross.fractionBits;
}

function layoutOf(parameters: CopulaJobParameters) {
  const columns = fittedColumns(parameters.schema);
  return marginalsLayout(parameters.schema, columns, parameters.maxGridEntries ?? MAX_GRID_ENTRIES);
}

function sumOf(record: PhaseRecord) {
  if (record.result.kind !== 'secure-sum')
    throw new DataError({}, `phase '${record.plan.name}' of the copula protocol is not a secure sum`);
  return record.result;
}

function parseInput<T>(schema: z.ZodType<T>, plan: PhasePlan): T {
  const parsed = schema.safeParse(plan.input);
  if (!parsed.success)
    throw new DataError(
      {},
      `the input of phase '${plan.name}' is not what the copula protocol sends: ${parsed.error.issues[0].message}`,
    );
  return parsed.data;
}

/** As a local fit completes the schema: a numeric column without declared decimals gets the union's. */
function withMergedDecimals(schema: Schema, merged: ReturnType<typeof decodeMarginals>): Schema {
  return {
    ...schema,
    columns: schema.columns.map((spec) => {
      const column = merged.columns.find((c) => c.name === spec.name);
      if (spec.kind !== 'numeric' || spec.decimals !== undefined || column?.type !== 'number') return spec;
      return column.decimals === null ? spec : { ...spec, decimals: column.decimals };
    }),
  };
}
