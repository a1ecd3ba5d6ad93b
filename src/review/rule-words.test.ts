import { describe, expect, it } from 'vitest';
import type { Rule } from '../data/schema.js';
import { describeRule, ruleKey } from './rule-words.js';

describe('describeRule', () => {
  it('says each kind of rule in words', () => {
    const rules: Rule[] = [
      { type: 'compare', left: 'relapse_days', op: '<=', right: 'os_days' },
      {
        type: 'compare',
        left: 'os_days',
        op: '<=',
        right: 42,
        when: [{ column: 'response', equals: 'early_death' }],
      },
      {
        type: 'implies',
        if: [{ column: 'treatment', equals: 'non_intensive' }],
        then: { column: 'hsct', equals: '0' },
      },
      {
        type: 'implies',
        if: [{ column: 'response', in: ['PR', 'resistant'] }],
        then: { column: 'cr_days', missing: true },
      },
      {
        type: 'derived',
        column: 'relapse_days',
        from: 'rfs_days',
        when: [{ column: 'relapse', equals: '1' }],
      },
      { type: 'derived', column: 'eln2022', derivation: 'eln2022' },
    ];
    expect(rules.map(describeRule)).toEqual([
      'relapse_days <= os_days',
      'os_days <= 42 when response = early_death',
      'if treatment = non_intensive then hsct = 0',
      'if response in {PR, resistant} then cr_days is missing',
      'relapse_days is rfs_days when relapse = 1',
      'eln2022 is computed by the eln2022 derivation',
    ]);
  });
});

describe('ruleKey', () => {
  it('ignores key order and the inferred flag, and tells different rules apart', () => {
    const a: Rule = { type: 'compare', left: 'a', op: '<=', right: 'b' };
    const b = JSON.parse('{"right":"b","op":"<=","left":"a","type":"compare","inferred":true}') as Rule;
    expect(ruleKey(a)).toBe(ruleKey(b));
    expect(ruleKey(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(ruleKey({ ...a, op: '<' })).not.toBe(ruleKey(a));
    expect(ruleKey({ ...a, right: 3 })).not.toBe(ruleKey({ ...a, right: '3' }));
  });
});
