/**
 * Eigenvalues and eigenvectors of a real symmetric matrix by the cyclic Jacobi method (Golub & Van
 * Loan, Matrix Computations, 4th ed., §8.5): plane rotations zero the off-diagonal entries one by
 * one until their norm is negligible. Accurate to working precision, O(p³) per sweep, and a handful
 * of sweeps suffice; used for small matrices, where it keeps the results every fitted model had before
 * the Householder–QL solver was added, and as the slow reference that solver is tested against.
 */
import type { SymmetricEigen } from './symmetric-eigen.js';

const MAX_SWEEPS = 100;

/** `matrix` is p × p row-major and symmetric; it is not modified. */
export function jacobiEigen(matrix: Float64Array, p: number): SymmetricEigen {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(p * p);
  for (let i = 0; i < p; i++) v[i * p + i] = 1;
  let scale = 0;
  for (let i = 0; i < p * p; i++) scale += a[i] * a[i];
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) off += a[i * p + j] * a[i * p + j];
    if (off <= 1e-30 * scale || off === 0) break;
    for (let i = 0; i < p; i++)
      for (let j = i + 1; j < p; j++) {
        const apq = a[i * p + j];
        if (apq === 0) continue;
        rotate(a, v, p, i, j);
      }
  }
  const order = Array.from({ length: p }, (_, i) => i).sort((x, y) => a[y * p + y] - a[x * p + x]);
  const values = Float64Array.from(order, (k) => a[k * p + k]);
  const vectors = order.map((k) => {
    const vector = Float64Array.from({ length: p }, (_, i) => v[i * p + k]);
    // A fixed sign: the largest loading positive (eigenvectors are defined up to sign).
    let at = 0;
    for (let i = 1; i < p; i++) if (Math.abs(vector[i]) > Math.abs(vector[at])) at = i;
    if (vector[at] < 0) for (let i = 0; i < p; i++) vector[i] = -vector[i];
    return vector;
  });
  return { values, vectors };
}

/** One Jacobi rotation zeroing a[i][j] (Golub & Van Loan, Algorithm 8.5.1, symmetric Schur). */
function rotate(a: Float64Array, v: Float64Array, p: number, i: number, j: number): void {
  const aii = a[i * p + i];
  const ajj = a[j * p + j];
  const aij = a[i * p + j];
  const tau = (ajj - aii) / (2 * aij);
  const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
  const c = 1 / Math.sqrt(1 + t * t);
  const s = t * c;
  for (let k = 0; k < p; k++) {
    const aki = a[k * p + i];
    const akj = a[k * p + j];
    a[k * p + i] = c * aki - s * akj;
    a[k * p + j] = s * aki + c * akj;
  }
  for (let k = 0; k < p; k++) {
    const aik = a[i * p + k];
    const ajk = a[j * p + k];
    a[i * p + k] = c * aik - s * ajk;
    a[j * p + k] = s * aik + c * ajk;
  }
  for (let k = 0; k < p; k++) {
    const vki = v[k * p + i];
    const vkj = v[k * p + j];
    v[k * p + i] = c * vki - s * vkj;
    v[k * p + j] = s * vki + c * vkj;
  }
}
