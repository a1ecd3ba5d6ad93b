/**
 * Chosen eigenpairs of a symmetric matrix (those below a bound, say) without the others'
 * eigenvectors: Householder tridiagonalisation (T = QᵀAQ), all eigenvalues of T by implicit QL
 * without vectors (O(p²)), then each wanted eigenvector of T by inverse iteration, orthogonalised
 * within clusters of close eigenvalues, and mapped back by Q (Wilkinson, The Algebraic Eigenvalue
 * Problem, 1965, §5.54–5.60; LAPACK's dstein). The QL rotations of every eigenvector are what made
 * a full decomposition cost most of a 2,000-column copula fit; a correlation repair needs only the
 * eigenvectors it clips.
 */
import { implicitQl, tridiagonalise } from './householder-ql-eigen.js';

export interface Eigenpairs {
  /** Ascending. */
  values: Float64Array;
  /** vectors[k]: the unit eigenvector of values[k]. */
  vectors: Float64Array[];
}

/** Eigenvectors mapped back together (see below). */
const BATCH = 16;

/** Inverse iterations per vector: each multiplies the wanted component by about |gap|/ε. */
const ITERATIONS = 3;

/**
 * `matrix` is p × p row-major and symmetric; it is not modified. `pick` gets every eigenvalue,
 * ascending, and returns those whose eigenvectors are wanted (ascending).
 */
export function selectedEigenpairs(
  matrix: Float64Array,
  p: number,
  pick: (values: Float64Array) => Float64Array,
): Eigenpairs {
  const q = Float64Array.from(matrix.subarray(0, p * p));
  const diagonal = new Float64Array(p);
  const e = new Float64Array(p);
  if (p === 0) return { values: new Float64Array(0), vectors: [] };
  tridiagonalise(q, p, diagonal, e);
  const sub = e.slice(1);
  const values = Float64Array.from(diagonal);
  implicitQl(undefined, p, values, e);
  const wanted = pick(values.sort());
  let norm = 0;
  for (let i = 0; i < p; i++)
    norm = Math.max(norm, Math.abs(diagonal[i]) + Math.abs(sub[i] ?? 0) + Math.abs(sub[i - 1] ?? 0));
  const tiny = Number.EPSILON * Math.max(norm, Number.MIN_VALUE);
  const cluster = 1e-3 * norm;
  const found: Float64Array[] = [];
  for (let k = 0; k < wanted.length; k++) {
    let x = startVector(p, k);
    for (let it = 0; it < ITERATIONS; it++) {
      x = solveShifted(diagonal, sub, wanted[k], tiny, x);
      for (let j = k - 1; j >= 0 && wanted[k] - wanted[j] <= cluster; j--) subtractProjection(x, found[j]);
      normalise(x);
    }
    found.push(x);
  }
  // v = Q·x, with row j of q holding column j of Q: a batch of vectors per pass over Q, so that
  // each row of Q is read from memory once per batch rather than once per vector.
  const vectors = found.map(() => new Float64Array(p));
  for (let from = 0; from < found.length; from += BATCH) {
    const to = Math.min(found.length, from + BATCH);
    for (let j = 0; j < p; j++) {
      const row = j * p;
      for (let b = from; b < to; b++) {
        const xj = found[b][j];
        if (xj === 0) continue;
        const v = vectors[b];
        for (let i = 0; i < p; i++) v[i] += q[row + i] * xj;
      }
    }
  }
  return { values: wanted, vectors };
}

/** A fixed, nowhere-orthogonal start: deterministic, so the result is. */
function startVector(p: number, k: number): Float64Array {
  const x = Float64Array.from({ length: p }, (_, i) => 1 + 0.5 * Math.sin(1.7 * i + 0.3 * k));
  normalise(x);
  return x;
}

/**
 * (T − λI)⁻¹·b for the tridiagonal T (diagonal, subdiagonal) by Gaussian elimination with partial
 * pivoting; a zero pivot (λ an exact eigenvalue) is replaced by `tiny`, as inverse iteration wants.
 */
function solveShifted(
  diagonal: Float64Array,
  sub: Float64Array,
  lambda: number,
  tiny: number,
  b: Float64Array,
): Float64Array {
  const n = diagonal.length;
  // Row i of U: u0 on the diagonal, u1 and u2 to its right (u2 from pivoting).
  const u0 = new Float64Array(n);
  const u1 = new Float64Array(n);
  const u2 = new Float64Array(n);
  const x = Float64Array.from(b);
  let d = diagonal[0] - lambda;
  let up = n > 1 ? sub[0] : 0;
  for (let i = 0; i < n - 1; i++) {
    const below = sub[i];
    const nextDiagonal = diagonal[i + 1] - lambda;
    const nextUp = i + 1 < n - 1 ? sub[i + 1] : 0;
    if (Math.abs(d) >= Math.abs(below)) {
      const pivot = d === 0 ? tiny : d;
      const m = below / pivot;
      u0[i] = pivot;
      u1[i] = up;
      u2[i] = 0;
      x[i + 1] -= m * x[i];
      d = nextDiagonal - m * up;
      up = nextUp;
    } else {
      // Swap rows i and i + 1.
      const m = d / below;
      u0[i] = below;
      u1[i] = nextDiagonal;
      u2[i] = nextUp;
      const xi = x[i];
      x[i] = x[i + 1];
      x[i + 1] = xi - m * x[i];
      d = up - m * nextDiagonal;
      up = -m * nextUp;
    }
  }
  u0[n - 1] = d === 0 ? tiny : d;
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    if (i + 1 < n) s -= u1[i] * x[i + 1];
    if (i + 2 < n) s -= u2[i] * x[i + 2];
    x[i] = s / u0[i];
  }
  return x;
}

function subtractProjection(x: Float64Array, v: Float64Array): void {
  let dot = 0;
  for (let i = 0; i < x.length; i++) dot += x[i] * v[i];
  for (let i = 0; i < x.length; i++) x[i] -= dot * v[i];
}

function normalise(x: Float64Array): void {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * x[i];
  const scale = 1 / Math.sqrt(sum);
  for (let i = 0; i < x.length; i++) x[i] *= scale;
}
