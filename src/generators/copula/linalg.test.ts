import { describe, expect, it } from 'vitest';
import { symmetricEigen } from '../../linalg/symmetric-eigen.js';
import { cholesky, inverseColumns, invertSpd, multiply, repairCorrelation } from './linalg.js';

function transpose(a: Float64Array, n: number): Float64Array {
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = a[i * n + j];
  return t;
}

describe('linear algebra', () => {
  it('Cholesky factors an SPD matrix and refuses an indefinite one; the inverse inverts', () => {
    const a = Float64Array.of(4, 2, 0.6, 2, 5, 1, 0.6, 1, 3);
    const l = cholesky(a, 3)!;
    const llt = multiply(l, transpose(l, 3), 3, 3, 3);
    for (let i = 0; i < 9; i++) expect(llt[i]).toBeCloseTo(a[i], 12);
    const product = multiply(a, invertSpd(a, 3)!, 3, 3, 3);
    for (let i = 0; i < 9; i++) expect(product[i]).toBeCloseTo(i % 4 === 0 ? 1 : 0, 12);
    expect(cholesky(Float64Array.of(1, 2, 2, 1), 2)).toBeUndefined();
  });

  it('repairs an inconsistent pairwise correlation matrix into a positive definite one', () => {
    // ρ12 = ρ23 = 0.9 but ρ13 = -0.9 is impossible (determinant < 0).
    const r = Float64Array.of(1, 0.9, -0.9, 0.9, 1, 0.9, -0.9, 0.9, 1);
    const fixed = repairCorrelation(r, 3, 1e-3);
    expect(cholesky(fixed, 3)).toBeDefined();
    for (let i = 0; i < 3; i++) expect(fixed[i * 4]).toBe(1);
    expect(Math.min(...symmetricEigen(fixed, 3).values)).toBeGreaterThan(5e-4);
    // A valid matrix is left as it is.
    const ok = Float64Array.of(1, 0.5, 0.5, 1);
    expect([...repairCorrelation(ok, 2, 1e-3)]).toEqual([1, 0.5, 0.5, 1]);
  });

  it('inverseColumns gives the columns of the full inverse', () => {
    const a = Float64Array.of(4, 2, 0.6, 0.1, 2, 5, 1, 0.3, 0.6, 1, 3, 0.2, 0.1, 0.3, 0.2, 2);
    const full = invertSpd(a, 4)!;
    const [c2, c0] = inverseColumns(a, 4, [2, 0])!;
    for (let i = 0; i < 4; i++) {
      expect(c2[i]).toBeCloseTo(full[i * 4 + 2], 13);
      expect(c0[i]).toBeCloseTo(full[i * 4], 13);
    }
    expect(inverseColumns(Float64Array.of(1, 2, 2, 1), 2, [0])).toBeUndefined();
  });
});
