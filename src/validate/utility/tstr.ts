/**
 * Train on synthetic, test on real (TSTR) against train on real, test on real (TRTR): the same
 * models, trained once on the real training table and once on the synthetic table, both scored on
 * the real holdout, which neither the generator nor the models saw (Esteban et al. 2017; Hernandez
 * et al. 2022). Features: every column except identifiers, centres, the target, and columns
 * measured after baseline (outcomes.ts: times, events, relapse, transplant — they would leak the
 * target: only a patient in remission can relapse). Training tables above
 * TSTR_MAX_TRAINING_ROWS rows are subsampled (seeded).
 */
import type { Rng } from '../../core/rng.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { encodeFeatures, subsample } from '../../ml/index.js';
import type { Skipped } from '../types.js';
import { TSTR_MAX_TRAINING_ROWS, TSTR_MIN_SKILL } from './constants.js';
import { outcomeColumns } from './outcomes.js';
import {
  type ClassModel,
  classifierSkill,
  type Design,
  type NumberModel,
  regressionSkill,
} from './tstr-models.js';
import type { TstrMetric, TstrResult } from './types.js';

export interface TstrOutcome {
  readonly results: TstrResult[];
  readonly skipped: Skipped[];
}

export interface TstrTables {
  readonly real: Table;
  readonly synthetic: Table;
  readonly holdout: Table;
  readonly schema: Schema;
  readonly rng: Rng;
}

/** The feature columns for a target (see the module comment). */
function featureColumns(table: Table, schema: Schema, target: string): string[] {
  const roles = new Map(schema.columns.map((c) => [c.name, c.role]));
  const excluded = new Set(['id', 'centre', 'time', 'event']);
  const after = outcomeColumns(schema);
  return table.names.filter(
    (name) => name !== target && !excluded.has(roles.get(name) ?? 'feature') && !after.has(name),
  );
}

export function tstrForTarget(tables: TstrTables, target: string): TstrOutcome {
  const metric = `tstr:${target}`;
  const column = tables.real.column(target);
  const features = featureColumns(tables.real, tables.schema, target);
  if (features.length === 0) return skip(metric, 'no feature columns left to predict it from');
  const rng = tables.rng.split(`tstr:${target}`);
  const real = labelled(tables.real, target, rng.split('real'));
  const synthetic = labelled(tables.synthetic, target, rng.split('synthetic'));
  const holdout = labelled(tables.holdout, target, undefined);
  if (column.type === 'number') return numberTarget(tables, target, features, real, synthetic, holdout, rng);
  const classes = column.levels.length;
  const present = (t: Table, rows: Uint32Array) =>
    new Set(Array.from(rows, (r) => t.codes(target).codes[r])).size;
  if (present(tables.real, real) < 2) return skip(metric, 'the real training rows hold a single class');
  if (present(tables.holdout, holdout) < 2) return skip(metric, 'the holdout rows hold a single class');
  if (present(tables.synthetic, synthetic) < 2) return skip(metric, 'the synthetic rows hold a single class');
  const used = usedClasses(tables.real.codes(target).codes, real, classes);
  const designs = encodeAll(tables, features, real, synthetic, holdout);
  const y = (t: Table, rows: Uint32Array) => Int32Array.from(rows, (r) => used[t.codes(target).codes[r]]);
  const k = Math.max(...used) + 1;
  // Synthetic or holdout rows of a class the real training rows lack cannot be scored: dropped.
  const keep = (t: Table, rows: Uint32Array) => rows.filter((r) => used[t.codes(target).codes[r]] >= 0);
  const kept = {
    synthetic: keep(tables.synthetic, synthetic),
    holdout: keep(tables.holdout, holdout),
  };
  const sDesign = select(designs.synthetic, synthetic, kept.synthetic);
  const hDesign = select(designs.holdout, holdout, kept.holdout);
  const truth = y(tables.holdout, kept.holdout);
  const metricName: TstrMetric = k === 2 ? 'auc' : 'macro-auc';
  const results = (['logistic-regression', 'random-forest'] as ClassModel[]).map((model): TstrResult => {
    const trr = classifierSkill(
      model,
      designs.real,
      y(tables.real, real),
      hDesign,
      truth,
      k,
      rng.split(`${model}:r`),
    );
    const tsr = classifierSkill(
      model,
      sDesign,
      y(tables.synthetic, kept.synthetic),
      hDesign,
      truth,
      k,
      rng.split(`${model}:s`),
    );
    return result(target, model, metricName, trr, tsr, real.length, kept.synthetic.length, hDesign);
  });
  return { results, skipped: [] };
}

function numberTarget(
  tables: TstrTables,
  target: string,
  features: string[],
  real: Uint32Array,
  synthetic: Uint32Array,
  holdout: Uint32Array,
  rng: Rng,
): TstrOutcome {
  const metric = `tstr:${target}`;
  if (real.length < 2 || holdout.length < 2 || synthetic.length < 2)
    return skip(metric, 'fewer than two rows with a value in a training table or the holdout');
  const designs = encodeAll(tables, features, real, synthetic, holdout);
  const values = (t: Table, rows: Uint32Array) => Float64Array.from(rows, (r) => t.numbers(target)[r]);
  const truth = values(tables.holdout, holdout);
  const results = (['ridge', 'random-forest'] as NumberModel[]).map((model): TstrResult => {
    const trr = regressionSkill(
      model,
      designs.real,
      values(tables.real, real),
      designs.holdout,
      truth,
      rng.split(`${model}:r`),
    );
    const tsr = regressionSkill(
      model,
      designs.synthetic,
      values(tables.synthetic, synthetic),
      designs.holdout,
      truth,
      rng.split(`${model}:s`),
    );
    return result(target, model, 'r2', trr, tsr, real.length, synthetic.length, designs.holdout);
  });
  return { results, skipped: [] };
}

/** The skill ratio: (TSTR − chance) / (TRTR − chance), in 0..1; null when the real model has no skill. */
export function skillRatio(metric: TstrMetric, trainReal: number, trainSynthetic: number): number | null {
  const chance = metric === 'r2' ? 0 : 0.5;
  const real = trainReal - chance;
  if (!(real > TSTR_MIN_SKILL) || !Number.isFinite(trainSynthetic)) return null;
  return Math.min(1, Math.max(0, (trainSynthetic - chance) / real));
}

function result(
  target: string,
  model: TstrResult['model'],
  metric: TstrMetric,
  trainRealTestReal: number,
  trainSyntheticTestReal: number,
  nReal: number,
  nSynthetic: number,
  test: Design,
): TstrResult {
  return {
    target,
    model,
    metric,
    trainRealTestReal,
    trainSyntheticTestReal,
    ratio: skillRatio(metric, trainRealTestReal, trainSyntheticTestReal),
    trainRows: { real: nReal, synthetic: nSynthetic },
    testRows: test.n,
    features: test.p,
  };
}

/** Rows with a value in the target, subsampled (seeded) when `rng` is given and there are too many. */
function labelled(table: Table, target: string, rng: Rng | undefined): Uint32Array {
  const column = table.column(target);
  const rows: number[] = [];
  for (let i = 0; i < table.nRows; i++)
    if (column.type === 'number' ? Number.isFinite(column.values[i]) : column.codes[i] >= 0) rows.push(i);
  const all = Uint32Array.from(rows);
  return rng ? subsample(all, TSTR_MAX_TRAINING_ROWS, rng) : all;
}

/** Class codes seen in the real training rows, renumbered 0..k−1; −1 for the others. */
function usedClasses(codes: Int32Array, rows: Uint32Array, levels: number): Int32Array {
  const seen = new Uint8Array(levels);
  for (const r of rows) seen[codes[r]] = 1;
  const out = new Int32Array(levels).fill(-1);
  let next = 0;
  for (let c = 0; c < levels; c++) if (seen[c]) out[c] = next++;
  return out;
}

/**
 * Each table's design in one encoding, fitted on the real training rows, so that both models read
 * the holdout in the same coordinates.
 */
function encodeAll(
  tables: TstrTables,
  features: string[],
  real: Uint32Array,
  synthetic: Uint32Array,
  holdout: Uint32Array,
): { real: Design; synthetic: Design; holdout: Design } {
  const r = encodeFeatures(tables.real.take(real), features, { compactBinary: true });
  const s = encodeFeatures(tables.synthetic.take(synthetic), features, { reference: r.state });
  const h = encodeFeatures(tables.holdout.take(holdout), features, { reference: r.state });
  const design = (e: { matrix: Float64Array; n: number; p: number }): Design => ({
    x: e.matrix,
    n: e.n,
    p: e.p,
  });
  return { real: design(r), synthetic: design(s), holdout: design(h) };
}

/** The design rows of `kept`, a subset of `rows` (both ascending). */
function select(design: Design, rows: Uint32Array, kept: Uint32Array): Design {
  if (kept.length === rows.length) return design;
  const x = new Float64Array(kept.length * design.p);
  let j = 0;
  for (let i = 0; i < rows.length && j < kept.length; i++) {
    if (rows[i] !== kept[j]) continue;
    x.set(design.x.subarray(i * design.p, (i + 1) * design.p), j * design.p);
    j++;
  }
  return { x, n: kept.length, p: design.p };
}

function skip(metric: string, reason: string): TstrOutcome {
  return { results: [], skipped: [{ metric, reason }] };
}
