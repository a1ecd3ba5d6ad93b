import { describe, expect, it } from 'vitest';
import { seededRandomBits } from '../../privacy/random-bits.js';
import type { Domain } from '../measure/domain.js';
import type { EncodedTable } from '../measure/encode.js';
import { edgeScores, selectTree } from './select.js';

/** Four binary attributes: a = b always, c = a for 3 rows in 4, d independent of all. */
function table(): EncodedTable {
  const rows = 400;
  const a = Int32Array.from({ length: rows }, (_, i) => i % 2);
  const b = a.slice();
  const c = Int32Array.from(a, (x, i) => (i % 4 === 0 ? 1 - x : x));
  const d = Int32Array.from({ length: rows }, (_, i) => Math.floor(i / 2) % 2);
  const attributes = ['a', 'b', 'c', 'd'].map((name) => ({
    type: 'categorical' as const,
    kind: 'categorical' as const,
    name,
    levels: ['0', '1'],
    missing: false,
    size: 2,
  }));
  const domain: Domain = { attributes, hash: 'test' };
  return { domain, nRows: rows, codes: [a, b, c, d] };
}

describe('MST selection', () => {
  const encoded = table();
  const half = Float64Array.from([200, 200]);
  const scores = edgeScores(encoded, [half, half, half, half], 400);

  it('scores an edge by the L1 distance between its true 2-way marginal and independence, in 2^-20 units', () => {
    // a = b: true [200, 0, 0, 200] against independence [100] × 4 → L1 = 400 patients.
    expect(scores.get('0,1')).toBe(400 * 2 ** 20);
    // c agrees with a in 300 rows: [150, 50, 50, 150] → L1 = 200.
    expect(scores.get('0,2')).toBe(200 * 2 ** 20);
    // d is exactly independent of a.
    expect(scores.get('0,3')).toBe(0);
  });

  it('grows a spanning tree; with a large ε, the maximum spanning tree (brute force over all 16 trees)', () => {
    const tree = selectTree(4, scores, 1000, seededRandomBits('tree'));
    expect(tree).toHaveLength(3);
    const weight = (edges: readonly (readonly [number, number])[]) =>
      edges.reduce((s, [x, y]) => s + (scores.get(`${x},${y}`) ?? 0), 0);
    const pairs: Array<[number, number]> = [];
    for (let x = 0; x < 4; x++) for (let y = x + 1; y < 4; y++) pairs.push([x, y]);
    let best = 0;
    for (let i = 0; i < pairs.length; i++)
      for (let j = i + 1; j < pairs.length; j++)
        for (let k = j + 1; k < pairs.length; k++) {
          const edges = [pairs[i], pairs[j], pairs[k]];
          const nodes = new Set(edges.flat());
          if (nodes.size === 4 && spans(edges)) best = Math.max(best, weight(edges));
        }
    expect(weight(tree)).toBe(best);
    expect(spans(tree)).toBe(true);
  });

  it('still spans every attribute when ε is tiny (edges then nearly uniform)', () => {
    const tree = selectTree(4, scores, 1e-9, seededRandomBits('tiny'));
    expect(spans(tree)).toBe(true);
  });
});

function spans(edges: readonly (readonly [number, number])[]): boolean {
  const reached = new Set([0]);
  for (let pass = 0; pass < 4; pass++)
    for (const [x, y] of edges) if (reached.has(x) || reached.has(y)) reached.add(x).add(y);
  return reached.size === 4;
}
