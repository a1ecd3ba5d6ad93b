import { describe, expect, it } from 'vitest';
import { parseSchema, type Rule, type Schema } from '../data/schema.js';
import { codeColumn, numberColumn, Table } from '../data/table.js';
import { simulateAml } from '../simulate/index.js';
import { roundestIn } from './proposal-candidates.js';
import { breakingRows, proposeRules } from './proposals.js';
import { ruleKey } from './rule-words.js';
import { type Finding, RuleProposal } from './types.js';

function finding(
  record: number,
  status: Finding['status'],
  columns: string[] = [],
  issues: string[] = [],
  reviewer = 'ana',
): Finding {
  return { record, reviewer, status, columns, issues, comment: '', at: '2025-01-01T00:00:00Z' };
}

describe('proposeRules on a small hand-built cohort', () => {
  const n = 40;
  const rfs = Array.from({ length: n }, (_, i) => 100 + 10 * i);
  const os = rfs.map((v) => v + 50);
  const age = Array.from({ length: n }, (_, i) => 30 + i); // 30..69
  const treatment = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 0 : 1)); // intensive, non_intensive
  const hsct = Array.from({ length: n }, (_, i) => (i % 2 === 0 && i % 4 === 0 ? 1 : 0));
  // Broken records: 3 and 5 relapse-free survival past death; 7 and 9 aged 104 and 99; 11 and 13
  // transplanted after non-intensive treatment.
  rfs[3] = os[3] + 30;
  rfs[5] = os[5] + 10;
  age[7] = 104;
  age[9] = 99;
  hsct[11] = 1;
  hsct[13] = 1;
  const table = new Table([
    ['rfs_days', numberColumn(rfs)],
    ['os_days', numberColumn(os)],
    ['age', numberColumn(age)],
    ['treatment', codeColumn(treatment, ['intensive', 'non_intensive'])],
    ['hsct', codeColumn(hsct, ['0', '1'])],
  ]);
  const schema = parseSchema({
    version: 1,
    columns: [
      { name: 'rfs_days', kind: 'integer', role: 'time' },
      { name: 'os_days', kind: 'integer', role: 'time' },
      { name: 'age', kind: 'integer' },
      { name: 'treatment', kind: 'categorical', categories: ['intensive', 'non_intensive'] },
      { name: 'hsct', kind: 'boolean', categories: ['0', '1'] },
    ],
  });
  const findings = [
    finding(3, 'not-realistic', ['rfs_days', 'os_days'], ['impossible-timeline']),
    finding(5, 'not-realistic', ['rfs_days'], ['impossible-timeline']),
    finding(7, 'not-realistic', ['age'], ['implausible-value']),
    finding(9, 'not-realistic', ['age'], ['implausible-value']),
    finding(11, 'not-realistic', ['treatment', 'hsct'], ['inconsistent-fields']),
    finding(13, 'not-realistic', ['treatment', 'hsct'], ['inconsistent-fields']),
    // Reviewers accept a 66-year-old and an intensive-treatment transplant.
    finding(36, 'realistic'),
    finding(4, 'realistic'),
  ];
  const proposals = proposeRules({ synthetic: table, schema, findings, decisions: new Map() });
  const byDescription = new Map(proposals.map((p) => [p.description, p]));

  it('proposes the ordering, the bound and the implication the flagged records break', () => {
    for (const p of proposals) expect(RuleProposal.parse(p)).toEqual(p);
    expect(byDescription.get('rfs_days <= os_days')).toMatchObject({
      kind: 'ordering',
      motivatingRecords: [3, 5],
      realisticBreaking: 0,
      cohortBreaking: 2,
      decision: 'pending',
    });
    expect(byDescription.get('age <= 90')).toMatchObject({
      kind: 'bound',
      rule: { type: 'compare', left: 'age', op: '<=', right: 90 },
      motivatingRecords: [7, 9],
      cohortBreaking: 2,
    });
    expect(byDescription.get('if treatment = non_intensive then hsct = 0')).toMatchObject({
      kind: 'implication',
      motivatingRecords: [11, 13],
      cohortBreaking: 2,
    });
  });

  it('keeps nothing a realistic record breaks', () => {
    // "if hsct = 1 then treatment = non_intensive" would be broken by record 4 (intensive, transplanted)
    for (const p of proposals) expect(breakingRows(table, schema, p.rule)).not.toContain(4);
    expect([...byDescription.keys()]).not.toContain('if hsct = 1 then treatment = non_intensive');
  });

  it('ranks by motivating records and carries the coordinator’s decisions', () => {
    const counts = proposals.map((p) => p.motivatingRecords.length);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const bound = byDescription.get('age <= 90')!;
    const decided = proposeRules({
      synthetic: table,
      schema,
      findings,
      decisions: new Map([[bound.key, 'accepted' as const]]),
    });
    expect(decided.find((p) => p.key === bound.key)!.decision).toBe('accepted');
  });

  it('does not propose a rule the schema already has', () => {
    const ordering: Rule = { type: 'compare', left: 'rfs_days', op: '<=', right: 'os_days', inferred: true };
    const withRule: Schema = { ...schema, rules: [ordering] };
    const again = proposeRules({ synthetic: table, schema: withRule, findings, decisions: new Map() });
    expect(again.map((p) => p.key)).not.toContain(ruleKey(ordering));
    expect(again.length).toBe(proposals.length - 1);
  });

  it('proposes nothing without not-realistic findings', () => {
    expect(
      proposeRules({ synthetic: table, schema, findings: [finding(1, 'realistic')], decisions: new Map() }),
    ).toEqual([]);
  });
});

describe('proposeRules on the simulated AML cohort with broken rows', () => {
  const { table: clean, schema: full } = simulateAml({ patients: 1000, seed: 21 });
  // As if the cohort were generated without the ordering rule: relapse after death in 6 records.
  const relapse = Float64Array.from(clean.numbers('relapse_days'));
  const os = clean.numbers('os_days');
  const broken = [...relapse.keys()].filter((r) => !Number.isNaN(relapse[r])).slice(0, 6);
  for (const r of broken) relapse[r] = os[r] + 100;
  const table = clean.withColumn('relapse_days', numberColumn(relapse));
  const schema: Schema = {
    ...full,
    rules: full.rules.filter((r) => !(r.type === 'compare' && r.left === 'relapse_days')),
  };
  const findings = [
    ...broken
      .slice(0, 4)
      .map((r, i) =>
        finding(
          r,
          'not-realistic',
          ['relapse_days', 'os_days'],
          ['impossible-timeline'],
          i % 2 ? 'ben' : 'ana',
        ),
      ),
    ...[500, 501, 502, 503].map((r) => finding(r, 'realistic')),
  ];

  it('proposes relapse_days <= os_days, motivated by the flagged records, removing all broken ones', () => {
    const proposals = proposeRules({ synthetic: table, schema, findings, decisions: new Map() });
    const ordering = proposals.find((p) => p.description === 'relapse_days <= os_days');
    expect(ordering).toBeDefined();
    expect(ordering!.motivatingRecords).toEqual(broken.slice(0, 4));
    expect(ordering!.cohortBreaking).toBe(6);
    expect(proposals[0].key).toBe(ordering!.key);
  });

  it('proposes nothing already in the full AML schema', () => {
    const proposals = proposeRules({ synthetic: table, schema: full, findings, decisions: new Map() });
    expect(proposals.map((p) => p.description)).not.toContain('relapse_days <= os_days');
  });
});

describe('roundestIn', () => {
  it('finds the roundest number between what is kept and what is removed', () => {
    expect(roundestIn(66, 99, 'upper', true)).toBe(90);
    expect(roundestIn(83, 99, 'upper', true)).toBe(95);
    expect(roundestIn(83, 104, 'upper', true)).toBe(100);
    expect(roundestIn(12, 18, 'lower', true)).toBe(15);
    expect(roundestIn(4.12, 4.3, 'upper', false)).toBe(4.25);
    expect(roundestIn(96, 97, 'upper', true)).toBe(96);
  });
});
