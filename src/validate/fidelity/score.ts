/**
 * How the parts become the clinical fidelity score (CSF) and the dimension score; the reasoning
 * for every weight is in docs/validation/fidelity.md.
 * - CSF = weighted mean of distance, PCA overlap and association preservation (equal weights).
 * - score = geometric mean of CSF, GSF (when mutation columns exist) and the detection score, so
 *   that no view of the data can make up for another that failed.
 */
import type { ColumnFidelity, CsfParts } from './types.js';

export const CSF_WEIGHTS = { distance: 1 / 3, pca: 1 / 3, correlation: 1 / 3 } as const;

/** Mean over columns of (1 − KS or 1 − TVD) × (1 − |missing-rate difference|). */
export function distanceScore(columns: readonly ColumnFidelity[]): number | null {
  if (columns.length === 0) return null;
  return columns.reduce((s, c) => s + c.score * (1 - c.missing.difference), 0) / columns.length;
}

export function clinicalFidelity(
  distance: number | null,
  pca: number | null,
  correlation: number | null,
): { csf: number | null; parts: CsfParts } {
  const parts: Array<[number | null, number]> = [
    [distance, CSF_WEIGHTS.distance],
    [pca, CSF_WEIGHTS.pca],
    [correlation, CSF_WEIGHTS.correlation],
  ];
  const present = parts.filter((p): p is [number, number] => p[0] !== null);
  const weight = present.reduce((s, [, w]) => s + w, 0);
  const csf = present.length ? present.reduce((s, [v, w]) => s + v * w, 0) / weight : null;
  return { csf, parts: { distance, pca, correlation, weights: { ...CSF_WEIGHTS } } };
}

/** Geometric mean of the parts that could be computed; null when none could. */
export function combinedScore(parts: ReadonlyArray<number | null>): number | null {
  const present = parts.filter((p): p is number => p !== null && Number.isFinite(p));
  if (present.length === 0) return null;
  const logMean = present.reduce((s, p) => s + Math.log(Math.max(p, 1e-12)), 0) / present.length;
  return Math.min(1, Math.max(0, Math.exp(logMean)));
}
