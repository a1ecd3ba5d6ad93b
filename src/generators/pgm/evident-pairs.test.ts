import { describe, expect, it } from 'vitest';
import type { Measurements } from '../measure/measurements.js';
import { withEvidentPairs } from './evident-pairs.js';

/** Four flags on 1,000 records, each held by 200 (independence predicts 40 per pair), counts with σ = 5. */
function measured(answer: number[]): Measurements {
  const names = ['a', 'b', 'c', 'd'];
  return {
    version: 1,
    domain: { attributes: names.map((name) => ({ name, size: 2 })), hash: 'test' },
    measurements: names.map((name) => ({
      query: [name],
      answer: [800, 200],
      noise: { mechanism: 'discrete-gaussian', sigma: 1 },
      rho: [0.5],
    })),
    coOccurrence: [
      {
        flags: names.map((attribute) => ({ attribute, state: 1 })),
        clip: 4,
        pairs: [
          [0, 1],
          [0, 2],
          [0, 3],
          [1, 2],
          [1, 3],
          [2, 3],
        ],
        answer,
        noise: { mechanism: 'discrete-gaussian', sigma: 5 },
        rho: [0.24],
      },
    ],
  };
}

describe('withEvidentPairs', () => {
  it('keeps the pairs at least minZ σ from independence, in either direction, and leaves the rest of the measurements alone', () => {
    // z = (answer − 40)/5: +4, +0.2, −3, +1.2, −0.8, 0
    const input = measured([60, 41, 25, 46, 36, 40]);
    const kept = withEvidentPairs(input, { minZ: 1 })?.coOccurrence?.[0];
    expect(kept?.pairs).toEqual([
      [0, 1],
      [0, 3],
      [1, 2],
    ]);
    expect(kept?.answer).toEqual([60, 25, 46]);
    // The default, |z| ≥ 0.5, also keeps (1, 3) at z = −0.8.
    expect(withEvidentPairs(input).coOccurrence?.[0].pairs).toEqual([
      [0, 1],
      [0, 3],
      [1, 2],
      [1, 3],
    ]);
    expect(withEvidentPairs(input, { minZ: 2 }).coOccurrence?.[0].pairs).toEqual([
      [0, 1],
      [0, 3],
    ]);
    expect(withEvidentPairs(input).measurements).toBe(input.measurements);
  });

  it('stops adding pairs, strongest first, where the junction tree over them would outgrow maxCells', () => {
    // Every pair evident: the complete graph on four binary flags is one 16-cell clique.
    const input = measured([70, 65, 60, 55, 50, 20]);
    expect(withEvidentPairs(input, { maxCells: 16 }).coOccurrence?.[0].pairs).toHaveLength(6);
    // At 8 cells (attributes in no pair count their own 2): [0, 1]; [0, 2] would make 4 + 4 + 2;
    // [0, 3] the same; [2, 3] (|z| = 4) fits beside [0, 1]; every other pair would join the two.
    expect(withEvidentPairs(input, { maxCells: 8 }).coOccurrence?.[0].pairs).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('returns measurements without a block unchanged', () => {
    const { coOccurrence: _, ...plain } = measured([40, 40, 40, 40, 40, 40]);
    expect(withEvidentPairs(plain)).toBe(plain);
  });
});
