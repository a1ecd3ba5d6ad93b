import { describe, expect, it } from 'vitest';
import { UsageError } from '../../core/errors.js';
import { domainFromSchema } from '../measure/domain.js';
import { candidatesOf } from './candidates.js';
import { plantedSchema } from './test-support/planted.js';

describe('candidatesOf', () => {
  const domain = domainFromSchema(plantedSchema);

  it('is the downward closure of the workload, weighted by Σ w_q |r ∩ q|', () => {
    const candidates = candidatesOf(domain, [
      { query: ['c', 'a', 'b'], weight: 2 },
      { query: ['a', 'e'], weight: 1 },
    ]);
    const byKey = new Map(candidates.map((c) => [c.names.join('×'), c]));
    // {a,b,c}: 7 subsets; {a,e}: adds e and a×e.
    expect([...byKey.keys()]).toEqual(['a', 'b', 'c', 'e', 'a×b', 'a×c', 'a×e', 'b×c', 'a×b×c']);
    expect(byKey.get('a')?.weight).toBe(2 * 1 + 1 * 1);
    expect(byKey.get('b')?.weight).toBe(2);
    expect(byKey.get('a×b')?.weight).toBe(2 * 2 + 1 * 1);
    expect(byKey.get('a×e')?.weight).toBe(2 * 1 + 1 * 2);
    expect(byKey.get('a×b×c')?.weight).toBe(2 * 3 + 1 * 1);
    expect(byKey.get('a×b×c')?.cells).toBe(8);
    expect(byKey.get('a×e')?.clique).toEqual([0, 4]);
  });

  it('refuses unknown attributes and non-positive weights, naming them', () => {
    expect(() => candidatesOf(domain, [{ query: ['a', 'zz'], weight: 1 }])).toThrow(/'zz'/);
    expect(() => candidatesOf(domain, [{ query: ['a'], weight: 0 }])).toThrow(UsageError);
  });
});
