import { describe, expect, it } from 'vitest';
import { simulate } from '../simulate/index.js';
import { inferRules, rulesFromCounts } from './infer-rules.js';
import { ruleCounts, ruleCountsLayout } from './rule-counts.js';
import type { Schema } from './schema.js';

const { table: aml, schema: declared } = simulate('aml', { patients: 2500, centres: 5, seed: 1 });
/** The simulated cohort's columns without any rule: what rule inference starts from. */
const bare: Schema = { ...declared, rules: [] };

describe('rule counts', () => {
  const whole = ruleCounts(aml, bare);
  const first = ruleCounts(
    aml.filter((r) => r < 1100),
    bare,
  );
  const second = ruleCounts(
    aml.filter((r) => r >= 1100),
    bare,
  );

  it('have a layout the schema alone gives, and add up: two halves summed are the whole', () => {
    expect(whole.length).toBe(ruleCountsLayout(bare).length);
    expect(whole[0]).toBe(2500);
    expect(first[0] + second[0]).toBe(2500);
    const sum = first.map((v, i) => v + second[i]);
    expect(Array.from(sum)).toEqual(Array.from(whole));
    expect(whole.every((v) => Number.isInteger(v))).toBe(true);
  });

  it('give, summed, the rules inferRules finds on the whole table (the relapse copy among them)', () => {
    const sum = first.map((v, i) => v + second[i]);
    const local = inferRules(aml, bare);
    expect(local.rules.length).toBeGreaterThan(20);
    expect(rulesFromCounts(sum, bare)).toEqual(local);
    expect(local.rules).toContainEqual({
      type: 'derived',
      column: 'relapse_days',
      from: 'rfs_days',
      when: [{ column: 'relapse', equals: '1' }],
      inferred: true,
    });
    expect(local.rules).toContainEqual({
      type: 'implies',
      if: [{ column: 'treatment', equals: 'non_intensive' }],
      then: { column: 'hsct', equals: '0' },
      inferred: true,
    });
  });

  it('of one half alone give the rules inferRules finds on that half', () => {
    expect(rulesFromCounts(first, bare)).toEqual(
      inferRules(
        aml.filter((r) => r < 1100),
        bare,
      ),
    );
  });

  it('refuse a vector of another layout, naming both lengths', () => {
    expect(() => rulesFromCounts(whole.subarray(1), bare)).toThrow(
      `rule counts hold ${whole.length - 1} entries; the schema's layout has ${whole.length}`,
    );
  });
});
