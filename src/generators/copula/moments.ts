/**
 * The statistics the correlation is estimated from: for every pair of latent variables, the sum of
 * the products of their scores over the rows where both are observed, and the number of such rows
 * (pairwise deletion: a missing value is left out of the pairs it belongs to, and its column's
 * missingness indicator carries the information that it is missing). One pass over the rows in
 * chunks, O(n·d²) time, O(d²) memory beyond a small chunk buffer. These sums add up across centres.
 */
import type { Atom } from './codec.js';
import {
  hermiteCoefficients,
  isBinary,
  latentCorrelation,
  scoreVariance,
  tetrachoric,
  tetrachoricGrid,
} from './hermite.js';

export interface LatentScorer {
  /** The latent's atoms (intervals that map to one value), for the Hermite coefficients. */
  readonly atoms: readonly Atom[];
  /**
   * Latents whose correlation with this one is not estimated but left at 0: those it is never
   * observed with (a value and its own missingness indicator, a column and the column deciding it).
   */
  readonly unpaired: readonly number[];
  /** Whether some rows have no score (the value latent of a column with missing values). */
  readonly gappy: boolean;
  /** Writes the scores of rows [from, from + size) to out[offset + i], NaN where missing. */
  fill(from: number, size: number, out: Float64Array, offset: number): void;
}

export interface CrossMoments {
  readonly d: number;
  /** Σ s_a s_b over rows where both are observed, d×d (lower triangle filled). */
  readonly cross: Float64Array;
  /** Rows where both are observed, d×d (lower triangle filled). */
  readonly count: Float64Array;
}

const CHUNK = 1024;

export function crossMoments(
  scorers: ReadonlyArray<Pick<LatentScorer, 'fill' | 'gappy'>>,
  rows: number,
): CrossMoments {
  const d = scorers.length;
  const cross = new Float64Array(d * d);
  const gappy = scorers.flatMap((s, a) => (s.gappy ? [a] : []));
  const together = new Float64Array(gappy.length * gappy.length);
  // Column-major chunk: each latent's scores are contiguous, so a pair's sum is a tight dot product.
  const scores = new Float64Array(CHUNK * d);
  const seen = new Uint8Array(CHUNK * gappy.length);
  for (let from = 0; from < rows; from += CHUNK) {
    const size = Math.min(CHUNK, rows - from);
    for (let a = 0; a < d; a++) scorers[a].fill(from, size, scores, a * CHUNK);
    markMissing(scores, seen, gappy, size);
    countTogether(seen, gappy.length, size, together);
    addProducts(scores, d, size, cross);
  }
  return { d, cross, count: pairCounts(d, rows, gappy, together) };
}

/** Latents per tile: their chunk scores (TILE × 8 KiB) stay in cache while every later latent passes. */
const TILE = 48;

/** cross[a·d + b] += the dot product of latents a ≥ b over the chunk; each pair summed as by `dot`. */
function addProducts(scores: Float64Array, d: number, size: number, cross: Float64Array): void {
  for (let b0 = 0; b0 < d; b0 += TILE) {
    const b1 = Math.min(d, b0 + TILE);
    for (let a = b0; a < d; a++) {
      const end = Math.min(a + 1, b1);
      const x = a * CHUNK;
      let b = b0;
      for (; b + 4 <= end; b += 4) {
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        const y = b * CHUNK;
        for (let i = 0; i < size; i++) {
          const v = scores[x + i];
          s0 += v * scores[y + i];
          s1 += v * scores[y + CHUNK + i];
          s2 += v * scores[y + 2 * CHUNK + i];
          s3 += v * scores[y + 3 * CHUNK + i];
        }
        const at = a * d + b;
        cross[at] += s0;
        cross[at + 1] += s1;
        cross[at + 2] += s2;
        cross[at + 3] += s3;
      }
      for (; b < end; b++) cross[a * d + b] += dot(scores, x, b * CHUNK, size);
    }
  }
}

function dot(x: Float64Array, a: number, b: number, size: number): number {
  let sum = 0;
  for (let i = 0; i < size; i++) sum += x[a + i] * x[b + i];
  return sum;
}

/** Missing scores become 0 (adding nothing to the sums) and are flagged in `seen`. */
function markMissing(scores: Float64Array, seen: Uint8Array, gappy: readonly number[], size: number): void {
  gappy.forEach((a, g) => {
    for (let i = 0; i < size; i++) {
      const missing = Number.isNaN(scores[a * CHUNK + i]);
      if (missing) scores[a * CHUNK + i] = 0;
      seen[g * CHUNK + i] = missing ? 0 : 1;
    }
  });
}

function countTogether(seen: Uint8Array, m: number, size: number, together: Float64Array): void {
  for (let g = 0; g < m; g++)
    for (let h = 0; h <= g; h++) {
      let n = 0;
      for (let i = 0; i < size; i++) n += seen[g * CHUNK + i] & seen[h * CHUNK + i];
      together[g * m + h] += n;
    }
}

/** Co-observed rows of every pair: all rows unless one of the two is gappy. */
function pairCounts(d: number, rows: number, gappy: readonly number[], together: Float64Array): Float64Array {
  const m = gappy.length;
  const slot = new Int32Array(d).fill(-1);
  gappy.forEach((a, g) => {
    slot[a] = g;
  });
  const count = new Float64Array(d * d);
  for (let a = 0; a < d; a++)
    for (let b = 0; b <= a; b++) {
      const ga = slot[a];
      const gb = slot[b];
      count[a * d + b] =
        ga >= 0 && gb >= 0
          ? together[Math.max(ga, gb) * m + Math.min(ga, gb)]
          : ga >= 0
            ? together[ga * m + ga]
            : gb >= 0
              ? together[gb * m + gb]
              : rows;
    }
  return count;
}

/**
 * The estimated latent correlation matrix (d×d, unit diagonal; not yet repaired). Each pair's mean
 * score product is rescaled so the two scores have their model variances (the sample's normal scores
 * fall a little short of it), then mapped to a latent correlation by inverting Mehler's series.
 */
export function latentCorrelationMatrix(
  moments: CrossMoments,
  scorers: ReadonlyArray<Pick<LatentScorer, 'atoms' | 'unpaired'>>,
): Float64Array {
  const { d, cross, count } = moments;
  // Latents with equal atoms (flags of equal frequency) share one coefficient array, and so one grid.
  const byAtoms = new Map<string, Float64Array>();
  const coefficients = scorers.map((s) => {
    const key = s.atoms.map((t) => `${t.lo},${t.hi},${t.mass},${t.mean}`).join(';');
    const known = byAtoms.get(key);
    if (known) return known;
    const c = hermiteCoefficients(s.atoms);
    byAtoms.set(key, c);
    return c;
  });
  const grids = new Map<Float64Array, Map<Float64Array, Float64Array>>();
  const gridOf = (ca: Float64Array, cb: Float64Array) => {
    const row = grids.get(ca) ?? new Map<Float64Array, Float64Array>();
    grids.set(ca, row);
    const grid = row.get(cb) ?? tetrachoricGrid(ca, cb);
    row.set(cb, grid);
    return grid;
  };
  const modelVariance = scorers.map((s) => scoreVariance(s.atoms));
  const binary = scorers.map((s) => isBinary(s.atoms));
  const sampleVariance = scorers.map((_, a) => cross[a * d + a] / Math.max(count[a * d + a], 1));
  const r = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    r[a * d + a] = 1;
    for (let b = 0; b < a; b++) {
      const n = count[a * d + b];
      if (n < 2 || scorers[a].unpaired.includes(b) || scorers[b].unpaired.includes(a)) continue;
      const scale = Math.sqrt(
        (modelVariance[a] * modelVariance[b]) / (sampleVariance[a] * sampleVariance[b]),
      );
      const target = Number.isFinite(scale) ? (cross[a * d + b] / n) * scale : 0;
      const rho =
        binary[a] && binary[b]
          ? tetrachoric(
              scorers[a].atoms,
              scorers[b].atoms,
              coefficients[a],
              coefficients[b],
              target,
              n,
              gridOf(coefficients[a], coefficients[b]),
            )
          : latentCorrelation(coefficients[a], coefficients[b], target);
      r[a * d + b] = rho;
      r[b * d + a] = rho;
    }
  }
  return r;
}
