/**
 * The little dense linear algebra the copula needs, on row-major `Float64Array` square matrices:
 * a symmetric eigendecomposition (cyclic Jacobi), the repair of an estimated correlation matrix
 * into a positive definite one, Cholesky factors and inverses of small SPD blocks. The matrices
 * are at most a few hundred wide (one row per latent variable), where Jacobi is fast and exact.
 */

/** Eigenvalues and eigenvectors (as columns of `vectors`) of a symmetric n×n matrix. */
export function symmetricEigen(
  matrix: Float64Array,
  n: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = identity(n);
  // Cyclic Jacobi (Golub & Van Loan, Matrix Computations, §8.5): rotate away each off-diagonal
  // element in turn; converges quadratically, and a few sweeps suffice at these sizes.
  for (let sweep = 0; sweep < 100; sweep++) {
    if (offDiagonalNorm(a, n) < 1e-22 * Math.max(1, diagonalNorm(a, n))) break;
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) rotate(a, v, n, p, q);
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i];
  return { values, vectors: v };
}

function rotate(a: Float64Array, v: Float64Array, n: number, p: number, q: number): void {
  const apq = a[p * n + q];
  if (apq === 0) return;
  const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < n; k++) {
    const akp = a[k * n + p];
    const akq = a[k * n + q];
    a[k * n + p] = c * akp - s * akq;
    a[k * n + q] = s * akp + c * akq;
  }
  for (let k = 0; k < n; k++) {
    const apk = a[p * n + k];
    const aqk = a[q * n + k];
    a[p * n + k] = c * apk - s * aqk;
    a[q * n + k] = s * apk + c * aqk;
  }
  for (let k = 0; k < n; k++) {
    const vkp = v[k * n + p];
    const vkq = v[k * n + q];
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
}

function offDiagonalNorm(a: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) sum += a[i * n + j] ** 2;
  return sum;
}

function diagonalNorm(a: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[i * n + i] ** 2;
  return sum;
}

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
  const { values, vectors } = symmetricEigen(r, n);
  let clipped = false;
  for (let i = 0; i < n; i++)
    if (values[i] < minEigenvalue) {
      values[i] = minEigenvalue;
      clipped = true;
    }
  const out = Float64Array.from(r);
  if (clipped) {
    for (let i = 0; i < n; i++)
      for (let j = 0; j <= i; j++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += vectors[i * n + k] * values[k] * vectors[j * n + k];
        out[i * n + j] = sum;
        out[j * n + i] = sum;
      }
  }
  const scale = new Float64Array(n);
  for (let i = 0; i < n; i++) scale[i] = 1 / Math.sqrt(out[i * n + i]);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out[i * n + j] *= scale[i] * scale[j];
    out[i * n + i] = 1;
  }
  return out;
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
  const inv = new Float64Array(n * n);
  const y = new Float64Array(n);
  for (let col = 0; col < n; col++) {
    for (let i = 0; i < n; i++) {
      let s = i === col ? 1 : 0;
      for (let k = 0; k < i; k++) s -= l[i * n + k] * y[k];
      y[i] = s / l[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i];
      for (let k = i + 1; k < n; k++) s -= l[k * n + i] * inv[k * n + col];
      inv[i * n + col] = s / l[i * n + i];
    }
  }
  return inv;
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
