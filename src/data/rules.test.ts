import { describe, expect, it } from 'vitest';
import { compileChecks, findViolations } from './rules.js';
import { parseSchema } from './schema.js';
import { codeColumnFromStrings, numberColumn, Table } from './table.js';

const NaN_ = Number.NaN;
const schema = parseSchema({
  version: 1,
  columns: [
    { name: 'os_days', kind: 'integer', min: 0, nullable: false },
    { name: 'rfs_days', kind: 'numeric', min: 0 },
    { name: 'relapse', kind: 'boolean', categories: ['0', '1'] },
    { name: 'relapse_days', kind: 'numeric' },
  ],
  rules: [
    { type: 'compare', left: 'rfs_days', op: '<=', right: 'os_days' },
    {
      type: 'implies',
      if: [{ column: 'relapse', equals: '0' }],
      then: { column: 'relapse_days', missing: true },
    },
  ],
});

function table(os: number[], rfs: number[], relapse: Array<string | null>, relapseDays: number[]) {
  return new Table([
    ['os_days', numberColumn(os)],
    ['rfs_days', numberColumn(rfs)],
    ['relapse', codeColumnFromStrings(relapse, ['0', '1'])],
    ['relapse_days', numberColumn(relapseDays)],
  ]);
}

describe('row checks', () => {
  it('passes rows that obey every rule, including comparisons with a missing side', () => {
    const t = table([100, 200, 300], [50, NaN_, 300], ['0', '1', null], [NaN_, 150, 20]);
    expect(findViolations(t, schema)).toEqual([]);
  });

  it('finds each kind of violation and says which check failed', () => {
    const t = table(
      [100, -1, NaN_, 10, 10, 10.5],
      [150, 0, 0, 5, 5, 5],
      ['1', '1', '1', '0', '1', '1'],
      [1, 1, 1, 3, 1, 1],
    );
    const found = findViolations(t, schema);
    expect(found.map((v) => [v.row, v.check])).toEqual([
      [0, 'rfs_days <= os_days'],
      [1, 'os_days >= 0'],
      [2, 'os_days is not missing'],
      [3, 'if relapse = 0 then relapse_days is missing'],
      [5, 'os_days is a whole number'],
    ]);
    expect(findViolations(t, schema, 2)).toHaveLength(2);
  });

  it('compiles one check per bound, nullability, integrality and rule', () => {
    const t = table([1], [1], ['0'], [NaN_]);
    expect(compileChecks(t, schema).map((c) => c.description)).toEqual([
      'os_days is not missing',
      'os_days >= 0',
      'os_days is a whole number',
      'rfs_days >= 0',
      'rfs_days <= os_days',
      'if relapse = 0 then relapse_days is missing',
    ]);
  });
});
