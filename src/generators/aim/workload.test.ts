import { describe, expect, it } from 'vitest';
import { simulate } from '../../simulate/index.js';
import { domainFromSchema } from '../measure/domain.js';
import { allPairs, clinicalWorkload, WORKLOAD_WEIGHTS } from './workload.js';

describe('clinicalWorkload on the simulated AML schema', () => {
  const { schema } = simulate('aml', { patients: 50, centres: 3, seed: 1 });
  const domain = domainFromSchema(schema);
  const workload = clinicalWorkload(schema, domain);
  const weightOf = (...names: string[]) =>
    workload.find((q) => q.query.length === names.length && names.every((n) => q.query.includes(n)))?.weight;

  it('names only modelled attributes, each query once, in domain order', () => {
    const names = domain.attributes.map((a) => a.name);
    const keys = new Set<string>();
    for (const { query } of workload) {
      expect(query.every((n) => names.includes(n))).toBe(true);
      const positions = query.map((n) => names.indexOf(n));
      expect(positions).toEqual([...positions].sort((x, y) => x - y));
      keys.add(query.join('×'));
    }
    expect(keys.size).toBe(workload.length);
  });

  it('weights the clinical queries above the default pairs', () => {
    const d = domain.attributes.length;
    expect(workload.filter((q) => q.query.length === 2)).toHaveLength((d * (d - 1)) / 2);
    expect(weightOf('age', 'sex')).toBe(WORKLOAD_WEIGHTS.pair);
    expect(weightOf('npm1', 'flt3_itd')).toBe(WORKLOAD_WEIGHTS.mutationPair);
    expect(weightOf('age', 'centre')).toBe(WORKLOAD_WEIGHTS.centre);
    for (const [time, event] of [
      ['os_days', 'os_status'],
      ['rfs_days', 'rfs_status'],
    ])
      for (const factor of ['treatment', 'age'])
        expect(weightOf(time, event, factor)).toBe(WORKLOAD_WEIGHTS.endpointByRisk);
    // eln2022 is derived (recomputed after sampling), so it is not modelled and no query names it.
    expect(workload.some((q) => q.query.includes('eln2022'))).toBe(false);
  });

  it('takes the risk factors it is given, and allPairs gives every pair once', () => {
    const custom = clinicalWorkload(schema, domain, { riskFactors: ['ecog'] });
    expect(custom.filter((q) => q.query.length === 3).map((q) => q.query.join('×'))).toEqual([
      'ecog×os_days×os_status',
      'ecog×rfs_days×rfs_status',
    ]);
    expect(allPairs(domain)).toHaveLength((domain.attributes.length * (domain.attributes.length - 1)) / 2);
  });
});
