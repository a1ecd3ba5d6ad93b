import { describe, expect, it } from 'vitest';
import { calibrate, compileTree } from './belief-propagation.js';
import { bruteJoint, bruteMarginal, randomPotentials } from './test-support/brute-force.js';

describe('calibrate', () => {
  const cases: Array<[string, number[], number[][]]> = [
    ['three attributes in a chain', [2, 3, 4], [[0, 1], [1, 2], [0]]],
    ['a 4-cycle', [2, 4, 3, 2], [[0, 1], [1, 2], [2, 3], [0, 3], [2]]],
    ['a triangle and a pendant', [3, 2, 2, 4], [[0, 1, 2], [2, 3], [1]]],
    ['five attributes, a cycle and a lone one', [2, 3, 2, 4, 3], [[0, 1], [1, 2], [0, 2], [3]]],
    [
      'five attributes, a 5-cycle',
      [2, 2, 3, 2, 4],
      [
        [0, 1],
        [1, 2],
        [2, 3],
        [3, 4],
        [0, 4],
      ],
    ],
  ];

  it.each(cases)('gives the exact clique marginals of %s (brute force, 1e-9)', (_, sizes, cliques) => {
    const potentials = randomPotentials(sizes, cliques, sizes.length * 7 + cliques.length, 1.5);
    const total = 1;
    const compiled = compileTree(sizes, cliques);
    const beliefs = calibrate(compiled, potentials, total);
    const joint = bruteJoint(sizes, cliques, potentials, total);
    compiled.tree.cliques.forEach((clique, i) => {
      const expected = bruteMarginal(joint, sizes, clique);
      expect(beliefs[i]).toHaveLength(expected.length);
      for (let j = 0; j < expected.length; j++)
        expect(Math.abs(beliefs[i][j] - expected[j])).toBeLessThan(1e-9);
    });
  });

  it('scales every belief to the total and stays finite for large potentials', () => {
    const sizes = [3, 3, 3];
    const cliques = [
      [0, 1],
      [1, 2],
    ];
    const potentials = randomPotentials(sizes, cliques, 5, 300);
    const beliefs = calibrate(compileTree(sizes, cliques), potentials, 2500);
    for (const b of beliefs) {
      expect(b.every(Number.isFinite)).toBe(true);
      expect(b.reduce((s, v) => s + v, 0)).toBeCloseTo(2500, 8);
    }
  });
});
