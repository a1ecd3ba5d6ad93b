import { describe, expect, it } from 'vitest';
import { ringAddInto } from '../../federation/secagg/ring.js';
import {
  addAll,
  addMarginals,
  addMoments,
  CopulaOptions,
  copulaTransforms,
  measureMarginals,
  measureMoments,
} from '../../generators/copula/index.js';
import { transformsHash } from '../../generators/copula/measurements.js';
import { momentFeatures, numberCodecOf } from '../../generators/copula/moment-features.js';
import { fittedColumns } from '../../generators/prepare.js';
import { simulate } from '../../simulate/index.js';
import { decodeMoments, encodeMoments, momentsLayout, scoreBound } from './moments-layout.js';

const options = CopulaOptions.parse({ rules: false, survival: 'copula' });

describe('the score bound behind the fixed-point scale', () => {
  it('is the tail mean of one row in N, hand-computed for N = 2,500', () => {
    // Python's statistics.NormalDist: Φ⁻¹(1/2500) = −3.3527948, φ of it = 0.0014451315, times 2500
    // = 3.6128288, above the continuous clip Φ⁻¹(1 − 0.5/2500) = 3.5400838; with the 1 % margin
    // 3.6489571.
    expect(scoreBound(2500)).toBeCloseTo(3.6489571, 6);
  });
});

describe('round 2 as a ring vector on the AML cohort', () => {
  const { table, schema } = simulate('aml', { patients: 600, centres: 3, seed: 3 });
  const real = table.select(fittedColumns(schema));
  const centre = real.codes('centre').codes;
  const sites = [0, 1, 2].map((c) => real.filter((row) => centre[row] === c));
  const transforms = copulaTransforms(
    addAll(
      sites.map((t) => measureMarginals(t, schema, options)),
      addMarginals,
    ),
    schema,
    options,
  );
  const features = momentFeatures(transforms).map((f) => f.label);
  const layout = momentsLayout(transforms, features, 3);
  const measured = sites.map((t) => measureMoments(t, transforms));

  it('bounds every number column’s extreme scores (its smallest and largest value)', () => {
    const bound = scoreBound(transforms.rows);
    for (const column of transforms.columns) {
      if (column.marginal.type !== 'number') continue;
      const codec = numberCodecOf(column, transforms.rows);
      const { value } = column.marginal.knots;
      for (const x of [value[0], value[value.length - 1]])
        expect(Math.abs(codec.score(x)), column.name).toBeLessThanOrEqual(bound);
    }
  });

  it('sums to what addMoments gives: counts exactly, cross sums within n · 2^−(f+1)', () => {
    const sum = measured.map((m) => encodeMoments(m, layout)).reduce((a, b) => ringAddInto(a, b));
    const decoded = decodeMoments(sum, layout, transformsHash(transforms));
    const added = addAll(measured, addMoments);
    expect(decoded.rows).toBe(600);
    expect(decoded.count).toEqual(added.count);
    const tolerance = 3 * 2 ** -(layout.cross.fractionBits + 1);
    let worst = 0;
    for (const [i, s] of added.cross.entries()) worst = Math.max(worst, Math.abs(decoded.cross[i] - s));
    expect(worst).toBeLessThanOrEqual(tolerance + 1e-12 * 600);
    expect(layout.cross.fractionBits).toBeGreaterThanOrEqual(30);
  });

  it('refuses moments over other features', () => {
    expect(() => encodeMoments({ ...measured[0], features: features.slice(1) }, layout)).toThrow(/features/);
  });
});
