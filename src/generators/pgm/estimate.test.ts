import { describe, expect, it } from 'vitest';
import { UsageError } from '../../core/errors.js';
import { estimate, potentialCliques } from './estimate.js';
import { modelMarginal } from './model.js';
import { bruteJoint, bruteMarginal, maximumEntropy, randomPotentials } from './test-support/brute-force.js';
import { measurementsOf, NAMES } from './test-support/measurements.js';

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

/** The fitted model's full joint, by brute force over its own potentials. */
function fittedJoint(fit: ReturnType<typeof estimate>): Float64Array {
  const sizes = fit.model.domain.attributes.map((a) => a.size);
  return bruteJoint(sizes, fit.model.cliques, fit.model.potentials, fit.model.total);
}

describe('estimate', () => {
  it('fits a co-occurrence count as one cell: with the 1-way marginals it fixes a binary pair as its 2 × 2 marginal does (1e-6)', () => {
    const sizes = [2, 2, 2, 3];
    const truth = [
      [0, 1],
      [1, 2],
      [2, 3],
    ];
    const joint = bruteJoint(sizes, truth, randomPotentials(sizes, truth, 5, 1), 2000);
    const oneWay = [[0], [1], [2], [3]];
    const full = estimate(measurementsOf(joint, sizes, [...oneWay, [0, 1], [1, 2], [2, 3]]), {
      maxIterations: 20000,
    });
    const base = measurementsOf(joint, sizes, [...oneWay, [2, 3]]);
    const both = (i: number, j: number) => bruteMarginal(joint, sizes, [i, j])[3];
    const cells = estimate(
      {
        ...base,
        coOccurrence: [
          {
            flags: [0, 1, 2].map((a) => ({ attribute: NAMES[a], state: 1 })),
            clip: 3,
            pairs: [
              [0, 1],
              [1, 2],
            ],
            answer: [both(0, 1), both(1, 2)],
            noise: { mechanism: 'none', sigma: 0 },
            rho: [null],
          },
        ],
      },
      { maxIterations: 20000 },
    );
    expect(cells.converged).toBe(true);
    expect(maxAbsDiff(fittedJoint(cells), fittedJoint(full)) / 2000).toBeLessThan(1e-6);
    // A flag's own count (a diagonal pair) stands in for its binary 1-way marginal.
    const one = (i: number) => bruteMarginal(joint, sizes, [i])[1];
    const diagonal = estimate(
      {
        ...measurementsOf(joint, sizes, [[3], [2, 3]]),
        coOccurrence: [
          {
            flags: [0, 1, 2].map((a) => ({ attribute: NAMES[a], state: 1 })),
            clip: 3,
            pairs: [
              [0, 0],
              [0, 1],
              [1, 1],
              [1, 2],
              [2, 2],
            ],
            answer: [one(0), both(0, 1), one(1), both(1, 2), one(2)],
            noise: { mechanism: 'none', sigma: 0 },
            rho: [null],
          },
        ],
      },
      { maxIterations: 20000 },
    );
    expect(maxAbsDiff(fittedJoint(diagonal), fittedJoint(full)) / 2000).toBeLessThan(1e-6);
    expect(
      maxAbsDiff(modelMarginal(cells.model, ['a', 'b']), bruteMarginal(joint, sizes, [0, 1])) / 2000,
    ).toBeLessThan(1e-6);
  });

  it('recovers a tree-factorising distribution from its exact 1- and 2-way marginals (1e-6)', () => {
    const sizes = [2, 3, 4, 2, 3];
    const tree = [
      [0, 1],
      [1, 2],
      [1, 3],
      [3, 4],
    ];
    const joint = bruteJoint(sizes, tree, randomPotentials(sizes, tree, 21, 1), 1000);
    const queries = [[0], [1], [2], [3], [4], ...tree];
    const fit = estimate(measurementsOf(joint, sizes, queries), { maxIterations: 20000 });
    expect(fit.converged).toBe(true);
    expect(fit.model.total).toBe(1000);
    expect(maxAbsDiff(fittedJoint(fit), joint) / 1000).toBeLessThan(1e-6);
    for (const q of queries)
      expect(
        maxAbsDiff(
          modelMarginal(
            fit.model,
            q.map((a) => NAMES[a]),
          ),
          bruteMarginal(joint, sizes, q),
        ) / 1000,
      ).toBeLessThan(1e-6);
  });

  it('on a cycle converges to the maximum-entropy distribution with the measured marginals (1e-6)', () => {
    const sizes = [2, 3, 2, 2];
    const cycle = [
      [0, 1],
      [1, 2],
      [2, 3],
      [0, 3],
    ];
    // The truth has a 4-way interaction, so no model on the cycle's pairs reproduces it.
    const truth = bruteJoint(sizes, [[0, 1, 2, 3]], randomPotentials(sizes, [[0, 1, 2, 3]], 8, 1), 1000);
    const targets = cycle.map((q) => bruteMarginal(truth, sizes, q));
    const expected = maximumEntropy(sizes, cycle, targets);
    const fit = estimate(measurementsOf(truth, sizes, cycle), { maxIterations: 50000, tolerance: 1e-13 });
    expect(maxAbsDiff(fittedJoint(fit), expected) / 1000).toBeLessThan(1e-6);
    expect(maxAbsDiff(fittedJoint(fit), truth) / 1000).toBeGreaterThan(1e-3);
  });

  it('fits noisy measurements with a consistent model and estimates the total from them', () => {
    const sizes = [3, 2, 4];
    const joint = bruteJoint(
      sizes,
      [
        [0, 1],
        [1, 2],
      ],
      randomPotentials(
        sizes,
        [
          [0, 1],
          [1, 2],
        ],
        3,
      ),
      500,
    );
    const queries = [[0], [1], [2], [0, 1], [1, 2]];
    const noise = queries.map((q, k) =>
      Array.from({ length: q.reduce((n, a) => n * sizes[a], 1) }, (_, j) => ((j * 7 + k * 3) % 11) - 5),
    );
    const measurements = measurementsOf(joint, sizes, queries, { sigma: 4, values: noise });
    const fit = estimate(measurements);
    const sums = measurements.measurements.map((m) => m.answer.reduce((s, x) => s + x, 0));
    const weights = measurements.measurements.map((m) => 1 / m.answer.length);
    const expectedTotal =
      sums.reduce((s, x, k) => s + x * weights[k], 0) / weights.reduce((s, w) => s + w, 0);
    expect(fit.model.total).toBeCloseTo(expectedTotal, 9);
    const b = modelMarginal(fit.model, ['b']);
    expect(Array.from(modelMarginal(fit.model, ['a', 'b'])).reduce((s, x) => s + x, 0)).toBeCloseTo(
      fit.model.total,
      6,
    );
    expect(maxAbsDiff(bruteMarginal(modelMarginal(fit.model, ['b', 'c']), [2, 4], [0]), b)).toBeLessThan(
      1e-9,
    );
    // Better than the raw noisy answers' disagreement, and close to the truth.
    expect(maxAbsDiff(b, bruteMarginal(joint, sizes, [1]))).toBeLessThan(20);
  });

  it('a warm start from the fitted potentials converges at once', () => {
    const sizes = [2, 3, 2];
    const tree = [
      [0, 1],
      [1, 2],
    ];
    const joint = bruteJoint(sizes, tree, randomPotentials(sizes, tree, 4), 300);
    const measurements = measurementsOf(joint, sizes, [[0], [1], [2], ...tree]);
    const cold = estimate(measurements, { maxIterations: 20000 });
    const warm = estimate(measurements, {
      maxIterations: 20000,
      warmStart: {
        cliques: cold.model.cliques.map((c) => c.map((a) => NAMES[a])),
        potentials: cold.model.potentials,
      },
    });
    expect(warm.converged).toBe(true);
    expect(warm.iterations).toBeLessThan(cold.iterations / 10);
  });

  it('refuses measurements mixing exact and noisy answers', () => {
    const sizes = [2, 2];
    const joint = bruteJoint(sizes, [[0, 1]], randomPotentials(sizes, [[0, 1]], 1), 100);
    const m = measurementsOf(joint, sizes, [[0], [1]]);
    m.measurements[1] = {
      ...m.measurements[1],
      noise: { mechanism: 'discrete-gaussian', sigma: 2 },
      rho: [0.125],
    };
    expect(() => estimate(m)).toThrow(UsageError);
  });
});

describe('potentialCliques', () => {
  it('keeps the maximal queries and gives unmeasured attributes a clique of their own', () => {
    expect(potentialCliques(5, [[0], [1], [0, 1], [1, 2], [1], []])).toEqual([[0, 1], [1, 2], [3], [4]]);
  });
});
