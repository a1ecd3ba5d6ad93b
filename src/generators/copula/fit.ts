/**
 * Fitting the copula reads as its algorithm: measure each column's marginal; order the levels of
 * each categorical column (`level-order.ts`); lay out one latent normal per column, plus one per
 * column that has missing values (its missingness indicator, so missingness is correlated with the
 * rest); measure the scores' cross moments (`moments.ts`); turn them into latent correlations
 * (`hermite.ts`) and repair the matrix into a positive definite one (`linalg.ts`).
 *
 * Federated fitting (not implemented here) follows the same steps in two rounds, because every
 * statistic is a sum or a mixture: (1) each centre sends its marginal sketches with its row counts;
 * the hub pools them as the count-weighted mixture of the CDFs (category counts add up) and
 * re-compresses the knots; (2) each centre scores its rows on the pooled marginals and sends the
 * sums of score products and the pairwise counts of `CrossMoments`; the hub adds them and runs the
 * same estimate. No row leaves a centre. (The level order would be fixed in round 1 from the pooled
 * centroid sums, which add up as well.)
 */
import { DataError } from '../../core/errors.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { CodeCodec, NumberCodec } from './codec.js';
import {
  type ColumnCodecs,
  codeMarginal,
  columnCodecs,
  type MeasuredColumn,
  measureColumn,
} from './columns.js';
import { type FeatureBlock, indicatorBlock, levelOrder, scoreBlock } from './level-order.js';
import { repairCorrelation } from './linalg.js';
import { crossMoments, type LatentScorer, latentCorrelationMatrix } from './moments.js';
import type { ColumnModel, CopulaOptions, CopulaParams } from './params.js';

/** Fewer rows than this cannot support a correlation matrix of any use. */
export const MIN_ROWS = 10;
/** Rows used to choose level orders: centroids need far fewer rows than correlations. */
const ORDER_SUBSAMPLE = 20_000;

export function fitCopula(table: Table, schema: Schema, options: CopulaOptions): CopulaParams {
  if (table.nRows < MIN_ROWS)
    throw new DataError({}, `${table.nRows} rows; the copula needs at least ${MIN_ROWS} to fit`);
  if (table.nColumns === 0) throw new DataError({}, 'the table has no column to model');
  const measured = table.names.map((name) => measureColumn(table, name, schema, options));
  const orders = chooseLevelOrders(measured, table.nRows);
  const models = layoutLatents(measured, orders);
  const codecs = models.map((model) => columnCodecs(model, table.nRows));
  const scorers = latentScorers(codecs, measured);
  const moments = crossMoments(scorers, table.nRows);
  const estimated = latentCorrelationMatrix(moments, scorers);
  const d = scorers.length;
  const repaired = repairCorrelation(estimated, d, options.minEigenvalue);
  // Rounding may leave an entry a hair beyond ±1; the file format (and any reader) expects [−1, 1].
  const correlation = Array.from({ length: d }, (_, i) =>
    Array.from(repaired.subarray(i * d, (i + 1) * d), (r) => Math.max(-1, Math.min(1, r))),
  );
  return { format: 'gaussian-copula', version: 1, rows: table.nRows, columns: models, correlation };
}

/** Value latents first (one per column, in table order), then the missingness indicators. */
function layoutLatents(
  measured: readonly MeasuredColumn[],
  orders: ReadonlyMap<number, number[]>,
): ColumnModel[] {
  let next = measured.length;
  return measured.map((m, i) => ({
    name: m.name,
    marginal: m.marginal.type === 'number' ? m.marginal : codeMarginal(m, orders.get(i)!),
    missing: m.missing,
    latent: i,
    missingLatent: m.missing > 0 ? next++ : null,
  }));
}

/** The latent order of every code column's levels, from a row subsample. */
function chooseLevelOrders(measured: readonly MeasuredColumn[], rows: number): Map<number, number[]> {
  const stride = Math.max(1, Math.floor(rows / ORDER_SUBSAMPLE));
  const sample = Uint32Array.from({ length: Math.ceil(rows / stride) }, (_, i) => i * stride);
  const blocks: FeatureBlock[] = [];
  const subCodes = new Map<number, Int32Array>();
  measured.forEach((m, i) => {
    const block = featureBlock(m, i, sample);
    if (block) blocks.push(block.block);
    if (block?.codes) subCodes.set(i, block.codes);
  });
  const orders = new Map<number, number[]>();
  measured.forEach((m, i) => {
    if (!('counts' in m)) return;
    const codes = subCodes.get(i) ?? new Int32Array(0);
    orders.set(i, levelOrder(i, codes, m.counts, blocks));
  });
  return orders;
}

function featureBlock(
  m: MeasuredColumn,
  owner: number,
  sample: Uint32Array,
): { block: FeatureBlock; codes?: Int32Array } {
  const column = m.column;
  if (column.type === 'number') {
    const codec = new NumberCodec(
      m.marginal as Extract<ColumnModel['marginal'], { type: 'number' }>,
      m.observed,
    );
    const scores = Float64Array.from(sample, (row) => {
      const x = column.values[row];
      return Number.isNaN(x) ? Number.NaN : codec.score(x);
    });
    return { block: scoreBlock(owner, scores) };
  }
  const codes = Int32Array.from(sample, (row) => column.codes[row]);
  const counts = (m as Extract<MeasuredColumn, { counts: Float64Array }>).counts;
  if (counts.filter((c) => c > 0).length >= 3)
    return { block: indicatorBlock(owner, codes, counts.length), codes };
  const codec = new CodeCodec(codeMarginal(m, [...counts.keys()]));
  const scores = Float64Array.from(codes, (code) => (code < 0 ? Number.NaN : codec.score(code)));
  return { block: scoreBlock(owner, scores), codes };
}

/** One scorer per latent variable, in latent order. */
function latentScorers(codecs: readonly ColumnCodecs[], measured: readonly MeasuredColumn[]): LatentScorer[] {
  const scorers: LatentScorer[] = [];
  codecs.forEach(({ model, value, missing }, i) => {
    const column = measured[i].column;
    const gappy = model.missingLatent !== null;
    scorers[model.latent] = {
      atoms: value.atoms,
      pairedWith: model.missingLatent,
      gappy,
      fill:
        column.type === 'number'
          ? (from, size, out, offset) =>
              (value as NumberCodec).scoreInto(column.values, from, size, out, 1, offset)
          : (from, size, out, offset) =>
              (value as CodeCodec).scoreInto(column.codes, from, size, out, 1, offset),
    };
    if (model.missingLatent === null || !missing) return;
    const [observed, absent] = [missing.score(0), missing.score(1)];
    scorers[model.missingLatent] = {
      atoms: missing.atoms,
      pairedWith: model.latent,
      gappy: false,
      fill: (from, size, out, offset) => {
        for (let i = 0; i < size; i++) {
          const isMissing =
            column.type === 'number' ? Number.isNaN(column.values[from + i]) : column.codes[from + i] < 0;
          out[offset + i] = isMissing ? absent : observed;
        }
      },
    };
  });
  return scorers;
}
