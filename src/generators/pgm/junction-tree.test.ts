import { describe, expect, it } from 'vitest';
import { isSubset } from './cells.js';
import { junctionTree } from './junction-tree.js';

/** Running intersection: the cliques holding any one attribute form a connected subtree. */
function connectedFor(tree: ReturnType<typeof junctionTree>, attribute: number): boolean {
  const holding = tree.cliques.flatMap((c, i) => (c.includes(attribute) ? [i] : []));
  const reached = new Set([holding[0]]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const { a, b } of tree.edges)
      for (const [x, y] of [
        [a, b],
        [b, a],
      ])
        if (reached.has(x) && !reached.has(y) && holding.includes(y)) {
          reached.add(y);
          grew = true;
        }
  }
  return reached.size === holding.length;
}

describe('junctionTree', () => {
  const cases: Array<[string, number[], number[][]]> = [
    [
      'a chain',
      [2, 3, 2, 4],
      [
        [0, 1],
        [1, 2],
        [2, 3],
      ],
    ],
    [
      'a 4-cycle (needs a chord)',
      [2, 2, 3, 2],
      [
        [0, 1],
        [1, 2],
        [2, 3],
        [0, 3],
      ],
    ],
    [
      'a 5-cycle with a triangle',
      [2, 3, 2, 2, 4],
      [
        [0, 1, 2],
        [2, 3],
        [3, 4],
        [0, 4],
      ],
    ],
    [
      'two parts and a lone attribute',
      [2, 2, 2, 2, 3],
      [
        [0, 1],
        [2, 3],
      ],
    ],
  ];

  it.each(cases)(
    'covers every clique and attribute of %s and keeps running intersection',
    (_, sizes, cliques) => {
      const tree = junctionTree(sizes, cliques);
      expect(tree.edges).toHaveLength(tree.cliques.length - 1);
      for (const clique of cliques) expect(tree.cliques.some((c) => isSubset(clique, c))).toBe(true);
      for (let a = 0; a < sizes.length; a++) expect(connectedFor(tree, a)).toBe(true);
      for (const c of tree.cliques) expect(tree.cliques.filter((d) => isSubset(c, d))).toHaveLength(1);
    },
  );

  it('keeps a tree of pairs as it is (nothing filled in)', () => {
    const tree = junctionTree(
      [3, 3, 3, 3],
      [
        [0, 1],
        [0, 2],
        [2, 3],
      ],
    );
    expect(tree.cliques.map((c) => c.join()).sort()).toEqual(['0,1', '0,2', '2,3']);
  });

  it('adds one chord to a 4-cycle: two triangles', () => {
    const tree = junctionTree(
      [2, 2, 2, 2],
      [
        [0, 1],
        [1, 2],
        [2, 3],
        [0, 3],
      ],
    );
    expect(tree.cliques).toHaveLength(2);
    expect(tree.cliques.every((c) => c.length === 3)).toBe(true);
  });
});
