/**
 * The order of a categorical column's levels on its latent normal scale. A Gaussian copula carries
 * only monotone dependence, so a categorical column's association with the others survives only as
 * far as its levels are ordered along that dependence. We take the order of optimal scaling: the
 * first axis of the level centroids in the space of the other columns (numbers by their normal
 * scores, other categorical columns as standardised indicators scaled by 1/√(L−1), as in multiple
 * correspondence analysis; Greenacre, Correspondence Analysis in Practice, 3rd ed., ch. 18). That is
 * the one-dimensional scoring of the levels that separates them most along the other columns.
 * A 2-level column (boolean) needs no order: reversing it only flips the sign of its correlations.
 */
import { symmetricEigen } from '../../linalg/symmetric-eigen.js';

/** Some columns of a row subsample, as the features the centroids are taken over; missing = 0. */
export interface FeatureBlock {
  /** Index of the column the block describes (its own block is left out of its centroids). */
  readonly owner: number;
  readonly width: number;
  /** rows × width, row-major. */
  readonly values: Float64Array;
}

export function scoreBlock(owner: number, scores: Float64Array): FeatureBlock {
  const values = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) values[i] = Number.isNaN(scores[i]) ? 0 : scores[i];
  return { owner, width: 1, values };
}

/** Standardised indicators of the observed levels, each column's block scaled to unit total inertia. */
export function indicatorBlock(owner: number, codes: Int32Array, levels: number): FeatureBlock {
  const counts = new Float64Array(levels);
  let observed = 0;
  for (const code of codes)
    if (code >= 0) {
      counts[code]++;
      observed++;
    }
  const present = [...counts.keys()].filter((k) => counts[k] > 0);
  const width = present.length;
  const scale = 1 / Math.sqrt(Math.max(width - 1, 1));
  const values = new Float64Array(codes.length * width);
  present.forEach((level, j) => {
    const p = counts[level] / Math.max(observed, 1);
    const sd = Math.sqrt(p * (1 - p)) || 1;
    for (let i = 0; i < codes.length; i++)
      if (codes[i] >= 0) values[i * width + j] = (((codes[i] === level ? 1 : 0) - p) / sd) * scale;
  });
  return { owner, width, values };
}

/**
 * Codes in latent order: observed levels by their optimal score, then levels never seen in training
 * (probability zero, so their place does not matter). `counts` are over all training rows; `codes`
 * are the subsample the blocks describe.
 */
export function levelOrder(
  owner: number,
  codes: Int32Array,
  counts: Float64Array,
  blocks: readonly FeatureBlock[],
): number[] {
  const seen = [...counts.keys()].filter((k) => counts[k] > 0);
  const unseen = [...counts.keys()].filter((k) => counts[k] === 0);
  if (seen.length < 3) return [...seen, ...unseen];
  return rankLevels(seen, unseen, optimalScores(owner, codes, seen, blocks));
}

/** Observed levels by their optimal score (ties by code), then the unseen ones. */
export function rankLevels(
  seen: readonly number[],
  unseen: readonly number[],
  scores: Float64Array,
): number[] {
  const ranked = seen.map((code, i) => ({ code, score: scores[i] }));
  ranked.sort((a, b) => a.score - b.score || a.code - b.code);
  return [...ranked.map((r) => r.code), ...unseen];
}

/** Scores of the `seen` levels on the first principal axis of their weighted centroids. */
function optimalScores(
  owner: number,
  codes: Int32Array,
  seen: readonly number[],
  blocks: readonly FeatureBlock[],
): Float64Array {
  const others = blocks.filter((b) => b.owner !== owner);
  const width = others.reduce((sum, b) => sum + b.width, 0);
  const levels = seen.length;
  const slot = new Map(seen.map((code, i) => [code, i]));
  const sums = new Float64Array(levels * width);
  const n = new Float64Array(levels);
  for (let i = 0; i < codes.length; i++) {
    const k = slot.get(codes[i]);
    if (k === undefined) continue;
    n[k]++;
    let offset = k * width;
    for (const block of others) {
      for (let j = 0; j < block.width; j++) sums[offset + j] += block.values[i * block.width + j];
      offset += block.width;
    }
  }
  return principalAxis(sums, n, levels, width);
}

/**
 * The centroids' first principal axis, from the small levels×levels Gram matrix of the weighted,
 * centred centroids (the dual of the width×width PCA). Levels absent from the subsample score 0.
 */
export function principalAxis(
  sums: Float64Array,
  n: Float64Array,
  levels: number,
  width: number,
): Float64Array {
  const total = n.reduce((a, b) => a + b, 0);
  const mean = new Float64Array(width);
  for (let k = 0; k < levels; k++)
    for (let j = 0; j < width; j++) mean[j] += sums[k * width + j] / Math.max(total, 1);
  const dev = new Float64Array(levels * width);
  for (let k = 0; k < levels; k++) {
    if (n[k] === 0) continue;
    const w = Math.sqrt(n[k] / total);
    for (let j = 0; j < width; j++) dev[k * width + j] = w * (sums[k * width + j] / n[k] - mean[j]);
  }
  const gram = new Float64Array(levels * levels);
  for (let a = 0; a < levels; a++)
    for (let b = 0; b <= a; b++) {
      let dot = 0;
      for (let j = 0; j < width; j++) dot += dev[a * width + j] * dev[b * width + j];
      gram[a * levels + b] = dot;
      gram[b * levels + a] = dot;
    }
  // The leading eigenvector (eigenvalues come largest first).
  const top = symmetricEigen(gram, levels).vectors[0];
  const scores = new Float64Array(levels);
  for (let k = 0; k < levels; k++) scores[k] = n[k] > 0 ? top[k] / Math.sqrt(n[k] / total) : 0;
  return scores;
}
