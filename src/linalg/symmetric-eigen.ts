/**
 * The symmetric eigendecomposition every module uses (PCA, the copula's level orders and its
 * correlation repair). Jacobi up to `JACOBI_MAX` rows: it is exact to working precision and what
 * every model of ordinary width was fitted with, so those stay byte-identical; above it, Householder
 * tridiagonalisation with implicit QL, O(p³) once instead of per sweep (a 2,000-column panel).
 */
import { householderQlEigen } from './householder-ql-eigen.js';
import { jacobiEigen } from './jacobi-eigen.js';

export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  values: Float64Array;
  /** vectors[k] is the unit eigenvector of values[k]; its largest loading is positive. */
  vectors: Float64Array[];
}

export const JACOBI_MAX = 160;

/** `matrix` is p × p row-major and symmetric; it is not modified. */
export function symmetricEigen(matrix: Float64Array, p: number): SymmetricEigen {
  return p <= JACOBI_MAX ? jacobiEigen(matrix, p) : householderQlEigen(matrix, p);
}
