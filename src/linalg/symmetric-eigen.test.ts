import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { householderQlEigen } from './householder-ql-eigen.js';
import { jacobiEigen } from './jacobi-eigen.js';
import { symmetricEigen } from './symmetric-eigen.js';

function randomSymmetric(p: number, seed: number, rank = p): Float64Array {
  const rng = Rng.from(seed);
  const b = Float64Array.from({ length: p * rank }, () => rng.normal());
  const a = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let j = 0; j < p; j++)
      for (let k = 0; k < rank; k++) a[i * p + j] += b[i * rank + k] * b[j * rank + k];
  // An indefinite part, as an inconsistent pairwise correlation estimate has.
  for (let i = 0; i < p; i++) a[i * p + i] -= rank / 2;
  return a;
}

describe('Householder–QL eigendecomposition against Jacobi (the slow reference)', () => {
  for (const [p, rank] of [
    [1, 1],
    [2, 2],
    [7, 7],
    [40, 40],
    [60, 5],
  ])
    it(`p = ${p}, rank ${rank}: the same eigenvalues, eigenvectors and signs`, () => {
      const a = randomSymmetric(p, p + rank, rank);
      const fast = householderQlEigen(a, p);
      const slow = jacobiEigen(a, p);
      for (let k = 0; k < p; k++) {
        expect(fast.values[k]).toBeCloseTo(slow.values[k], 9);
        // Repeated eigenvalues (the rank-deficient case) have no unique vector: check A·v = λ·v instead.
        const separated =
          (k === 0 || slow.values[k - 1] - slow.values[k] > 1e-6) &&
          (k === p - 1 || slow.values[k] - slow.values[k + 1] > 1e-6);
        for (let i = 0; i < p; i++) {
          if (separated) expect(fast.vectors[k][i]).toBeCloseTo(slow.vectors[k][i], 8);
          let av = 0;
          for (let j = 0; j < p; j++) av += a[i * p + j] * fast.vectors[k][j];
          expect(av).toBeCloseTo(fast.values[k] * fast.vectors[k][i], 8);
        }
        for (let l = 0; l <= k; l++) {
          const dot = fast.vectors[k].reduce((s, v, j) => s + v * fast.vectors[l][j], 0);
          expect(dot).toBeCloseTo(k === l ? 1 : 0, 10);
        }
      }
    });

  it('a diagonal matrix and the zero matrix', () => {
    expect([...householderQlEigen(Float64Array.of(1, 0, 0, 0, 3, 0, 0, 0, 2), 3).values]).toEqual([3, 2, 1]);
    expect([...householderQlEigen(new Float64Array(9), 3).values]).toEqual([0, 0, 0]);
  });

  it('symmetricEigen takes Householder–QL for a wide matrix', () => {
    const p = 200;
    const a = randomSymmetric(p, 3, 20);
    const { values } = symmetricEigen(a, p);
    const slow = jacobiEigen(a, p).values;
    for (let k = 0; k < p; k += 17) expect(values[k]).toBeCloseTo(slow[k], 8);
  });
});
