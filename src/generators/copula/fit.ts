/**
 * Fitting the copula reads as its algorithm: build the schema's rules into the columns
 * (`structure.ts`: joint groups, decided cells, fractions, stratified times); measure each column's marginal; order the levels of
 * each categorical column (`level-order.ts`); lay out one latent normal per column, plus one per
 * column that has missing values (its missingness indicator, so missingness is correlated with the
 * rest); measure the scores' cross moments (`moments.ts`); turn them into latent correlations
 * (`hermite.ts`) and repair the matrix into a positive definite one (`linalg.ts`).
 *
 * Fitted from measurements across sites (`measure.ts`, `estimate.ts`, docs/generators/copula.md)
 * the same steps run in two rounds: (1) each site sends its columns' sketches (counts on a public
 * grid) and the hub builds the marginals; (2) each site scores its rows on them and sends the sums
 * of products of scores and level indicators; the hub chooses the level orders from those sums and
 * estimates the correlation with the functions used here. No row leaves a site. The rules'
 * structure and the Cox survival models are not covered yet (`federable.ts`).
 */
import { DataError } from '../../core/errors.js';
import type { ProgressHook } from '../../core/progress.js';
import type { Schema } from '../../data/schema.js';
import { columnLength, isMissing, type Table } from '../../data/table.js';
import { CodeCodec, NumberCodec } from './codec.js';
import {
  type ColumnCodecs,
  codeMarginal,
  columnCodecs,
  type MeasuredColumn,
  measureColumn,
} from './columns.js';
import { fittedCorrelation } from './correlation.js';
import { type FeatureBlock, indicatorBlock, levelOrder, scoreBlock } from './level-order.js';
import { crossMoments, type LatentScorer } from './moments.js';
import type { ColumnModel, CopulaOptions, CopulaParams } from './params.js';
import { type Encoded, encodeTable, planStructure, type Strata } from './structure.js';
import { planSurvival } from './survival.js';

/** Fewer rows than this cannot support a correlation matrix of any use. */
const MIN_ROWS = 10;
/** Rows used to choose level orders: centroids need far fewer rows than correlations. */
const ORDER_SUBSAMPLE = 20_000;

export function fitCopula(
  table: Table,
  schema: Schema,
  options: CopulaOptions,
  progress?: ProgressHook,
): CopulaParams {
  if (table.nRows < MIN_ROWS)
    throw new DataError({}, `${table.nRows} rows; the copula needs at least ${MIN_ROWS} to fit`);
  if (table.nColumns === 0) throw new DataError({}, 'the table has no column to model');
  const structure = planStructure(table, schema, options);
  const encoded = encodeTable(table, structure);
  // Steps: each column's marginal, then the latent correlation, then the survival models.
  const total = encoded.table.nColumns + 2;
  const step = (done: number, item: string) =>
    progress?.({ task: 'fitting copula', unit: 'step', done, total, item });
  progress?.({ task: 'fitting copula', unit: 'step', done: 0, total });
  const measured = encoded.table.names.map((name, i) => {
    const column = measureColumn(encoded.table, name, schema, options, {
      fraction: encoded.fractions.has(name),
      indicator: encoded.indicators.get(name),
    });
    step(i + 1, `marginal of ${name}`);
    return column;
  });
  const orders = chooseLevelOrders(measured, table.nRows);
  const models = layoutLatents(measured, orders);
  const codecs = models.map((model) => columnCodecs(model, table.nRows));
  const scorers = latentScorers(codecs, measured, encoded);
  const moments = crossMoments(scorers, table.nRows);
  const correlation = fittedCorrelation(moments, scorers, options.minEigenvalue);
  step(total - 1, 'latent correlation');
  const survival = options.survival === 'cox' ? planSurvival(table, schema) : [];
  step(total, 'survival models');
  return {
    format: 'gaussian-copula',
    version: 2,
    rows: table.nRows,
    columns: models,
    correlation,
    structure,
    survival,
  };
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
function latentScorers(
  codecs: readonly ColumnCodecs[],
  measured: readonly MeasuredColumn[],
  encoded: Encoded,
): LatentScorer[] {
  const unpaired = unpairedLatents(codecs, encoded);
  const scorers: LatentScorer[] = [];
  codecs.forEach(({ model, value, missing }, i) => {
    const m = measured[i];
    const column = m.column;
    const own = unpaired.get(model.latent) ?? [];
    const strata = encoded.strata.get(model.name);
    scorers[model.latent] = {
      atoms: value.atoms,
      unpaired: model.missingLatent === null ? own : [...own, model.missingLatent],
      gappy: m.observed < columnLength(column),
      fill: strata
        ? stratifiedScores(column as Extract<typeof column, { type: 'number' }>, strata, value as NumberCodec)
        : column.type === 'number'
          ? (from, size, out, offset) =>
              (value as NumberCodec).scoreInto(column.values, from, size, out, 1, offset)
          : (from, size, out, offset) =>
              (value as CodeCodec).scoreInto(column.codes, from, size, out, 1, offset),
    };
    if (model.missingLatent === null || !missing) return;
    const [observed, absent] = [missing.score(0), missing.score(1)];
    const indicator = encoded.indicators.get(model.name);
    scorers[model.missingLatent] = {
      atoms: missing.atoms,
      unpaired: [...(unpaired.get(model.missingLatent) ?? []), model.latent],
      gappy: indicator?.includes(-1) ?? false,
      fill: (from, size, out, offset) => {
        for (let i = 0; i < size; i++) {
          const state = indicator ? indicator[from + i] : isMissing(column, from + i) ? 1 : 0;
          out[offset + i] = state < 0 ? Number.NaN : state === 1 ? absent : observed;
        }
      },
    };
  });
  return scorers;
}

/** For each latent, the latents whose correlation with it is left at 0 (see `Encoded.unpaired`). */
function unpairedLatents(codecs: readonly ColumnCodecs[], encoded: Encoded): Map<number, number[]> {
  const latents = new Map(
    codecs.map(({ model }) => [
      model.name,
      model.missingLatent === null ? [model.latent] : [model.latent, model.missingLatent],
    ]),
  );
  const model = new Map(codecs.map(({ model }) => [model.name, model]));
  const out = new Map<number, number[]>();
  const unpair = (a: number, b: number) => out.set(a, [...(out.get(a) ?? []), b]);
  for (const { column, by, value, indicator } of encoded.unpaired) {
    const own = model.get(column)!;
    const mine = [
      ...(value ? [own.latent] : []),
      ...(indicator && own.missingLatent !== null ? [own.missingLatent] : []),
    ];
    for (const a of mine) for (const b of latents.get(by) ?? []) unpair(a, b);
  }
  return out;
}

/** Scores within each row's stratum: Φ⁻¹(F_e(t)) with F_e the marginal of the row's event level. */
function stratifiedScores(
  column: { values: Float64Array },
  strata: Strata,
  pooled: NumberCodec,
): LatentScorer['fill'] {
  const counts = new Map<number, number>();
  for (const code of strata.by) counts.set(code, (counts.get(code) ?? 0) + 1);
  const codecs = strata.marginals.map((m, code) => (m ? new NumberCodec(m, counts.get(code) ?? 1) : pooled));
  return (from, size, out, offset) => {
    for (let i = 0; i < size; i++) {
      const x = column.values[from + i];
      out[offset + i] = Number.isNaN(x) ? Number.NaN : (codecs[strata.by[from + i]] ?? pooled).score(x);
    }
  };
}
