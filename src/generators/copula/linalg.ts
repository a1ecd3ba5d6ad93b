/**
 * The little dense linear algebra the copula needs, on row-major `Float64Array` square matrices
 * (the eigendecomposition is the shared one in `linalg/`): the repair of an estimated correlation matrix
 * into a positive definite one, Cholesky factors and inverses of small SPD blocks. The matrices
 * have one row per latent variable: a few dozen in a clinical table, thousands in a genomic panel.
 */
import { selectedEigenpairs } from '../../linalg/selected-eigenpairs.js';
import { JACOBI_MAX, symmetricEigen } from '../../linalg/symmetric-eigen.js';

export function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

/**
 * The nearest-by-eigenvalue-clipping correlation matrix: eigenvalues below `minEigenvalue` are
 * raised to it and the result is rescaled to a unit diagonal (Rousseeuw & Molenberghs, "Transformation
 * of non positive semidefinite correlation matrices", Commun Stat Theory Methods 1993). Pairwise
 * estimates need this: each pair is estimated on its own rows, so the whole may not be PSD, and a
 * column derived from others makes it singular.
 */
export function repairCorrelation(r: Float64Array, n: number, minEigenvalue: number): Float64Array {
  // Most estimates need no repair, and a Cholesky factor of R − λ_min·I (O(p³/3), no eigenvectors)
  // proves it: then every eigenvalue is at least λ_min and nothing would be clipped.
  if (atLeast(r, n, minEigenvalue)) return unitDiagonal(Float64Array.from(r), n);
  if (n > JACOBI_MAX) return unitDiagonal(clipWide(r, n, minEigenvalue), n);
  const { values, vectors } = symmetricEigen(r, n);
  let clipped = false;
  for (let i = 0; i < n; i++)
    if (values[i] < minEigenvalue) {
      values[i] = minEigenvalue;
      clipped = true;
    }
  if (!clipped) return unitDiagonal(Float64Array.from(r), n);
  // V·Λ·Vᵀ summed eigenvector by eigenvector: each entry adds the same terms in the same order as
  // an inner loop over k would, over contiguous memory.
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const v = vectors[k];
    for (let i = 0; i < n; i++) {
      const a = v[i] * values[k];
      const row = i * n;
      for (let j = 0; j <= i; j++) out[row + j] += a * v[j];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) out[j * n + i] = out[i * n + j];
  return unitDiagonal(out, n);
}

/**
 * The same clipping for a wide matrix, from only the smaller of two sets of eigenvectors:
 * V·max(Λ, m)·Vᵀ = R + Σ_{λ<m} (m − λ)·v·vᵀ = m·I + Σ_{λ≥m} (λ − m)·v·vᵀ.
 */
function clipWide(r: Float64Array, n: number, m: number): Float64Array {
  let below = true;
  const { values, vectors } = selectedEigenpairs(r, n, (all) => {
    const clipped = all.filter((v) => v < m);
    below = clipped.length <= n / 2;
    return below ? clipped : all.filter((v) => v >= m);
  });
  const out = below ? Float64Array.from(r) : identity(n).map((v) => v * m);
  values.forEach((lambda, k) => {
    const weight = below ? m - lambda : lambda - m;
    const v = vectors[k];
    for (let i = 0; i < n; i++) {
      const a = weight * v[i];
      const row = i * n;
      for (let j = 0; j <= i; j++) out[row + j] += a * v[j];
    }
  });
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) out[j * n + i] = out[i * n + j];
  return out;
}

function unitDiagonal(out: Float64Array, n: number): Float64Array {
  const scale = new Float64Array(n);
  for (let i = 0; i < n; i++) scale[i] = 1 / Math.sqrt(out[i * n + i]);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out[i * n + j] *= scale[i] * scale[j];
    out[i * n + i] = 1;
  }
  return out;
}

/** Whether every eigenvalue of r is at least `bound`: r − bound·I has a Cholesky factor. */
function atLeast(r: Float64Array, n: number, bound: number): boolean {
  const shifted = Float64Array.from(r);
  for (let i = 0; i < n; i++) shifted[i * n + i] -= bound;
  return cholesky(shifted, n) !== undefined;
}

/** Lower-triangular L with L·Lᵀ = a, or undefined when a is not (numerically) positive definite. */
export function cholesky(a: Float64Array, n: number): Float64Array | undefined {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= l[j * n + k] ** 2;
    if (!(d > 1e-14)) return undefined;
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

/** Inverse of an SPD matrix through its Cholesky factor; undefined when it is not SPD. */
export function invertSpd(a: Float64Array, n: number): Float64Array | undefined {
  const l = cholesky(a, n);
  if (!l) return undefined;
  // Solve L·Y = I column by column, then Lᵀ·X = Y.
  // Lᵀ and the column being solved are held contiguously, so both loops read memory in order.
  const lt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k <= i; k++) lt[k * n + i] = l[i * n + k];
  const inv = new Float64Array(n * n);
  const y = new Float64Array(n);
  const x = new Float64Array(n);
  for (let col = 0; col < n; col++) {
    // y[i] = 0 above the unit entry; the terms skipped would subtract zeros.
    for (let i = 0; i < col; i++) y[i] = 0;
    for (let i = col; i < n; i++) {
      let s = i === col ? 1 : 0;
      const row = i * n;
      for (let k = col; k < i; k++) s -= l[row + k] * y[k];
      y[i] = s / l[row + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i];
      const row = i * n;
      for (let k = i + 1; k < n; k++) s -= lt[row + k] * x[k];
      x[i] = s / l[i * n + i];
    }
    for (let i = 0; i < n; i++) inv[i * n + col] = x[i];
  }
  return inv;
}

/**
 * Columns `cols` of the inverse of an SPD matrix (each also its row, by symmetry), O(n²) each after
 * one Cholesky factor; undefined when it is not SPD. For a wide matrix of which few rows are needed.
 */
export function inverseColumns(
  a: Float64Array,
  n: number,
  cols: readonly number[],
): Float64Array[] | undefined {
  const l = cholesky(a, n);
  if (!l) return undefined;
  const lt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k <= i; k++) lt[k * n + i] = l[i * n + k];
  return cols.map((col) => {
    const y = new Float64Array(n);
    for (let i = col; i < n; i++) {
      let s = i === col ? 1 : 0;
      for (let k = col; k < i; k++) s -= l[i * n + k] * y[k];
      y[i] = s / l[i * n + i];
    }
    const x = new Float64Array(n);
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i];
      for (let k = i + 1; k < n; k++) s -= lt[i * n + k] * x[k];
      x[i] = s / l[i * n + i];
    }
    return x;
  });
}

/** The block of `a` (n×n) at the given rows and columns. */
export function block(
  a: Float64Array,
  n: number,
  rows: readonly number[],
  cols: readonly number[],
): Float64Array {
  const out = new Float64Array(rows.length * cols.length);
  for (let i = 0; i < rows.length; i++)
    for (let j = 0; j < cols.length; j++) out[i * cols.length + j] = a[rows[i] * n + cols[j]];
  return out;
}

/** (r×k) · (k×c) products of row-major matrices. */
export function multiply(a: Float64Array, b: Float64Array, r: number, k: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++)
    for (let m = 0; m < k; m++) {
      const aim = a[i * k + m];
      if (aim === 0) continue;
      for (let j = 0; j < c; j++) out[i * c + j] += aim * b[m * c + j];
    }
  return out;
}
