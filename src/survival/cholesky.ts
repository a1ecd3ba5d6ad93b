/**
 * A symmetric positive semi-definite solver in the style of R survival's cholesky2/chsolve2/chinv2:
 * an LDLᵀ factorization whose pivots below `toler × largest diagonal` count as zero, so that a
 * singular (collinear) direction is detected and dropped instead of producing Inf or NaN.
 * Matrices are dense, row-major Float64Arrays of n × n.
 */

export interface Factorization {
  readonly n: number;
  /** Unit lower triangle L below the diagonal, D on it (0 for a dropped pivot). */
  readonly ldl: Float64Array;
  readonly rank: number;
  /** 1 where the pivot was dropped as singular. */
  readonly singular: Uint8Array;
}

/** LDLᵀ of a symmetric matrix (only its lower triangle is read). */
export function factorize(matrix: Float64Array, n: number, toler: number): Factorization {
  const a = Float64Array.from(matrix);
  let largest = 0;
  for (let i = 0; i < n; i++) if (a[i * n + i] > largest) largest = a[i * n + i];
  const eps = largest > 0 ? largest * toler : toler;
  const singular = new Uint8Array(n);
  let rank = 0;
  for (let i = 0; i < n; i++) {
    const pivot = a[i * n + i];
    if (!Number.isFinite(pivot) || pivot < eps) {
      singular[i] = 1;
      for (let j = i; j < n; j++) a[j * n + i] = 0;
      continue;
    }
    rank++;
    for (let j = i + 1; j < n; j++) a[j * n + i] /= pivot;
    for (let j = i + 1; j < n; j++) {
      const lj = a[j * n + i] * pivot;
      for (let k = i + 1; k <= j; k++) a[j * n + k] -= lj * a[k * n + i];
    }
  }
  return { n, ldl: a, rank, singular };
}

/** x with A x = b; components along dropped pivots are set to 0 (a generalized inverse). */
export function solve(f: Factorization, b: ArrayLike<number>): Float64Array {
  const { n, ldl } = f;
  const y = Float64Array.from(b);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) y[i] -= ldl[i * n + j] * y[j];
  for (let i = n - 1; i >= 0; i--) {
    const d = ldl[i * n + i];
    if (d === 0) {
      y[i] = 0;
      continue;
    }
    let v = y[i] / d;
    for (let j = i + 1; j < n; j++) v -= ldl[j * n + i] * y[j];
    y[i] = v;
  }
  return y;
}

/** The (generalized) inverse, column by column; rows and columns of dropped pivots are 0. */
export function inverse(f: Factorization): Float64Array {
  const { n } = f;
  const out = new Float64Array(n * n);
  const unit = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    unit.fill(0);
    unit[c] = 1;
    const column = solve(f, unit);
    for (let r = 0; r < n; r++) out[r * n + c] = f.singular[r] || f.singular[c] ? 0 : column[r];
  }
  return out;
}

/** bᵀ A⁻ b, the quadratic form behind score, Wald and log-rank statistics. */
export function quadraticForm(f: Factorization, b: ArrayLike<number>): number {
  const x = solve(f, b);
  let sum = 0;
  for (let i = 0; i < f.n; i++) sum += b[i] * x[i];
  return sum;
}
