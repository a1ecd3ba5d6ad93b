/**
 * A found split turned into what the model stores, in the predictor's own values rather than bins.
 */
import type { BestSplit } from './best-split.js';
import type { Predictor } from './bins.js';
import type { SplitNode } from './params.js';

/**
 * A missing value or a level that some training row in this node had goes where the search put it
 * (missingness is a state with its own learned side, like the default direction of Chen &
 * Guestrin's sparsity-aware XGBoost splits). One that no training row in the node had goes to the
 * larger side, where an unknown case most likely belongs. Children are filled in by the caller.
 */
export function splitNode(
  best: BestSplit,
  p: Predictor,
  rows: Uint32Array,
  goesLeft: Uint8Array,
  nLeft: number,
): SplitNode {
  const seen = new Uint8Array(p.nBins + 1);
  for (let i = 0; i < rows.length; i++) seen[p.bins[rows[i]]] = 1;
  const largerLeft = nLeft >= rows.length - nLeft;
  const sideOf = (b: number) => (seen[b] ? goesLeft[b] === 1 : largerLeft);
  const predictor = p.position;
  if (p.kind === 'numeric') {
    if (best.bin < 0) return { test: 'missing', predictor, left: 0, right: 0 };
    const threshold = p.thresholds[best.bin];
    return { test: 'le', predictor, threshold, missingLeft: sideOf(p.nBins), left: 0, right: 0 };
  }
  const levels: number[] = [];
  for (let b = 0; b < p.nBins; b++) if (sideOf(b)) levels.push(b);
  return { test: 'in', predictor, levels, missingLeft: sideOf(p.nBins), left: 0, right: 0 };
}
