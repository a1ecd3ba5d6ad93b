import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { inferRules } from './infer-rules.js';
import { parseSchema, type SchemaInput } from './schema.js';
import { codeColumn, numberColumn, Table } from './table.js';

const n = 60;
const range = (f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

/** 60 patients: a relapse flag deciding relapse_days, an ordering of times, a flag implying a risk. */
function cohort() {
  const relapse = range((i) => (i % 3 === 0 ? 1 : 0));
  const os = range((i) => 100 + 10 * i);
  const table = new Table([
    ['relapse', codeColumn(relapse, ['0', '1'])],
    ['relapse_days', numberColumn(range((i) => (relapse[i] ? os[i] - 50 : Number.NaN)))],
    ['os_days', numberColumn(os)],
    [
      't15_17',
      codeColumn(
        range((i) => (i % 4 === 0 ? 1 : 0)),
        ['0', '1'],
      ),
    ],
    // t15_17 → favourable; others spread over all three levels.
    [
      'risk',
      codeColumn(
        range((i) => (i % 4 === 0 ? 0 : i % 3)),
        ['favourable', 'intermediate', 'adverse'],
      ),
    ],
    [
      'centre',
      codeColumn(
        range((i) => i % 2),
        ['A', 'B'],
      ),
    ],
  ]);
  const input: SchemaInput = {
    version: 1,
    columns: [
      { name: 'relapse', kind: 'boolean', categories: ['0', '1'] },
      { name: 'relapse_days', kind: 'integer', role: 'time' },
      { name: 'os_days', kind: 'integer', role: 'time' },
      { name: 't15_17', kind: 'boolean', categories: ['0', '1'] },
      { name: 'risk', kind: 'categorical', categories: ['favourable', 'intermediate', 'adverse'] },
      { name: 'centre', kind: 'categorical', role: 'centre' },
    ],
  };
  return { table, schema: parseSchema(input) };
}

describe('inferRules', () => {
  const { table, schema } = cohort();
  const { rules, notes } = inferRules(table, schema);

  it('finds the ordering of times, missing-when both ways, and the implication, each marked inferred', () => {
    expect(rules).toContainEqual({
      type: 'compare',
      left: 'relapse_days',
      op: '<=',
      right: 'os_days',
      inferred: true,
    });
    expect(rules).toContainEqual({
      type: 'implies',
      if: [{ column: 'relapse', equals: '0' }],
      then: { column: 'relapse_days', missing: true },
      inferred: true,
    });
    expect(rules).toContainEqual({
      type: 'implies',
      if: [{ column: 'relapse', equals: '1' }],
      then: { column: 'relapse_days', missing: false },
      inferred: true,
    });
    expect(rules).toContainEqual({
      type: 'implies',
      if: [{ column: 't15_17', equals: '1' }],
      then: { column: 'risk', equals: 'favourable' },
      inferred: true,
    });
    expect(rules.every((r) => r.type !== 'derived' && r.inferred === true)).toBe(true);
    expect(notes).toContain('rule relapse_days <= os_days: holds in all 20 rows with both');
  });

  it('states each rule once: the contrapositive of t15_17 = 1 → favourable is not repeated', () => {
    const about = rules.filter(
      (r) => r.type === 'implies' && [r.if[0].column, r.then.column].sort().join() === 'risk,t15_17',
    );
    expect(about).toHaveLength(1);
  });

  it('never takes a centre as a premise or a conclusion', () => {
    expect(
      rules.some((r) => r.type === 'implies' && [r.if[0].column, r.then.column].includes('centre')),
    ).toBe(false);
  });

  it('drops a rule that one row breaks', () => {
    const days = Float64Array.from(table.numbers('relapse_days'));
    days[0] = 10_000;
    const broken = inferRules(table.withColumn('relapse_days', numberColumn(days)), schema).rules;
    expect(broken.some((r) => r.type === 'compare')).toBe(false);
  });

  it('needs support: a premise of fewer than minSupport rows proposes nothing', () => {
    const few = inferRules(table, schema, { minSupport: 16 }).rules;
    // t15_17 = 1 holds in 15 rows.
    expect(few.some((r) => r.type === 'implies' && r.if[0].column === 't15_17')).toBe(false);
    expect(inferRules(table, schema, { minSupport: 21 }).rules.some((r) => r.type === 'compare')).toBe(false);
  });

  it('needs evidence: two rare flags never seen together are not called exclusive', () => {
    const flag = (every: number, offset: number) =>
      codeColumn(
        range((i) => (i % every === offset ? 1 : 0)),
        ['0', '1'],
      );
    const rare = new Table([
      ['a', flag(5, 0)],
      ['b', flag(5, 1)],
      ['c', flag(30, 1)],
    ]);
    const rareSchema = parseSchema({
      version: 1,
      columns: ['a', 'b', 'c'].map((name) => ({ name, kind: 'boolean', categories: ['0', '1'] })),
    });
    // a and b: 12 rows each, 2.4 co-occurrences expected if independent (< 3): no rule.
    // With a lower bar the exclusivity is proposed, once.
    expect(inferRules(rare, rareSchema).rules).toEqual([]);
    const lenient = inferRules(rare, rareSchema, { minExpectedBreaks: 2, falseRuleRate: 1 }).rules;
    expect(lenient).toEqual([
      {
        type: 'implies',
        if: [{ column: 'a', equals: '1' }],
        then: { column: 'b', equals: '0' },
        inferred: true,
      },
    ]);
  });

  it('controls chance across the table: 200 independent rare flags give no rule', () => {
    const rng = Rng.from(11);
    const names = Array.from({ length: 200 }, (_, j) => `g${j}`);
    const flags = new Table(
      names.map(
        (name) =>
          [
            name,
            codeColumn(
              Array.from({ length: 2500 }, () => (rng.uniform() < 0.05 ? 1 : 0)),
              ['0', '1'],
            ),
          ] as const,
      ),
    );
    const flagSchema = parseSchema({
      version: 1,
      columns: names.map((name) => ({ name, kind: 'boolean', categories: ['0', '1'] })),
    });
    expect(inferRules(flags, flagSchema).rules).toEqual([]);
    // A fixed bar of 3 expected breaks, without the correction, calls dozens of pairs exclusive.
    expect(inferRules(flags, flagSchema, { falseRuleRate: 1e12 }).rules.length).toBeGreaterThan(20);
  });
});
