/**
 * The whole measure → estimate → sample path on the simulated AML cohort (2,500 × 67): every 1-way
 * marginal and a tree of 2-way marginals, measured with integer noise, as MST would. Bounds the
 * simulated schema leaves open (follow-up, LDH) and the centre names are declared here, as a user
 * declares public knowledge.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import type { Schema } from '../../data/schema.js';
import { simulate } from '../../simulate/index.js';
import { decodeCodes, domainFromSchema, encodeTable, marginal, measure } from '../measure/index.js';
import { estimate } from './estimate.js';
import { modelMarginal } from './model.js';
import { sampleCodes } from './sample.js';

function declared(schema: Schema, centres: readonly string[]): Schema {
  return {
    ...schema,
    columns: schema.columns.map((c) => {
      if (c.role === 'time') return { ...c, max: 3653 };
      if (c.name === 'ldh') return { ...c, max: 10000 };
      if (c.name === 'centre') return { ...c, categories: [...centres] };
      return c;
    }),
  };
}

describe('pgm on the simulated AML cohort', () => {
  const cohort = simulate('aml', { patients: 2500, centres: 3, seed: 1 });
  const schema = declared(cohort.schema, cohort.table.codes('centre').levels);
  const domain = domainFromSchema(schema);
  const encoded = encodeTable(cohort.table, domain);
  const names = domain.attributes.map((a) => a.name);
  // A chain through the attributes stands in for MST's selected tree: same sizes, same shape of work.
  const queries = [
    ...names.map((n) => ({ query: [n], sigma: 10 })),
    ...names.slice(1).map((n, i) => ({ query: [names[i], n], sigma: 10 })),
  ];
  const rng = Rng.from(2);
  // Rounded normal noise: a test stand-in for the exact discrete Gaussian sampler of src/privacy.
  const noisy = measure(encoded, queries, (answer, sigma) =>
    answer.map((x) => x + Math.round(rng.normal(0, sigma))),
  );

  it('fits a model whose marginals are close to the truth, and samples from it', () => {
    const fit = estimate(noisy);
    expect(fit.model.total).toBeGreaterThan(2400);
    expect(fit.model.total).toBeLessThan(2600);
    for (const name of ['sex', 'npm1', 'response', 'os_days']) {
      const truth = marginal(encoded, [name]);
      const fitted = modelMarginal(fit.model, [name]);
      const tv = truth.reduce((s, x, j) => s + Math.abs(x / 2500 - fitted[j] / fit.model.total), 0) / 2;
      expect(tv).toBeLessThan(0.05);
    }
    const synthetic = decodeCodes(sampleCodes(fit.model, 2500, Rng.from(3)), domain, Rng.from(4));
    expect(synthetic.nRows).toBe(2500);
    expect(synthetic.names).toEqual(names);
  });
});
