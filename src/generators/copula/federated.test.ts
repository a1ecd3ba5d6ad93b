import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { simulate } from '../../simulate/index.js';
import { copulaTransforms, estimateCopula } from './estimate.js';
import { fitCopula } from './fit.js';
import { CopulaOptions } from './index.js';
import { measureMarginals, measureMoments } from './measure.js';
import { addAll, addMarginals, addMoments } from './measurements.js';
import { CopulaSampler } from './sampler.js';
import { ksDistance, values } from './test-support/cohort.js';

const options = CopulaOptions.parse({ rules: false, survival: 'copula' });

/** The two rounds over the sites' tables, as a hub runs them. */
function federated(
  parts: ReturnType<typeof simulate>['table'][],
  schema: ReturnType<typeof simulate>['schema'],
) {
  const marginals = addAll(
    parts.map((t) => measureMarginals(t, schema, options)),
    addMarginals,
  );
  const transforms = copulaTransforms(JSON.parse(JSON.stringify(marginals)), schema, options);
  const moments = addAll(
    parts.map((t) => measureMoments(t, JSON.parse(JSON.stringify(transforms)))),
    addMoments,
  );
  return estimateCopula({ transforms, moments: JSON.parse(JSON.stringify(moments)) }, schema, options);
}

function maxDifference(a: number[][], b: number[][]): number {
  let worst = 0;
  for (const [i, row] of a.entries())
    for (const [j, x] of row.entries()) worst = Math.max(worst, Math.abs(x - b[i][j]));
  return worst;
}

describe('a copula estimated from the measurements of three sites', () => {
  const { table, schema } = simulate('aml', { patients: 2500, centres: 5, seed: 1 });
  const real = table.select(schema.columns.filter((c) => c.role !== 'id').map((c) => c.name));
  const centre = real.codes('centre').codes;
  // Five centres onto three sites of unequal size.
  const parts = [0, 1, 2].map((site) => real.filter((row) => centre[row] % 3 === site));
  const pooled = fitCopula(real, schema, options);
  const merged = federated(parts, schema);

  it('splits the cohort for real: three sites, every row in one', () => {
    expect(parts.map((p) => p.nRows).reduce((a, b) => a + b)).toBe(2500);
    expect(Math.min(...parts.map((p) => p.nRows))).toBeGreaterThan(100);
  });

  it('has the marginals of the pooled fit: same knots, levels, latent orders, missing shares', () => {
    expect(merged.columns.map((c) => c.name)).toEqual(pooled.columns.map((c) => c.name));
    merged.columns.forEach((c, i) => {
      const p = pooled.columns[i];
      expect(c.missing, c.name).toBe(p.missing);
      expect(c.missingLatent, c.name).toBe(p.missingLatent);
      expect(c.marginal, c.name).toEqual(p.marginal);
    });
  });

  it("has the correlation of the pooled fit within the estimator's resolution (1e-5)", () => {
    // The sums equal the pooled ones up to the order of additions (relative 1e-15); the tetrachoric
    // estimate's golden-section search stops at 1e-5 in Fisher's z, so a last-bit difference in its
    // input may end it a step apart. Measured: 8.7e-7 at worst over 75 × 75 entries.
    const worst = maxDifference(merged.correlation, pooled.correlation);
    expect(worst).toBeLessThan(1e-5);
    expect(merged.rows).toBe(pooled.rows);
  });

  it('samples as the pooled fit does', () => {
    const draw = (params: typeof pooled) =>
      new CopulaSampler(params, options, schema).sample({ rows: 5000, rng: Rng.from(7), where: [] });
    const [a, b] = [draw(pooled), draw(merged)];
    // Same seed, correlations 1e-6 apart: a handful of 5,000 rows cross a knot or a level threshold.
    for (const name of a.names)
      expect(ksDistance(values(a, name), values(b, name)), name).toBeLessThan(0.002);
  });
});

describe('copula measurements add up across sites', () => {
  const { table, schema } = simulate('aml', { patients: 600, centres: 3, seed: 2 });
  const real = table.select(schema.columns.filter((c) => c.role !== 'id').map((c) => c.name));
  const [a, b] = [real.filter((row) => row < 250), real.filter((row) => row >= 250)];

  it('round 1: the two halves added are the whole, exactly', () => {
    const whole = measureMarginals(real, schema, options);
    expect(addMarginals(measureMarginals(a, schema, options), measureMarginals(b, schema, options))).toEqual(
      whole,
    );
  });

  it('round 2: counts exactly, sums of products to 1e-12 of their size', () => {
    const transforms = copulaTransforms(measureMarginals(real, schema, options), schema, options);
    const whole = measureMoments(real, transforms);
    const added = addMoments(measureMoments(a, transforms), measureMoments(b, transforms));
    expect(added.count).toEqual(whole.count);
    expect(added.rows).toBe(whole.rows);
    for (const [i, s] of added.cross.entries())
      expect(Math.abs(s - whole.cross[i])).toBeLessThan(1e-12 * Math.max(1, whole.count[i]));
  });

  it('refuses what it cannot merge or does not cover yet', () => {
    const transforms = copulaTransforms(measureMarginals(real, schema, options), schema, options);
    const other = copulaTransforms(measureMarginals(a, schema, options), schema, options);
    expect(() => addMoments(measureMoments(a, transforms), measureMoments(b, other))).toThrow(
      /different transforms/,
    );
    expect(() =>
      estimateCopula({ transforms: other, moments: measureMoments(real, transforms) }, schema, options),
    ).toThrow(/other transforms/);
    expect(() => measureMarginals(real, schema, CopulaOptions.parse({ survival: 'copula' }))).toThrow(
      /^rules/,
    );
    expect(() => measureMarginals(real, schema, CopulaOptions.parse({ rules: false }))).toThrow(/^survival/);
  });
});
