import { describe, expect, it } from 'vitest';
import { fitModel, modelFileOf } from '../generators/pipeline.js';
import { seededRandomBits } from '../privacy/random-bits.js';
import { simulateAml } from '../simulate/index.js';
import { generationCard } from './card.js';
import { GenerationCard } from './types.js';

const { table, schema } = simulateAml({ patients: 300, seed: 5 });

describe('generationCard', () => {
  it('describes a copula model: method, options, no privacy, rows, limitations, rules', () => {
    const model = JSON.stringify(modelFileOf(fitModel(table, schema, 'copula', { seed: 1 })));
    const card = generationCard({ model, schema, syntheticRows: 1000, report: null });
    expect(GenerationCard.parse(card)).toEqual(card);
    expect(card.generator).toBe('copula');
    expect(card.method).toMatch(/Gaussian copula/);
    expect(card.options).toMatchObject({ knots: 200, survival: 'cox', rules: true });
    expect(card).toMatchObject({ privacy: 'none: not differentially private', epsilon: null, delta: null });
    expect(card.trainingRows).toBe(300);
    expect(card.syntheticRows).toBe(1000);
    expect(card.limitations.join(' ')).toMatch(/Gaussian correlation/);
    expect(card.limitations.join(' ')).toMatch(/Survival \(os, rfs\).*proportional-hazards/);
    expect(card.limitations.join(' ')).toMatch(/Mutations co-occur/);
    expect(card.rules).toContainEqual({
      description: 'if treatment = non_intensive then hsct = 0',
      inferred: false,
    });
    expect(card.rules).toHaveLength(schema.rules.length);
  });

  it('states the (ε, δ) of a private model and no training row count', () => {
    const small = table.select(['age', 'sex', 'npm1', 'flt3_itd', 'tp53', 'treatment']);
    const smallSchema = {
      ...schema,
      columns: schema.columns.filter((c) => small.has(c.name)),
      endpoints: [],
      rules: [],
    };
    const fitted = fitModel(small, smallSchema, 'mst', {
      seed: 1,
      privacy: { epsilon: 3, delta: 1e-6, bits: seededRandomBits(1) },
    });
    const card = generationCard({
      model: JSON.stringify(modelFileOf(fitted)),
      schema: smallSchema,
      syntheticRows: 50,
      report: null,
    });
    expect(card).toMatchObject({
      generator: 'mst',
      epsilon: 3,
      delta: 1e-6,
      privacy: '(ε = 3, δ = 1e-6) differential privacy',
      trainingRows: null,
    });
    expect(card.limitations.join(' ')).toMatch(/tree of 2-way marginals/);
    expect(card.limitations.join(' ')).toMatch(/Co-mutation patterns/);
    expect(card.limitations.join(' ')).not.toMatch(/Survival/);
  });

  it('without a model, fills in what the schema and the report give', () => {
    const card = generationCard({ model: null, schema, syntheticRows: 10, report: { rows: { real: 2500 } } });
    expect(card).toMatchObject({
      generator: 'unknown',
      epsilon: null,
      trainingRows: 2500,
      syntheticRows: 10,
    });
    expect(card.privacy).toMatch(/not stated/);
    expect(card.rules.length).toBe(schema.rules.length);
    expect(GenerationCard.parse(card)).toEqual(card);
  });

  it('refuses a damaged model file', () => {
    expect(() => generationCard({ model: '{"format":', schema, syntheticRows: 1, report: null })).toThrow(
      /not a complete JSON model file/,
    );
  });
});
