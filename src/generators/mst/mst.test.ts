/**
 * MST end to end on the simulated AML cohort (2,500 × 67) at ε = 1, 3 and 10 (δ = 1e-6), through
 * the shared pipeline: rules obeyed, 1-way marginals closer to the truth as ε grows, the strongest
 * tree edge kept better than independence, the budget respected, reproducibility for a seeded noise
 * stream, and a model re-estimated from its stored measurements without spending again.
 */
import { describe, expect, it } from 'vitest';
import { findViolations } from '../../data/rules.js';
import { mstBudget } from '../../privacy/mst-budget.js';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { zcdpRho } from '../../privacy/zcdp.js';
import { simulate } from '../../simulate/index.js';
import { domainFromSchema, encodeTable, marginal } from '../measure/index.js';
import { fitModel, type Model, sampleModel } from '../pipeline.js';
import { rowKeys } from '../row-keys.js';
import { mstGenerator } from './index.js';
import { MstOptions, type MstParams } from './options.js';

const { table: real, schema } = simulate('aml', { patients: 2500, centres: 5, seed: 1 });
const domain = domainFromSchema(schema);
const encodedReal = encodeTable(real, domain);

function fitMst(epsilon: number, seed: number | string = 1): Model {
  return fitModel(real, schema, mstGenerator, {
    seed: 3,
    privacy: { epsilon, delta: 1e-6, bits: seededRandomBits(seed) },
  });
}

function totalVariation(a: Float64Array, b: Float64Array): number {
  const sa = a.reduce((s, x) => s + x, 0);
  const sb = b.reduce((s, x) => s + x, 0);
  return a.reduce((s, x, i) => s + Math.abs(x / sa - b[i] / sb), 0) / 2;
}

function independence(a: string, b: string): Float64Array {
  const ma = marginal(encodedReal, [a]);
  const mb = marginal(encodedReal, [b]);
  return Float64Array.from(
    { length: ma.length * mb.length },
    (_, k) => ma[Math.floor(k / mb.length)] * mb[k % mb.length],
  );
}

describe('mst on the simulated AML cohort', () => {
  // Mean 1-way TV measured at this seed: 0.054, 0.023, 0.013 (two noise seeds agree to 0.001);
  // the bounds leave room for another seed's noise and shrink with ε as σ does (63, 23, 8 counts).
  const cases = [
    { epsilon: 1, meanTv: 0.08 },
    { epsilon: 3, meanTv: 0.04 },
    { epsilon: 10, meanTv: 0.025 },
  ];
  const fits = cases.map(({ epsilon }) => {
    const started = performance.now();
    const model = fitMst(epsilon);
    return { model, seconds: (performance.now() - started) / 1000 };
  });

  it.each(cases.map((c, i) => [c.epsilon, c.meanTv, i]))(
    'at ε = %d: rules obeyed, mean 1-way TV below %d, the strongest tree edge better than independence',
    (epsilon, meanTv, i) => {
      const { model } = fits[i];
      const { table } = sampleModel(model, { rows: 2500, seed: 7 });
      expect(findViolations(table, model.schema)).toEqual([]);
      const encoded = encodeTable(table, domain);
      const tvs = domain.attributes.map((a) =>
        totalVariation(marginal(encodedReal, [a.name]), marginal(encoded, [a.name])),
      );
      expect(tvs.reduce((s, x) => s + x, 0) / tvs.length, `ε = ${epsilon}`).toBeLessThan(meanTv);
      const { tree } = (model.fitted.params as MstParams).measurements;
      const [a, b] = tree
        .map(([x, y]) => [x, y, totalVariation(marginal(encodedReal, [x, y]), independence(x, y))] as const)
        .sort((p, q) => q[2] - p[2])[0];
      const kept = totalVariation(marginal(encodedReal, [a, b]), marginal(encoded, [a, b]));
      expect(kept, `${a} × ${b}`).toBeLessThan(
        totalVariation(marginal(encodedReal, [a, b]), independence(a, b)),
      );
    },
  );

  it('spends no more than the budget, at the σ MST prescribes, and records it', () => {
    for (const [i, { epsilon }] of cases.entries()) {
      const { privacy } = (fits[i].model.fitted.params as MstParams).measurements;
      const { oneWay, selection, edges } = privacy.rhoSpent;
      expect(privacy.rhoBudget).toBe(zcdpRho(epsilon, 1e-6));
      expect(oneWay + selection + edges).toBeLessThanOrEqual(privacy.rhoBudget);
      expect(oneWay + selection + edges).toBeGreaterThan(privacy.rhoBudget * (1 - 1e-6));
      const expected = mstBudget(epsilon, 1e-6, domain.attributes.length);
      // σ² is rounded up to a multiple of 2^-20 and the third shrunk by 2^-30: equal to 1e-6.
      expect(privacy.oneWaySigma / expected.oneWaySigma - 1).toBeGreaterThanOrEqual(0);
      expect(privacy.oneWaySigma / expected.oneWaySigma - 1).toBeLessThan(1e-6);
      expect(privacy.edgeSigma / expected.edgeSigma - 1).toBeLessThan(1e-6);
      expect(privacy.selectionEpsilon).toBeLessThanOrEqual(expected.selectionEpsilon);
    }
  });

  it('records no exact training row count and releases no exact copy at ε = 10', () => {
    const { model } = fits[2];
    expect(model.trainingRows).toBe(0);
    const { table } = sampleModel(model, { rows: 2500, seed: 7 });
    const columns = model.schema.columns.filter((c) => c.role !== 'id').map((c) => c.name);
    const training = new Set(rowKeys(real, columns));
    // Measured, not required by DP: 0 of 2,500 at every ε (67 columns, 16 bins for each number).
    expect(rowKeys(table, columns).filter((k) => training.has(k))).toHaveLength(0);
  });

  it('with endpointEdges, starts the tree from the endpoints and spends the selection third on the other draws', () => {
    const measured = mstGenerator.measure(
      { table: real, schema, privacy: { epsilon: 3, delta: 1e-6, bits: seededRandomBits(1) } },
      MstOptions.parse({ endpointEdges: true }),
    );
    expect(measured.tree.slice(0, 2)).toEqual([
      ['os_days', 'os_status'],
      ['rfs_days', 'rfs_status'],
    ]);
    expect(measured.tree).toHaveLength(domain.attributes.length - 1);
    const expected = mstBudget(3, 1e-6, domain.attributes.length, 2);
    expect(measured.privacy.selectionEpsilon).toBeLessThanOrEqual(expected.selectionEpsilon);
    expect(measured.privacy.selectionEpsilon / expected.selectionEpsilon).toBeGreaterThan(1 - 1e-8);
    const { oneWay, selection, edges } = measured.privacy.rhoSpent;
    expect(oneWay + selection + edges).toBeLessThanOrEqual(measured.privacy.rhoBudget);
    expect(oneWay + selection + edges).toBeGreaterThan(measured.privacy.rhoBudget * (1 - 1e-6));
  });

  it('fits in under 10 s at 2,500 × 67', () => {
    for (const { seconds } of fits) expect(seconds).toBeLessThan(10);
  });

  it('gives identical measurements for the same noise seed, other ones for another', () => {
    const again = fitMst(1);
    const other = fitMst(1, 2);
    const params = (m: Model) => (m.fitted.params as MstParams).measurements;
    expect(params(again)).toEqual(params(fits[0].model));
    expect(params(other).oneWay.measurements[0].answer).not.toEqual(
      params(again).oneWay.measurements[0].answer,
    );
  });

  it('re-estimates from the stored measurements when the model is missing or from another estimator', () => {
    const { model } = fits[1];
    const params = model.fitted.params as MstParams;
    const options = MstOptions.parse({});
    const { model: _dropped, ...withoutModel } = params;
    const old = mstGenerator.restore({ ...withoutModel, estimator: 0 }, model.schema, options);
    expect(old.params.model).toEqual(params.model);
    expect(old.params.estimator).toBe(params.estimator);
    const rows = (fitted: Model['fitted']) => sampleModel({ ...model, fitted }, { rows: 200, seed: 5 }).table;
    expect(rowKeys(rows(old), real.names)).toEqual(rowKeys(rows(model.fitted), real.names));
  });

  it('refuses measurements taken on another schema domain', () => {
    const params = fits[0].model.fitted.params as MstParams;
    const options = MstOptions.parse({ bins: 8 });
    expect(() => mstGenerator.estimate(params.measurements, schema, options)).toThrow(/another domain/);
  });
});
