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

  it('puts outcome-like features with the targets (derived columns: see aml.test.ts)', () => {
    const withTarget = parseSchema({
      ...schema,
      columns: schema.columns.map((c) => (c.name === 'y' ? { ...c, role: 'target' } : c)),
    });
    // y is now a target, and grade, a feature declared after it, is outcome-like.
    expect(visitOrder(table, withTarget).slice(6, 9)).toEqual(['x', 'y', 'grade']);
  });

  it("with survival: 'cox', puts the endpoint no rule bounds before the targets, the bounded one after", () => {
    const withTarget = parseSchema({
      ...schema,
      columns: schema.columns.map((c) => (c.name === 'y' ? { ...c, role: 'target' } : c)),
    });
    expect(visitOrder(table, withTarget, undefined, true).slice(6)).toEqual([
      'x',
      'os_event',
      'os_days',
      'y',
      'grade',
      'rfs_event',
      'rfs_days',
    ]);
  });

  it('counts as baseline the features R tables list after time and status', () => {
    const rFirst = parseSchema({
      ...schema,
      columns: [
        ...schema.columns.filter((c) => c.role === 'time' || c.role === 'event'),
        ...schema.columns.filter((c) => c.role !== 'time' && c.role !== 'event'),
      ],
    });
    const order = visitOrder(table, rFirst, undefined, true);
    expect(order.slice(0, 3)).toEqual(['centre', 'age', 'sex']);
    expect(order.slice(-4)).toEqual(['os_event', 'os_days', 'rfs_event', 'rfs_days']);
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
