import { describe, expect, it } from 'vitest';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { composeRho } from '../../privacy/zcdp.js';
import { domainFromSchema, encodeTable, marginal, measure, parseMeasurements } from '../measure/index.js';
import { estimate } from '../pgm/estimate.js';
import { modelMarginal } from '../pgm/model.js';
import { runAim } from './run-aim.js';
import { plantedSchema, plantedTable } from './test-support/planted.js';
import { allPairs, mergeQueries } from './workload.js';

describe('runAim on a domain with a planted 3-way interaction', () => {
  const domain = domainFromSchema(plantedSchema);
  const encoded = encodeTable(plantedTable(4000, 11), domain);
  const workload = mergeQueries(domain, [...allPairs(domain), { query: ['a', 'b', 'c'], weight: 4 }]);
  const rho = 0.5;
  const run = (seed: number, options = {}) =>
    runAim(encoded, domain, workload, { rho }, seededRandomBits(seed), options);
  const result = run(5);

  it('measures a × b × c and beats the independence model on it', () => {
    expect(result.measurements.measurements.some((m) => m.query.join() === 'a,b,c')).toBe(true);
    const truth = marginal(encoded, ['a', 'b', 'c']);
    const l1 = (fitted: Float64Array) =>
      truth.reduce((s, x, j) => s + Math.abs(x - fitted[j]), 0) / encoded.nRows;
    const aim = l1(modelMarginal(result.model, ['a', 'b', 'c']));
    // Independence: the 1-way marginals alone, measured without noise (the best such a model can do).
    const oneWay = measure(
      encoded,
      domain.attributes.map((a) => ({ query: [a.name], sigma: 0 })),
    );
    const independent = l1(modelMarginal(estimate(oneWay).model, ['a', 'b', 'c']));
    expect(independent).toBeGreaterThan(0.8);
    expect(aim).toBeLessThan(0.1);
  });

  it('spends exactly the budget: the composed ρ of every selection and measurement', () => {
    expect(Math.abs(result.spent - rho) / rho).toBeLessThan(1e-9);
    expect(Math.abs(composeRho(result.log.map((r) => r.rho)) - result.spent)).toBeLessThan(1e-15);
    // Each measurement carries its own ρ = 1/(2σ²); selections (ε²/8) make up the rest.
    const measured = composeRho(result.measurements.measurements.map((m) => m.rho[0] ?? 0));
    const selected = composeRho(result.log.map((r) => (r.epsilon * r.epsilon) / 8));
    expect(Math.abs(measured + selected - rho) / rho).toBeLessThan(1e-9);
  });

  it('anneals: σ halves after a round whose measurement barely moved the model', () => {
    result.log.forEach((r, i) => {
      const next = result.log[i + 1];
      if (r.annealed && next && i + 1 < result.log.length - 1)
        expect(next.sigma).toBeCloseTo(r.sigma / 2, 12);
    });
    expect(result.log.some((r) => r.annealed)).toBe(true);
  });

  it('keeps the model within the size limit of each round', () => {
    const limited = run(5, { maxModelSize: 16 });
    for (const r of limited.log.slice(1))
      expect(r.modelSize).toBeLessThanOrEqual(Math.max(r.sizeLimit, limited.log[0].modelSize));
    // The 1-way tables take 15 cells; a × b × c in their place would take 8 + 2 + 3 + 4 = 17 > 16.
    expect(limited.measurements.measurements.some((m) => m.query.length === 3)).toBe(false);
  });

  it('writes valid, versioned measurements and is deterministic for a seeded bit source', () => {
    expect(() => parseMeasurements(JSON.parse(JSON.stringify(result.measurements)))).not.toThrow();
    const again = run(5);
    expect(again.measurements).toEqual(result.measurements);
    expect(again.log).toEqual(result.log);
    expect(run(6).measurements).not.toEqual(result.measurements);
  });

  it('measures anchors and a co-occurrence block in round 0 with their shares, and still spends exactly ρ', () => {
    const flags = ['a', 'd'].map((attribute) => ({ attribute, state: 1 }));
    const extra = run(5, {
      anchors: { queries: [['e', 'f']], share: 0.1 },
      coOccurrence: { flags, clip: 2, share: 0.2 },
    });
    const anchor = extra.measurements.measurements.find((m) => m.query.join() === 'e,f');
    // One marginal with a tenth of ρ: σ = √(1/(2 · 0.05)).
    expect(anchor?.noise.sigma).toBeCloseTo(Math.sqrt(1 / (2 * 0.1 * rho)), 6);
    const block = extra.measurements.coOccurrence?.[0];
    expect(block?.pairs).toEqual([
      [0, 0],
      [0, 1],
      [1, 1],
    ]);
    // clip 2 with the diagonal: Δ² = 3, at a fifth of ρ.
    expect(block?.rho[0]).toBeCloseTo(0.2 * rho, 9);
    expect(block?.noise.sigma).toBeCloseTo(Math.sqrt(3 / (2 * 0.2 * rho)), 6);
    expect(Math.abs(extra.spent - rho) / rho).toBeLessThan(1e-9);
    const measured = composeRho(extra.measurements.measurements.map((m) => m.rho[0] ?? 0));
    const selected = composeRho(extra.log.map((r) => (r.epsilon * r.epsilon) / 8));
    expect(Math.abs(measured + (block?.rho[0] ?? 0) + selected - rho) / rho).toBeLessThan(1e-9);
    // a and d are associated (d follows a): the pair enters the model, which then holds their link.
    const truth = marginal(encoded, ['a', 'd']);
    const fitted = modelMarginal(extra.model, ['a', 'd']);
    expect(Math.abs(fitted[3] - truth[3]) / encoded.nRows).toBeLessThan(0.02);
    expect(() =>
      run(5, { anchors: { queries: [['e']], share: 0.6 }, coOccurrence: { flags, clip: 2, share: 0.4 } }),
    ).toThrow(/add up to less than 1/);
  });

  it('refuses a table encoded on another domain and a non-positive budget', () => {
    const other = domainFromSchema(plantedSchema, { bins: 4 });
    expect(() => runAim(encoded, { ...other, hash: 'x' }, workload, { rho }, seededRandomBits(1))).toThrow(
      /domain/,
    );
    expect(() => runAim(encoded, domain, workload, { rho: 0 }, seededRandomBits(1))).toThrow(/ρ/);
  });
});
