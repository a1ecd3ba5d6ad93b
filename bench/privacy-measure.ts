/**
 * One table, one seed: a 70/30 split into training and holdout, what a fresh real sample (the
 * holdout) scores against the training rows, and the same scores for one synthetic table.
 * - exact copies: rows identical to some training row on every non-id column (the validation's hash
 *   index, src/validate/privacy/exact-matches.ts);
 * - closer than holdout p5: the share of rows whose Gower distance to the closest training row lies
 *   below the 5th percentile of the holdout's (ties count half, as `validate` counts them); the
 *   holdout itself scores ≈ 0.05 by construction (Platzer & Reutterer 2021);
 * - quality: the SDMetrics-style score of bench/peers-quality.ts, synthetic against training;
 * - the Cox coefficients of bench/privacy-cox.ts.
 */
import { Rng } from '../src/core/rng.js';
import type { Schema } from '../src/data/schema.js';
import { splitRows } from '../src/data/split.js';
import type { Table } from '../src/data/table.js';
import { buildNeighbourIndex, distanceColumns, encodeGower, kNearest } from '../src/neighbours/index.js';
import { ExactRowIndex, rowKeys } from '../src/validate/privacy/exact-matches.js';
import { quantile, shareBelow, sortedCopy } from '../src/validate/privacy/summaries.js';
import { sdmetricsFrame } from './peers-frame.js';
import { qualityReport } from './peers-quality.js';
import { type CoxComparison, type CoxResult, compareCox, fitCox } from './privacy-cox.js';
import type { BenchTable } from './privacy-tables.js';

export const HOLDOUT_SHARE = 0.3;

export interface Split {
  readonly seed: number;
  readonly training: Table;
  readonly holdout: Table;
  /** The holdout's distance to the closest training row: its 5th percentile. */
  readonly holdoutP5: number;
  readonly holdoutCopies: number;
  readonly holdoutCloser: number;
  readonly realCox: CoxResult;
}

export interface Privacy {
  readonly copies: number;
  readonly closer: number;
}

export interface RunScores extends Privacy {
  readonly quality: number;
  readonly cox: CoxComparison | undefined;
}

/** Training and holdout rows for a seed; all rows of one patient land on the same side. */
export function holdoutSplit(bench: BenchTable, seed: number): Split {
  const rng = Rng.from(seed).split('holdout');
  const { training, holdout } = bench.patient
    ? splitPatients(bench.table, bench.patient, rng)
    : splitRows(bench.table.nRows, HOLDOUT_SHARE, rng);
  const train = bench.table.take(training);
  const held = bench.table.take(holdout);
  const { distances, copies } = againstTraining(bench.schema, train, held);
  const holdoutP5 = quantile(sortedCopy(distances), 0.05);
  return {
    seed,
    training: train,
    holdout: held,
    holdoutP5,
    holdoutCopies: copies,
    holdoutCloser: shareBelow(distances, holdoutP5),
    realCox: fitCox(train, bench.schema, bench.cox),
  };
}

function splitPatients(
  table: Table,
  column: string,
  rng: Rng,
): { training: Uint32Array; holdout: Uint32Array } {
  const ids = Array.from({ length: table.nRows }, (_, row) => String(table.cell(column, row)));
  const patients = [...new Set(ids)];
  const held = new Set(
    Array.from(splitRows(patients.length, HOLDOUT_SHARE, rng).holdout, (i) => patients[i]),
  );
  const rows = (inHoldout: boolean) =>
    Uint32Array.from(ids.flatMap((id, row) => (held.has(id) === inHoldout ? [row] : [])));
  return { training: rows(false), holdout: rows(true) };
}

export function privacyOf(schema: Schema, split: Split, synthetic: Table): Privacy {
  const { distances, copies } = againstTraining(schema, split.training, synthetic);
  return { copies, closer: shareBelow(distances, split.holdoutP5) };
}

export function scoreRun(bench: BenchTable, split: Split, synthetic: Table): RunScores {
  return {
    ...privacyOf(bench.schema, split, synthetic),
    quality: qualityReport(sdmetricsFrame(split.training, synthetic, bench.schema)).quality,
    cox: compareCox(split.realCox, fitCox(synthetic, bench.schema, bench.cox)),
  };
}

/**
 * Each row of `query`: its Gower distance to the closest training row (every non-id column), and the
 * share of its rows identical to some training row.
 */
function againstTraining(
  schema: Schema,
  training: Table,
  query: Table,
): { distances: Float64Array; copies: number } {
  const { space, rows } = encodeGower(schema, [training, query], distanceColumns(schema, [training, query]));
  const { distances } = kNearest(buildNeighbourIndex(space, rows[0]), rows[1], 1);
  const exact = new ExactRowIndex(space, rowKeys(space, training, rows[0]));
  return { distances, copies: exact.countMatches(rowKeys(space, query, rows[1])) / query.nRows };
}
