import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { sketchMarginal } from './marginal.js';
import { gridDigits, knotsFromSketch, mergeSketches, sketchPoints, sketchValues } from './sketch.js';

/** Values with atoms (a pile at 0, a small-range integer part) and a continuous stretch. */
function sample(rng: Rng, n: number, digits: number): Float64Array {
  const scale = 10 ** digits;
  return Float64Array.from({ length: n }, (_, i) => {
    const u = rng.uniform();
    if (i % 17 === 0) return Number.NaN;
    if (u < 0.2) return 0;
    if (u < 0.4) return Math.floor(rng.uniform() * 5);
    return Math.round(Math.exp(2 + rng.normal()) * scale) / scale;
  });
}

const settings = { knots: 50, minAtomCount: 5 };

describe('number sketches on a public decimal grid', () => {
  it('chooses the grid from the schema alone', () => {
    expect(gridDigits({ kind: 'integer', min: 0, max: 4018 })).toBe(0);
    expect(gridDigits({ kind: 'date' })).toBe(0);
    expect(gridDigits({ kind: 'numeric', decimals: 2, min: 0, max: 1 })).toBe(2);
    // 2^20 steps: hb on 3–20 needs 5 digits, LDH on 0–20,000 needs 2.
    expect(gridDigits({ kind: 'numeric', min: 3, max: 20 })).toBe(5);
    expect(gridDigits({ kind: 'numeric', min: 0, max: 20000 })).toBe(2);
    expect(gridDigits({ kind: 'numeric' })).toBe(6);
  });

  it('gives the knots of the sorted values when the data sits on the grid (brute force, 40 cases)', () => {
    const rng = Rng.from(11);
    for (let c = 0; c < 40; c++) {
      const digits = c % 4;
      const values = sample(rng, 30 + Math.floor(rng.uniform() * 3000), digits);
      const sorted = values.filter((v) => !Number.isNaN(v)).sort();
      const knots = { knots: 8 + (c % 5) * 40, minAtomCount: 1 + (c % 7) };
      expect(knotsFromSketch(sketchValues(values, digits), knots)).toEqual(sketchMarginal(sorted, knots));
    }
  });

  it('adds up: the merged sketches of two halves are the sketch of the whole', () => {
    const values = sample(Rng.from(3), 5000, 2);
    const whole = sketchValues(values, 2);
    const halves = mergeSketches(
      sketchValues(values.subarray(0, 1700), 2),
      sketchValues(values.subarray(1700), 2),
    );
    expect(halves).toEqual(whole);
    expect(() => mergeSketches(whole, sketchValues(values, 3))).toThrow(/grids differ/);
  });

  it('moves a value finer than its grid by at most half a step', () => {
    const rng = Rng.from(5);
    const values = Float64Array.from({ length: 2000 }, () => rng.uniform() * 17 + 3);
    const sketch = sketchValues(values, 5);
    const points = sketchPoints(sketch);
    const sorted = Float64Array.from(values).sort();
    let k = 0;
    sketch.count.forEach((count, i) => {
      for (let j = 0; j < count; j++)
        expect(Math.abs(sorted[k++] - points[i])).toBeLessThanOrEqual(0.5e-5 + 1e-12);
    });
    const a = knotsFromSketch(sketch, settings);
    const b = sketchMarginal(sorted, settings);
    expect(a.cdf).toEqual(b.cdf);
    for (const [i, v] of a.value.entries())
      expect(Math.abs(v - b.value[i])).toBeLessThanOrEqual(0.5e-5 + 1e-12);
  });
});
