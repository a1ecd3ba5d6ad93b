import { describe, expect, it } from 'vitest';
import { simulate } from '../../simulate/index.js';
import { timeUnit } from './align.js';
import { chooseCovariates, givenCovariates } from './covariates.js';
import { postBaselineColumns, postBaselineStem } from './outcomes.js';
import { rankStratifiers } from './stratified.js';

describe('post-baseline columns', () => {
  it('are recognised by name, whole words for short stems', () => {
    for (const name of [
      'hsct',
      'allo_sct',
      'transplanted',
      'cr_days',
      'CR1',
      'best_response',
      'relapse',
      'time_to_remission',
      'efs_months',
      'mrdNegative',
    ])
      expect(postBaselineStem(name), name).toBeDefined();
    for (const name of ['crp', 'creatinine', 'age', 'eln2022', 'ecog', 'secondary_aml', 'cyto_complex'])
      expect(postBaselineStem(name), name).toBeUndefined();
  });

  it('in the AML schema: transplant, response and relapse by role, rule or name', () => {
    const { schema } = simulate('aml', { patients: 50, seed: 1 });
    const after = postBaselineColumns(schema);
    expect(after.get('hsct')).toMatch(/name/);
    expect(after.get('response')).toMatch(/target/);
    expect(after.get('relapse')).toMatch(/rule/);
    expect(after.get('os_days')).toMatch(/time/);
    for (const baseline of ['age', 'eln2022', 'treatment', 'npm1', 'cyto_complex'])
      expect(after.has(baseline)).toBe(false);
  });
});

describe('Cox covariates chosen for the simulated AML cohort', () => {
  const { table, schema } = simulate('aml', { patients: 1500, seed: 3 });
  for (const endpoint of schema.endpoints)
    it(`${endpoint.name}: age and ELN risk, never transplant, response or relapse`, () => {
      const ranked = rankStratifiers(table, schema, endpoint, timeUnit(endpoint.time, schema));
      const choice = chooseCovariates(table, schema, endpoint, ranked, 5);
      expect(choice.chosen.slice(0, 2)).toEqual(['age', 'eln2022']);
      expect(choice.chosen).toContain('treatment');
      for (const late of ['hsct', 'response', 'relapse', 'cr_days', 'relapse_days'])
        expect(choice.chosen).not.toContain(late);
      expect(choice.excluded).toContainEqual({
        column: 'hsct',
        reason: expect.stringMatching(/after baseline/),
      });
      expect(choice.excluded).toContainEqual({
        column: 'relapse',
        reason: expect.stringMatching(/after baseline/),
      });
      expect(choice.why).toMatch(/never chosen/);
      // Stratifiers leave them out too.
      expect(ranked.map((s) => s.column)).not.toContain('hsct');
    });

  it('uses terms given in the options as given, noting a post-baseline one', () => {
    const choice = givenCovariates(schema, ['age', 'hsct']);
    expect(choice.chosen).toEqual(['age', 'hsct']);
    expect(choice.why).toMatch(/given in the options \(coxTerms\); note: hsct lie after baseline/);
  });
});
