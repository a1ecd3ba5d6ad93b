import { describe, expect, it } from 'vitest';
import { ReplicationSpec, replicate } from './replication.js';
import { amlHalves, independentSample } from './test-support/aml.js';

describe('ReplicationSpec', () => {
  it('accepts the documented example and rejects an analysis with nothing to run', () => {
    const spec = {
      analyses: [{ name: 'OS by ELN', endpoint: 'os', groupBy: 'eln2022', cox: ['age', 'eln2022'] }],
    };
    expect(ReplicationSpec.parse(spec)).toEqual(spec);
    const bad = ReplicationSpec.safeParse({ analyses: [{ name: 'x', endpoint: 'os' }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].message).toMatch(/groupBy, cox or both/);
    expect(
      ReplicationSpec.safeParse({ analyses: [{ name: 'x', endpoint: 'os', grupBy: 'a' }] }).success,
    ).toBe(false);
  });
});

describe('replicate', () => {
  const tables = amlHalves(2000, 3);
  const synthetic = independentSample(2000, 4);
  const endpoints = tables.schema.endpoints;

  it('reproduces a declared analysis on an independent sample', () => {
    const spec = ReplicationSpec.parse({
      analyses: [
        { name: 'OS by ELN', endpoint: 'os', groupBy: 'eln2022', cox: ['age', 'eln2022', 'flt3_itd'] },
      ],
    });
    const { results, skipped } = replicate(spec, tables.real, synthetic, endpoints, tables.schema, 0.05, 5);
    expect(skipped).toEqual([]);
    expect(results[0].logrank?.agrees).toBe(true);
    expect(results[0].cox?.hazardRatios.map((h) => h.term)).toEqual([
      'age',
      'eln2022intermediate',
      'eln2022adverse',
      'flt3_itd1',
    ]);
    expect(results[0].agreement).toBeGreaterThanOrEqual(0.75);
  });

  it('skips an analysis of an unknown endpoint or column, saying why', () => {
    const spec = ReplicationSpec.parse({
      analyses: [
        { name: 'a', endpoint: 'efs', groupBy: 'eln2022' },
        { name: 'b', endpoint: 'os', groupBy: 'no_such_column' },
      ],
    });
    const { results, skipped } = replicate(spec, tables.real, synthetic, endpoints, tables.schema, 0.05, 5);
    expect(results).toEqual([]);
    expect(skipped[0]).toEqual({
      metric: 'replication:a',
      reason: "no endpoint named 'efs' (endpoints: 'os', 'rfs')",
    });
    expect(skipped[1].reason).toMatch(/no_such_column/);
  });
});
