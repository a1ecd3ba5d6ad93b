/**
 * The hub's side of a federated copula fit: it never sees a table. From the merged round-1
 * measurements it builds the public transforms (`copulaTransforms`), every column's marginal as a
 * fit builds it; from the merged round-2 sums it chooses the level orders, lays out the latents
 * and estimates the correlation exactly as `fit.ts` does from rows (`estimateCopula`).
 */
import { DataError, ModelError } from '../../core/errors.js';
import type { Schema } from '../../data/schema.js';
import { CodeCodec } from './codec.js';
import { fittedCorrelation } from './correlation.js';
import { requireFederable } from './federable.js';
import { levelOrdersFromSums } from './level-order-sums.js';
import { CopulaMarginals, CopulaMoments, CopulaTransforms, transformsHash } from './measurements.js';
import {
  FeatureSums,
  latentMoments,
  latentShapes,
  momentFeatures,
  numberCodecOf,
} from './moment-features.js';
import type { ColumnModel, CopulaOptions, CopulaParams } from './params.js';
import { knotsFromSketch } from './sketch.js';

/** As the fit: fewer rows cannot support a correlation matrix of any use. */
const MIN_ROWS = 10;

/** Round 1 merged → each column's public marginal (code columns still in code order). */
export function copulaTransforms(
  merged: CopulaMarginals,
  schema: Schema,
  options: CopulaOptions,
): CopulaTransforms {
  requireFederable(options);
  const marginals = CopulaMarginals.parse(merged);
  const rows = marginals.rows;
  if (rows < MIN_ROWS) throw new DataError({}, `${rows} rows; the copula needs at least ${MIN_ROWS} to fit`);
  const columns = marginals.columns.map((c) => {
    const observed = rows - c.missing;
    if (observed === 0)
      throw new DataError(
        { column: c.name },
        'every value is missing: drop the column or fill it in before fitting',
      );
    const missing = 1 - observed / rows;
    if (c.type === 'code')
      return {
        name: c.name,
        marginal: {
          type: 'code' as const,
          levels: c.levels,
          probabilities: c.counts.map((n) => n / observed),
        },
        missing,
      };
    const kind = schema.columns.find((s) => s.name === c.name)?.kind;
    return {
      name: c.name,
      marginal: {
        type: 'number' as const,
        knots: knotsFromSketch(c, options),
        decimals: kind === 'integer' || kind === 'date' ? 0 : c.decimals,
      },
      missing,
    };
  });
  return CopulaTransforms.parse({ format: 'copula-transforms', version: 1, rows, columns });
}

/** Round 2 merged (with the transforms sent out) → the copula's parameters. */
export function estimateCopula(
  measurements: { readonly transforms: CopulaTransforms; readonly moments: CopulaMoments },
  schema: Schema,
  options: CopulaOptions,
): CopulaParams {
  requireFederable(options);
  const declared = new Set(schema.columns.map((c) => c.name));
  const transforms = CopulaTransforms.parse(measurements.transforms);
  const moments = CopulaMoments.parse(measurements.moments);
  if (moments.transforms !== transformsHash(transforms))
    throw new ModelError({}, 'the moments were measured with other transforms than these');
  for (const c of transforms.columns)
    if (!declared.has(c.name)) throw new ModelError({ column: c.name }, 'measured but not in the schema');
  const features = momentFeatures(transforms);
  if (features.map((f) => f.label).join('\u0000') !== moments.features.join('\u0000'))
    throw new ModelError({}, "the moments' features are not those of the transforms");
  if (moments.rows !== transforms.rows)
    throw new ModelError({}, `the moments cover ${moments.rows} rows, the marginals ${transforms.rows}`);
  const sums = new FeatureSums(moments.cross, moments.count, features.length);
  const orders = levelOrdersFromSums(transforms, moments.features, sums);
  const models = layoutLatents(transforms, orders);
  const codecs = models.map((model, i) =>
    model.marginal.type === 'number'
      ? numberCodecOf(transforms.columns[i], transforms.rows)
      : new CodeCodec(model.marginal),
  );
  const latent = latentMoments(sums, features, models, codecs);
  const correlation = fittedCorrelation(latent, latentShapes(models, codecs), options.minEigenvalue);
  const columns = models.map((m) => m.name);
  return {
    format: 'gaussian-copula',
    version: 2,
    rows: transforms.rows,
    columns: models,
    correlation,
    structure: { columns, joint: [], decided: [], ratios: [], strata: [], bounds: [] },
    survival: [],
  };
}

/** As the fit: value latents first, in column order, then the missingness indicators. */
function layoutLatents(transforms: CopulaTransforms, orders: ReadonlyMap<number, number[]>): ColumnModel[] {
  let next = transforms.columns.length;
  return transforms.columns.map((c, i) => {
    const m = c.marginal;
    const marginal =
      m.type === 'number'
        ? m
        : { ...m, order: orders.get(i)!, probabilities: orders.get(i)!.map((code) => m.probabilities[code]) };
    return {
      name: c.name,
      marginal,
      missing: c.missing,
      latent: i,
      missingLatent: c.missing > 0 ? next++ : null,
    };
  });
}
