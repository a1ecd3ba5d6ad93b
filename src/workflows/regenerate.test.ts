import { describe, expect, it } from 'vitest';
import type { Rule, Schema } from '../data/schema.js';
import { loadModel } from '../generators/load.js';
import { fitModel, modelFileOf, sampleModel } from '../generators/pipeline.js';
import { seededRandomBits } from '../privacy/random-bits.js';
import { ruleKey } from '../review/rule-words.js';
import { simulateAml } from '../simulate/index.js';
import { breaking, regenerate, roundChanges, tableFromCsv, withRules } from './regenerate.js';

const { table: real, schema } = simulateAml({ patients: 500, seed: 7 });
const copula = fitModel(real, schema, 'copula', { seed: 1 });
const copulaText = JSON.stringify(modelFileOf(copula));
const before = sampleModel(copula, { rows: 400, seed: 2 }).table;

// Tighter than what the model draws: a reviewer found patients over 80 with intensive treatment implausible.
const ageBound: Rule = {
  type: 'compare',
  left: 'age',
  op: '<=',
  right: 80,
  when: [{ column: 'treatment', equals: 'intensive' }],
};

describe('regenerate', () => {
  it('resamples a copula model under the accepted rule: the new cohort breaks it nowhere', () => {
    expect(breaking(before, schema, ageBound)).toBeGreaterThan(0);
    const result = regenerate({ model: copulaText, accepted: [ageBound], rows: 400, seed: 3 });
    expect(result.how).toBe('resampled');
    expect(result.synthetic.nRows).toBe(400);
    expect(breaking(result.synthetic, result.schema, ageBound)).toBe(0);
    expect(result.schema.rules.map(ruleKey)).toContain(ruleKey(ageBound));
    // The new model file loads and keeps the rule; the CSV reads back to the same cohort.
    const reloaded = loadModel(result.model, 'new model');
    expect(reloaded.schema.rules).toHaveLength(schema.rules.length + 1);
    expect(breaking(sampleModel(reloaded, { rows: 300, seed: 9 }).table, reloaded.schema, ageBound)).toBe(0);
    const read = tableFromCsv(result.csv, result.schema, 'new cohort');
    expect(read.nRows).toBe(400);
    expect(read.cell('age', 5)).toBe(result.synthetic.cell('age', 5));
  });

  it('refits on the site’s data when it has them, with the same generator and options', () => {
    const result = regenerate({ model: copulaText, accepted: [ageBound], rows: 300, seed: 3, data: real });
    expect(result.how).toBe('refitted');
    expect(breaking(result.synthetic, result.schema, ageBound)).toBe(0);
    expect(JSON.parse(result.model).options).toEqual(JSON.parse(copulaText).options);
  });

  it('is seeded: same input, same cohort', () => {
    const a = regenerate({ model: copulaText, accepted: [ageBound], rows: 100, seed: 4 });
    const b = regenerate({ model: copulaText, accepted: [ageBound], rows: 100, seed: 4 });
    expect(a.csv).toBe(b.csv);
  });

  it('re-estimates a private model from its kept measurements, never from the data', () => {
    const columns = ['age', 'sex', 'ecog', 'treatment', 'hsct', 'npm1'];
    const small: Schema = {
      ...schema,
      columns: schema.columns.filter((c) => columns.includes(c.name)),
      endpoints: [],
      rules: [],
    };
    const mst = fitModel(real.select(columns), small, 'mst', {
      seed: 1,
      privacy: { epsilon: 3, delta: 1e-6, bits: seededRandomBits(2) },
    });
    const text = JSON.stringify(modelFileOf(mst));
    const rule: Rule = {
      type: 'implies',
      if: [{ column: 'treatment', equals: 'non_intensive' }],
      then: { column: 'hsct', equals: '0' },
    };
    const oldCohort = sampleModel(mst, { rows: 500, seed: 2 }).table;
    expect(breaking(oldCohort, small, rule)).toBeGreaterThan(0);
    // Even with the data at hand: refitting would spend the budget again.
    const result = regenerate({
      model: text,
      accepted: [rule],
      rows: 500,
      seed: 3,
      data: real.select(columns),
    });
    expect(result.how).toBe('re-estimated');
    expect(breaking(result.synthetic, result.schema, rule)).toBe(0);
    expect(JSON.parse(result.model).params.measurements).toEqual(JSON.parse(text).params.measurements);
    expect(JSON.parse(result.model).trainingRows).toBe(0);
  });
});

describe('withRules', () => {
  it('adds each accepted rule once, as declared, and none the schema has', () => {
    const existing = schema.rules.find((r) => r.type === 'implies')!;
    const next = withRules(schema, [ageBound, { ...ageBound, inferred: true }, existing]);
    expect(next.rules).toHaveLength(schema.rules.length + 1);
    expect(next.rules.at(-1)).toEqual(ageBound);
    expect(next.rules.at(-1)!.inferred).toBeUndefined();
  });
});

describe('roundChanges', () => {
  it('counts the records breaking each accepted rule before and after', () => {
    const after = regenerate({ model: copulaText, accepted: [ageBound], rows: 400, seed: 3 });
    const changes = roundChanges({
      before,
      after: after.synthetic,
      schema: after.schema,
      accepted: [ageBound],
      fromVersion: 1,
      toVersion: 2,
      how: after.how,
      notRealisticBefore: 0.3,
    });
    expect(changes).toEqual({
      fromVersion: 1,
      toVersion: 2,
      how: 'resampled',
      rules: [
        {
          description: 'age <= 80 when treatment = intensive',
          breakingBefore: breaking(before, schema, ageBound),
          breakingAfter: 0,
        },
      ],
      notRealisticBefore: 0.3,
    });
    expect(changes.rules[0].breakingBefore).toBeGreaterThan(0);
  });
});
