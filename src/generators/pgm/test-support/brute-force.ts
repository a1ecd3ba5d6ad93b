/**
 * Slow, obvious references for the estimator's tests: the full joint table of a small model by
 * enumeration, its marginals, and the maximum-entropy distribution with given marginals by
 * iterative proportional fitting on that full table.
 */
import { Rng } from '../../../core/rng.js';
import type { Clique } from '../cells.js';

/** Row-major joint over all attributes: p(x) ∝ exp Σ_k θ_k(x_{C_k}), normalised to `total`. */
export function bruteJoint(
  sizes: readonly number[],
  cliques: readonly Clique[],
  potentials: readonly ArrayLike<number>[],
  total = 1,
): Float64Array {
  const cells = sizes.reduce((n, s) => n * s, 1);
  const joint = new Float64Array(cells);
  for (let x = 0; x < cells; x++) {
    const digits = digitsOf(x, sizes);
    let log = 0;
    cliques.forEach((clique, k) => {
      let cell = 0;
      for (const a of clique) cell = cell * sizes[a] + digits[a];
      log += potentials[k][cell];
    });
    joint[x] = Math.exp(log);
  }
  const z = joint.reduce((s, v) => s + v, 0);
  return joint.map((v) => (v / z) * total);
}

export function digitsOf(x: number, sizes: readonly number[]): number[] {
  const digits = new Array<number>(sizes.length);
  for (let a = sizes.length - 1; a >= 0; a--) {
    digits[a] = x % sizes[a];
    x = Math.floor(x / sizes[a]);
  }
  return digits;
}

/** The marginal of a joint table over `clique` (attribute indices in increasing order). */
export function bruteMarginal(
  joint: ArrayLike<number>,
  sizes: readonly number[],
  clique: Clique,
): Float64Array {
  const out = new Float64Array(clique.reduce((n, a) => n * sizes[a], 1));
  for (let x = 0; x < joint.length; x++) {
    const digits = digitsOf(x, sizes);
    let cell = 0;
    for (const a of clique) cell = cell * sizes[a] + digits[a];
    out[cell] += joint[x];
  }
  return out;
}

/** Maximum entropy joint with the given marginals (iterative proportional fitting from uniform). */
export function maximumEntropy(
  sizes: readonly number[],
  cliques: readonly Clique[],
  targets: readonly Float64Array[],
  sweeps = 5000,
): Float64Array {
  const total = targets[0].reduce((s, v) => s + v, 0);
  const cells = sizes.reduce((n, s) => n * s, 1);
  const joint = new Float64Array(cells).fill(total / cells);
  for (let sweep = 0; sweep < sweeps; sweep++)
    cliques.forEach((clique, k) => {
      const current = bruteMarginal(joint, sizes, clique);
      for (let x = 0; x < cells; x++) {
        const digits = digitsOf(x, sizes);
        let cell = 0;
        for (const a of clique) cell = cell * sizes[a] + digits[a];
        joint[x] *= targets[k][cell] / current[cell];
      }
    });
  return joint;
}

/** Random potentials, normal with the given spread, one table per clique. */
export function randomPotentials(
  sizes: readonly number[],
  cliques: readonly Clique[],
  seed: number,
  spread = 1,
): Float64Array[] {
  const rng = Rng.from(seed);
  return cliques.map((c) =>
    Float64Array.from({ length: c.reduce((n, a) => n * sizes[a], 1) }, () => rng.normal(0, spread)),
  );
}
