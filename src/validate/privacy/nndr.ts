/**
 * Nearest-neighbour distance ratio: d1 / d2, the distance to the closest training row over the
 * distance to the second closest. Near 0, a row sits on one training patient rather than between
 * several: an outlier copied (Lowe 2004's ratio, as used for synthetic data by synthcity). A row at
 * distance 0 from two training rows (d2 = 0) gets ratio 1: it singles no one out.
 */
import type { Neighbours } from '../../neighbours/index.js';
import type { NndrReport } from './report.js';
import { quantile, significant, sortedCopy } from './summaries.js';

function distanceRatios(neighbours: Neighbours): Float64Array {
  const n = neighbours.distances.length / neighbours.k;
  const ratios = new Float64Array(n);
  for (let q = 0; q < n; q++) {
    const d1 = neighbours.distances[q * neighbours.k];
    const d2 = neighbours.distances[q * neighbours.k + 1];
    ratios[q] = d2 > 0 ? d1 / d2 : 1;
  }
  return ratios;
}

function summarise(ratios: Float64Array): { p5: number; median: number; rows: number } {
  const sorted = sortedCopy(ratios);
  // A ratio's quantile is one row's two distances: 2 significant digits, as DCR's.
  return {
    p5: significant(quantile(sorted, 0.05)),
    median: significant(quantile(sorted, 0.5)),
    rows: ratios.length,
  };
}

/** Needs k ≥ 2 neighbours from a training table of at least two rows. */
export function nearestNeighbourDistanceRatio(synthetic: Neighbours, holdout: Neighbours | null): NndrReport {
  return {
    synthetic: summarise(distanceRatios(synthetic)),
    holdout: holdout ? summarise(distanceRatios(holdout)) : null,
  };
}
