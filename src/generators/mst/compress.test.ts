import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import type { Schema } from '../../data/schema.js';
import { domainFromSchema } from '../measure/domain.js';
import type { Measurements } from '../measure/measurements.js';
import { compressCodes, compression, compressOneWay, expandCodes } from './compress.js';

const schema: Schema = {
  version: 1,
  columns: [
    {
      name: 'stage',
      kind: 'categorical',
      role: 'feature',
      categories: ['I', 'II', 'III', 'IV'],
      nullable: false,
    },
    { name: 'sex', kind: 'categorical', role: 'feature', categories: ['F', 'M'], nullable: false },
  ],
  endpoints: [],
  rules: [],
};
const domain = domainFromSchema(schema);
const oneWay: Measurements = {
  version: 1,
  domain: {
    attributes: [
      { name: 'stage', size: 4 },
      { name: 'sex', size: 2 },
    ],
    hash: domain.hash,
  },
  measurements: [
    // σ = 10: states below 3σ = 30 are merged.
    {
      query: ['stage'],
      answer: [100, 2, 50, -7],
      noise: { mechanism: 'discrete-gaussian', sigma: 10 },
      rho: [0.005],
    },
    { query: ['sex'], answer: [80, 75], noise: { mechanism: 'discrete-gaussian', sigma: 10 }, rho: [0.005] },
  ],
};

describe('domain compression', () => {
  const c = compression(domain, oneWay);

  it('keeps states whose noisy count reaches 3σ and merges the rest into one last state', () => {
    expect(c.domain.attributes.map((a) => a.size)).toEqual([3, 2]);
    expect(Array.from(c.toCompressed[0])).toEqual([0, 2, 1, 2]);
    expect(Array.from(c.merged[0])).toEqual([1, 3]);
    expect(Array.from(c.merged[1])).toEqual([]);
    expect(c.domain.hash).not.toBe(domain.hash);
  });

  it('re-expresses the 1-way measurements on the compressed domain (merged cells summed)', () => {
    const compressed = compressOneWay(oneWay, c);
    expect(compressed.measurements.map((m) => m.answer)).toEqual([
      [100, 50, -5],
      [80, 75],
    ]);
    expect(compressed.domain.hash).toBe(c.domain.hash);
  });

  it('compresses codes and expands a merged state uniformly over the states it merged', () => {
    const codes = [Int32Array.from([0, 1, 2, 3]), Int32Array.from([0, 1, 1, 0])];
    const encoded = compressCodes({ domain, nRows: 4, codes }, c);
    expect(Array.from(encoded.codes[0])).toEqual([0, 2, 1, 2]);
    const many = Int32Array.from({ length: 4000 }, (_, i) => i % 3);
    const [expanded] = expandCodes([many, new Int32Array(4000)], c, Rng.from(1));
    const counts = [0, 0, 0, 0];
    for (const state of expanded) counts[state]++;
    expect([counts[0], counts[2]]).toEqual([1334, 1333]);
    // State 1 and 3 share the 1,333 merged draws: each Binomial(1333, ½), SE ≈ 18.
    expect(Math.abs(counts[1] - 666.5)).toBeLessThan(4 * 18.3);
    expect(counts[1] + counts[3]).toBe(1333);
  });
});
