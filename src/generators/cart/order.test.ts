import { describe, expect, it } from 'vitest';
import { UsageError } from '../../core/errors.js';
import { parseSchema } from '../../data/schema.js';
import { visitOrder } from './order.js';
import { cohort } from './test-support/cohort.js';

const { table, schema } = cohort(500, 'order');

describe('visit order', () => {
  it('puts centre, demographics, mutations by frequency, features, then endpoints longest first', () => {
    expect(visitOrder(table, schema)).toEqual([
      'centre',
      'age',
      'sex',
      'mut_a',
      'mut_b',
      'rare',
      'x',
      'y',
      'grade',
      // rfs_days <= os_days: OS first, each event before its time.
      'os_event',
      'os_days',
      'rfs_event',
      'rfs_days',
    ]);
  });

  it('puts a derived column after the columns it may be derived from, and outcome-like features with the targets', () => {
    const withRules = parseSchema({
      ...schema,
      columns: schema.columns.map((c) => (c.name === 'y' ? { ...c, role: 'target' } : c)),
      rules: [...schema.rules, { type: 'derived', column: 'x', derivation: 'anything' }],
    });
    // x is derived; y is now a target, and grade, a feature declared after it, is outcome-like.
    expect(visitOrder(table, withRules).slice(6, 9)).toEqual(['x', 'y', 'grade']);
  });

  it('visits an explicit order first, then the automatic one', () => {
    expect(visitOrder(table, schema, ['os_days', 'x']).slice(0, 4)).toEqual([
      'os_days',
      'x',
      'centre',
      'age',
    ]);
    expect(() => visitOrder(table, schema, ['nope'])).toThrow(UsageError);
  });
});
