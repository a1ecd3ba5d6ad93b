/**
 * The copula's correlation matrix from its cross moments, shared by the fit on a table and the
 * estimate from merged measurements: latent correlations pair by pair (`moments.ts`), repaired into
 * a positive definite matrix (`linalg.ts`), as rows for the parameters file.
 */
import { repairCorrelation } from './linalg.js';
import { type CrossMoments, type LatentScorer, latentCorrelationMatrix } from './moments.js';

export function fittedCorrelation(
  moments: CrossMoments,
  scorers: ReadonlyArray<Pick<LatentScorer, 'atoms' | 'unpaired'>>,
  minEigenvalue: number,
): number[][] {
  const estimated = latentCorrelationMatrix(moments, scorers);
  const d = scorers.length;
  const repaired = repairCorrelation(estimated, d, minEigenvalue);
  // Rounding may leave an entry a hair beyond ±1; the file format (and any reader) expects [−1, 1].
  return Array.from({ length: d }, (_, i) =>
    Array.from(repaired.subarray(i * d, (i + 1) * d), (r) => Math.max(-1, Math.min(1, r))),
  );
}
