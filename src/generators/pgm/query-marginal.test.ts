import { describe, expect, it } from 'vitest';
import { calibrate, compileTree } from './belief-propagation.js';
import type { Clique } from './cells.js';
import { junctionTree, junctionTreeCells } from './junction-tree.js';
import { marginalOver } from './query-marginal.js';
import { bruteJoint, bruteMarginal, randomPotentials } from './test-support/brute-force.js';

/** Every non-empty subset of 0..n−1, as increasing index lists. */
function allSubsets(n: number): Clique[] {
  const out: Clique[] = [];
  for (let mask = 1; mask < 1 << n; mask++) out.push([...Array(n).keys()].filter((a) => mask & (1 << a)));
  return out;
}

describe('marginalOver', () => {
  const cases: Array<[string, number[], number[][]]> = [
    [
      'a chain of five',
      [2, 3, 2, 4, 3],
      [
        [0, 1],
        [1, 2],
        [2, 3],
        [3, 4],
      ],
    ],
    [
      'a star around attribute 2',
      [3, 2, 4, 2, 3],
      [
        [0, 2],
        [1, 2],
        [2, 3],
        [2, 4],
      ],
    ],
    [
      'a 5-cycle (triangulated)',
      [2, 2, 3, 2, 4],
      [
        [0, 1],
        [1, 2],
        [2, 3],
        [3, 4],
        [0, 4],
      ],
    ],
    ['a triangle, a pendant and a lone attribute', [3, 2, 2, 4, 2], [[0, 1, 2], [2, 3], [4]]],
    [
      'two disconnected parts',
      [2, 3, 2, 3, 2],
      [
        [0, 1],
        [2, 3],
        [3, 4],
      ],
    ],
  ];

  it.each(cases)('gives every marginal of %s as brute force does (1e-9)', (_, sizes, cliques) => {
    const potentials = randomPotentials(sizes, cliques, sizes.length * 11 + cliques.length, 1.2);
    const compiled = compileTree(sizes, cliques);
    const beliefs = calibrate(compiled, potentials, 1000);
    const joint = bruteJoint(sizes, cliques, potentials, 1000);
    let spanning = 0;
    for (const query of allSubsets(sizes.length)) {
      if (!compiled.tree.cliques.some((c) => query.every((a) => c.includes(a)))) spanning++;
      const expected = bruteMarginal(joint, sizes, query);
      const got = marginalOver(compiled, beliefs, query);
      expect(got).toHaveLength(expected.length);
      for (let j = 0; j < expected.length; j++) expect(Math.abs(got[j] - expected[j])).toBeLessThan(1e-9);
    }
    // The cases are chosen so that most queries span several cliques: the elimination path is what is tested.
    expect(spanning).toBeGreaterThan(10);
  });
});

describe('junctionTreeCells', () => {
  it('equals the cells of the junction tree built from the same cliques', () => {
    for (const [, sizes, cliques] of [
      [
        'cycle',
        [2, 3, 4, 5, 2],
        [
          [0, 1],
          [1, 2],
          [2, 3],
          [3, 4],
          [0, 4],
        ],
      ],
      [
        'triangle and chain',
        [3, 3, 3, 3],
        [
          [0, 1, 2],
          [2, 3],
        ],
      ],
      ['nothing measured', [2, 5, 7], []],
    ] as Array<[string, number[], number[][]]>) {
      const tree = junctionTree(sizes, cliques);
      const cells = tree.cliques.reduce((s, c) => s + c.reduce((n, a) => n * sizes[a], 1), 0);
      expect(junctionTreeCells(sizes, cliques)).toBe(cells);
    }
  });

  it('prices a triangulated 4-cycle by hand: 2·3·4 + 2·4·5 cells', () => {
    // Cycle a–b–c–d–a with sizes 2, 3, 4, 5; min-fill adds one chord. Eliminating b (fill a–c,
    // table 2·3·4 = 24, the smallest with one fill) leaves the triangle a, c, d (2·4·5 = 40).
    expect(
      junctionTreeCells(
        [2, 3, 4, 5],
        [
          [0, 1],
          [1, 2],
          [2, 3],
          [0, 3],
        ],
      ),
    ).toBe(24 + 40);
  });
});
