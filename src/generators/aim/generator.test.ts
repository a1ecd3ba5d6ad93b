import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { zcdpRho } from '../../privacy/zcdp.js';
import { aimGenerator } from './generator.js';
import { AimMeasurements, AimOptions, AimParams } from './options.js';
import { plantedSchema, plantedTable } from './test-support/planted.js';

describe('aimGenerator', () => {
  const table = plantedTable(3000, 21);
  const options = AimOptions.parse({});
  const privacy = { epsilon: 3, delta: 1e-6, bits: seededRandomBits(9) };
  const measured = aimGenerator.measure({ table, schema: plantedSchema, privacy }, options);

  it('releases valid measurements that record the spend, within the (ε, δ) budget', () => {
    const json = AimMeasurements.parse(JSON.parse(JSON.stringify(measured)));
    const { rhoBudget, rhoSpent } = json.privacy;
    expect(rhoBudget).toBeCloseTo(zcdpRho(3, 1e-6), 12);
    const spent = rhoSpent.measurements + rhoSpent.selection;
    expect(spent).toBeLessThanOrEqual(rhoBudget);
    expect(spent / rhoBudget).toBeGreaterThan(1 - 1e-8);
    expect(json.privacy.selectionEpsilons).toHaveLength(json.measured.measurements.length - 6);
  });

  it('fits as estimate(measure(table)), samples the modelled columns, and restores without refitting', () => {
    const fitted = aimGenerator.fit(
      { table, schema: plantedSchema, rng: Rng.from(1), privacy: { ...privacy, bits: seededRandomBits(9) } },
      options,
    );
    const fromMeasurements = aimGenerator.estimate(measured, plantedSchema, options);
    expect(fitted.params).toEqual(fromMeasurements.params);
    const sample = fitted.sample({ rows: 500, rng: Rng.from(2), where: [] });
    expect(sample.nRows).toBe(500);
    expect(sample.names).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    const params = AimParams.parse(JSON.parse(JSON.stringify(fitted.params)));
    const restored = aimGenerator.restore(params, plantedSchema, options);
    const again = restored.sample({ rows: 500, rng: Rng.from(2), where: [] });
    for (const name of sample.names)
      expect(Array.from(again.codes(name).codes)).toEqual(Array.from(sample.codes(name).codes));
    // An older estimator's file keeps its measurements and is re-estimated on load, spending nothing.
    const old = aimGenerator.restore({ ...params, estimator: 0, model: undefined }, plantedSchema, options);
    expect(old.params.measurements).toEqual(params.measurements);
  });

  it('refuses a fit without a privacy request and measurements of another domain', () => {
    expect(() => aimGenerator.fit({ table, schema: plantedSchema, rng: Rng.from(1) }, options)).toThrow(
      /ε and δ/,
    );
    const other = {
      ...measured,
      measured: { ...measured.measured, domain: { ...measured.measured.domain, hash: 'x' } },
    };
    expect(() => aimGenerator.estimate(other, plantedSchema, options)).toThrow(/another domain/);
  });
});
