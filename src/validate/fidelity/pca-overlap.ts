/**
 * Whole-table overlap in principal-component space. The real rows, one-hot encoded and
 * standardised (src/ml/features.ts, then standardised again inside PCA so every column weighs the
 * same), define the principal axes; the synthetic rows are projected onto them. The overlap is
 * 1 − total variation distance between the two tables' shares of a g × g grid whose cut points are
 * the real scores' quantiles on PC1 and PC2 (outer cells open-ended, so every point counts): each
 * cell holds 1/g² of the real rows when PC1 and PC2 are independent, so the measure is not
 * dominated by a few dense cells, and its noise for two samples of the same distribution stays
 * small (about ½·g·√(2/π·(1/n₁ + 1/n₂)) at most).
 */
import type { Rng } from '../../core/rng.js';
import type { Table } from '../../data/table.js';
import { encodeFeatures } from '../../ml/features.js';
import { subsample } from '../../ml/split.js';
import { innerRange, niceCuts, openBin, suppressSmallCells } from '../../stats/binning.js';
import { pcaFit, pcaProject } from '../../stats/pca.js';
import { FIDELITY_SETTINGS } from './settings.js';
import type { PcaReport } from './types.js';

export function pcaOverlap(
  real: Table,
  synthetic: Table,
  columns: readonly string[],
  rng: Rng,
  smallCell: number,
): PcaReport {
  const realRows = subsample(allRows(real.nRows), FIDELITY_SETTINGS.pcaMaxRows, rng.split('real'));
  const syntheticRows = subsample(
    allRows(synthetic.nRows),
    FIDELITY_SETTINGS.pcaMaxRows,
    rng.split('synthetic'),
  );
  const r = encodeFeatures(real.take(realRows), columns, { compactBinary: true });
  const s = encodeFeatures(synthetic.take(syntheticRows), columns, { reference: r.state });
  const fit = pcaFit(r.matrix, r.n, r.p, Math.min(r.p, 10));
  const k = Math.min(2, fit.components.length);
  const realScores = pcaProject(fit, r.matrix, r.n, k);
  const syntheticScores = pcaProject(fit, s.matrix, s.n, k);
  return {
    overlap: gridOverlap(realScores, syntheticScores, k, FIDELITY_SETTINGS.pcaGrid),
    explained: Array.from(fit.explainedVarianceRatio),
    features: r.p,
    rows: { real: r.n, synthetic: s.n },
    grid: densityGrid(realScores, syntheticScores, k, smallCell),
  };
}

export function allRows(n: number): Uint32Array {
  return Uint32Array.from({ length: n }, (_, i) => i);
}

/** 1 − TVD of the two point sets' shares of the cells of a grid of the first set's quantiles. */
export function gridOverlap(reference: Float64Array, other: Float64Array, k: number, g: number): number {
  const nRef = reference.length / k;
  const nOther = other.length / k;
  const cuts = Array.from({ length: k }, (_, c) => {
    const axis = Float64Array.from({ length: nRef }, (_, i) => reference[i * k + c]).sort();
    return Array.from({ length: g - 1 }, (_, q) => axis[Math.floor(((q + 1) * nRef) / g)]);
  });
  const cellOf = (scores: Float64Array, i: number): number => {
    let cell = 0;
    for (let c = 0; c < k; c++) {
      const v = scores[i * k + c];
      let bin = 0;
      while (bin < g - 1 && v >= cuts[c][bin]) bin++;
      cell = cell * g + bin;
    }
    return cell;
  };
  const shares = (scores: Float64Array, n: number): Float64Array => {
    const out = new Float64Array(g ** k);
    for (let i = 0; i < n; i++) out[cellOf(scores, i)] += 1 / n;
    return out;
  };
  const p = shares(reference, nRef);
  const q = shares(other, nOther);
  let tvd = 0;
  for (let c = 0; c < p.length; c++) tvd += Math.abs(p[c] - q[c]);
  return Math.max(0, 1 - tvd / 2);
}

/**
 * Both tables' shares of a grid on PC1 × PC2 for the density panels: round cut points inside the
 * central real scores, open-ended outer cells, and real cells below k suppressed (null).
 */
export function densityGrid(
  realScores: Float64Array,
  syntheticScores: Float64Array,
  k: number,
  smallCell: number,
): PcaReport['grid'] {
  const axis = (scores: Float64Array, c: number) =>
    Float64Array.from({ length: scores.length / k }, (_, i) => (c < k ? scores[i * k + c] : 0));
  const cutsOf = (c: number) => {
    const [lo, hi] = innerRange(axis(realScores, c).sort(), smallCell);
    return niceCuts(lo, hi, FIDELITY_SETTINGS.pcaGridCells);
  };
  const xCuts = cutsOf(0);
  const yCuts = cutsOf(1);
  const counts = (scores: Float64Array) => {
    const xs = axis(scores, 0);
    const ys = axis(scores, 1);
    const out = new Array<number>((xCuts.length + 1) * (yCuts.length + 1)).fill(0);
    for (let i = 0; i < xs.length; i++)
      out[openBin(yCuts, ys[i]) * (xCuts.length + 1) + openBin(xCuts, xs[i])]++;
    return out;
  };
  const nReal = realScores.length / k;
  const nSynthetic = syntheticScores.length / k;
  const real = suppressSmallCells(counts(realScores), smallCell).map((c) => (c === null ? null : c / nReal));
  const synthetic = counts(syntheticScores).map((c) => c / nSynthetic);
  const rows = (cells: (number | null)[]) =>
    Array.from({ length: yCuts.length + 1 }, (_, r) =>
      cells.slice(r * (xCuts.length + 1), (r + 1) * (xCuts.length + 1)),
    );
  return {
    x: withOuterEdges(xCuts),
    y: withOuterEdges(yCuts),
    real: rows(real),
    synthetic: rows(synthetic) as number[][],
  };
}

/** The cut points with a drawing limit one step beyond each end (the outer cells are open). */
function withOuterEdges(cuts: number[]): number[] {
  const step = cuts.length > 1 ? cuts[1] - cuts[0] : 1;
  return [cuts[0] - step, ...cuts, cuts[cuts.length - 1] + step].map((v) => Number(v.toPrecision(12)));
}
