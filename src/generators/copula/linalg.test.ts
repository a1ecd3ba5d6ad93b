import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { jacobiEigen } from '../../linalg/jacobi-eigen.js';
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

  /** Clipping straight from the definition, with the slow reference eigensolver. */
  function clipByJacobi(r: Float64Array, n: number, m: number): Float64Array {
    const { values, vectors } = jacobiEigen(r, n);
    const out = new Float64Array(n * n);
    for (let k = 0; k < n; k++)
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) out[i * n + j] += vectors[k][i] * Math.max(values[k], m) * vectors[k][j];
    const s = Float64Array.from({ length: n }, (_, i) => 1 / Math.sqrt(out[i * n + i]));
    return out.map((v, at) => (at % (n + 1) === 0 ? 1 : v * s[Math.floor(at / n)] * s[at % n]));
  }

  /** A pairwise-estimate-like matrix: unit diagonal, noisy off-diagonal, `noise` sets how indefinite. */
  function noisyCorrelation(n: number, noise: number, seed: number, common = 0): Float64Array {
    const rng = Rng.from(seed);
    const r = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      r[i * n + i] = 1;
      for (let j = 0; j < i; j++) {
        const structure = common || 0.3 * Math.sin(i + j);
        const v = Math.max(-0.99, Math.min(0.99, structure + noise * rng.normal()));
        r[i * n + j] = v;
        r[j * n + i] = v;
      }
    }
    return r;
  }

  // The first two add the clipped eigenvectors to R; the last, clipping most of the spectrum, adds
  // the kept ones to m·I.
  // A common correlation of 0.9 leaves one eigenvalue above 0.5 and all others below.
  for (const [n, noise, m, common] of [
    [200, 0.02, 1e-3, 0],
    [200, 0.3, 1e-3, 0],
    [170, 0.01, 0.5, 0.9],
  ])
    it(`repairs a wide matrix (${n} latents, noise ${noise}, floor ${m}) as clipping every eigenvalue would`, () => {
      const r = noisyCorrelation(n, noise, 7, common);
      const clipped = jacobiEigen(r, n).values.filter((v) => v < m).length;
      expect(clipped).toBeGreaterThan(0);
      if (m === 0.5) expect(clipped).toBeGreaterThan(n / 2);
      const fast = repairCorrelation(r, n, m);
      const slow = clipByJacobi(r, n, m);
      for (let i = 0; i < n * n; i++) expect(fast[i]).toBeCloseTo(slow[i], 8);
    });
});
