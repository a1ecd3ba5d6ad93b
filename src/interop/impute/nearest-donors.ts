/**
 * k-nearest-neighbour imputation on numeric columns as scikit-learn's `KNNImputer`
 * (impute/_knn.py) does it:
 *  - distance `nan_euclidean`: over the coordinates both rows have, scaled up to all coordinates,
 *    d(x, y) = sqrt(n_features / n_present · Σ_present (x − y)²); NaN when they share none;
 *  - donors for a cell: the rows where that column is present, the k nearest by numpy's
 *    argpartition (so exactly tied donors are chosen as scikit-learn chooses them, NaN distances
 *    last); uniform weights, or 1/d with a donor at distance 0 taking all the weight;
 *  - a row sharing no coordinate with any donor gets the column mean.
 * Distances are summed directly here, scikit-learn expands (x − y)² = x² − 2xy + y²: the two differ by
 * rounding only, so a cell can differ where two donors are within rounding of a tie (never on
 * integer-valued data, where both are exact).
 */
import { argpartition } from './argpartition.js';

export type KnnWeights = 'uniform' | 'distance';

/** Distances from row `r` to every row over `features` (columns of equal length). */
export function nanEuclideanFrom(
  features: readonly Float64Array[],
  r: number,
  out: Float64Array,
): Float64Array {
  const p = features.length;
  const n = out.length;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    let present = 0;
    for (let j = 0; j < p; j++) {
      const a = features[j][r];
      const b = features[j][i];
      if (Number.isNaN(a) || Number.isNaN(b)) continue;
      sum += (a - b) * (a - b);
      present++;
    }
    out[i] = present === 0 ? Number.NaN : Math.sqrt((sum / present) * p);
  }
  return out;
}

export interface Donors {
  /** Row indices of the chosen donors. */
  rows: Int32Array;
  /** Their weights; all equal for uniform weights. */
  weights: Float64Array;
}

/**
 * The k donors of one cell among `candidates` (rows where the column is present), or undefined when
 * no candidate shares a coordinate with the receiver (the caller falls back to the column mean).
 */
export function chooseDonors(
  distances: Float64Array,
  candidates: Int32Array,
  k: number,
  weights: KnnWeights,
): Donors | undefined {
  const d = new Float64Array(candidates.length);
  let anyFinite = false;
  for (let c = 0; c < candidates.length; c++) {
    d[c] = distances[candidates[c]];
    if (!Number.isNaN(d[c])) anyFinite = true;
  }
  if (!anyFinite) return undefined;
  const take = Math.min(k, candidates.length);
  const order = argpartition(d, take - 1);
  const rows = new Int32Array(take);
  const w = new Float64Array(take);
  let zero = false;
  for (let t = 0; t < take; t++) {
    rows[t] = candidates[order[t]];
    if (d[order[t]] === 0) zero = true;
  }
  for (let t = 0; t < take; t++) {
    const dist = d[order[t]];
    if (weights === 'uniform') w[t] = 1;
    else if (zero) w[t] = dist === 0 ? 1 : 0;
    else w[t] = Number.isNaN(dist) ? 0 : 1 / dist;
  }
  return { rows, weights: w };
}

/** Σ wᵢ·xᵢ / Σ wᵢ over the donors' values. */
export function weightedMean(values: Float64Array, donors: Donors): number {
  let sum = 0;
  let total = 0;
  for (let t = 0; t < donors.rows.length; t++) {
    sum += donors.weights[t] * values[donors.rows[t]];
    total += donors.weights[t];
  }
  return sum / total;
}

/** `KNNImputer(n_neighbors=k, weights).fit_transform` on numeric columns (all-missing columns stay missing). */
export function knnImputeColumns(
  columns: readonly Float64Array[],
  k: number,
  weights: KnnWeights,
): Float64Array[] {
  const n = columns.length ? columns[0].length : 0;
  const out = columns.map((c) => Float64Array.from(c));
  const candidates = columns.map((c) => presentRows(c));
  const means = columns.map((c, j) => candidates[j].reduce((s, i) => s + c[i], 0) / candidates[j].length);
  const distances = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    if (!columns.some((c) => Number.isNaN(c[r]))) continue;
    nanEuclideanFrom(columns, r, distances);
    columns.forEach((column, j) => {
      if (!Number.isNaN(column[r]) || candidates[j].length === 0) return;
      const donors = chooseDonors(distances, candidates[j], k, weights);
      out[j][r] = donors ? weightedMean(column, donors) : means[j];
    });
  }
  return out;
}

/** Other rows by increasing distance (stable; rows sharing no coordinate with `self` left out). */
export function nearestFirst(distances: Float64Array, self: number): Int32Array {
  const rows = [...distances.keys()].filter((i) => i !== self && !Number.isNaN(distances[i]));
  rows.sort((a, b) => distances[a] - distances[b] || a - b);
  return Int32Array.from(rows);
}

export function presentRows(column: Float64Array): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < column.length; i++) if (!Number.isNaN(column[i])) rows.push(i);
  return Int32Array.from(rows);
}
