import { describe, expect, it } from 'vitest';
import { CompiledDesign, designColumns, designTerms, rcs, termValue } from './ph-design.js';

describe('the design of a proportional-hazards model for simulation', () => {
  it("computes Harrell's restricted cubic spline: 0 below the first knot, linear beyond the last", () => {
    const knots = [1, 3, 6, 10];
    // By hand for x = 5: (5−1)³ − (5−6)₊³·… − … = 64, over (10 − 1)² = 81.
    expect(rcs(5, knots, 1)).toBeCloseTo(64 / 81, 12);
    expect(rcs(0.5, knots, 1)).toBe(0);
    const slope = (x: number) => rcs(x + 1, knots, 2) - rcs(x, knots, 2);
    expect(slope(20)).toBeCloseTo(slope(30), 9);
  });

  it('codes numbers per SD with a spline and a missing indicator, categories against their most frequent level', () => {
    const n = 220;
    const age = Float64Array.from({ length: n }, (_, i) => (i % 17 === 0 ? Number.NaN : 30 + (i % 50)));
    const ecog = Float64Array.from({ length: n }, (_, i) => i % 3);
    const group = Int32Array.from({ length: n }, (_, i) => (i % 10 === 0 ? -1 : i % 4 === 0 ? 2 : 1));
    const columns = [
      { type: 'number', values: age },
      { type: 'number', values: ecog },
      { type: 'code', codes: group },
    ] as const;
    const rows = Uint32Array.from({ length: n }, (_, i) => i);
    const terms = designTerms(columns, rows);
    // Fewer than 200 values: no spline (its outer knots would lie near single patients' values).
    expect(designTerms(columns, rows.subarray(0, 150)).some((t) => t.type === 'spline')).toBe(false);
    expect(terms.map((t) => `${t.column}:${t.type}`)).toEqual([
      '0:number',
      '0:spline',
      '0:spline',
      '0:missing',
      // Three distinct values: a straight line only.
      '1:number',
      // Level 1 is the most frequent (the reference); level 2 and missing get indicators.
      '2:level',
      '2:missing',
    ]);
    const x = designColumns(terms, columns, rows);
    // Centred and scaled on the observed rows; a missing value is the mean (0) plus its indicator.
    const observed = [...x[0]].filter((_, i) => !Number.isNaN(age[i]));
    expect(observed.reduce((a, b) => a + b, 0) / observed.length).toBeCloseTo(0, 10);
    expect(x[0][0]).toBe(0);
    expect(x[3][0]).toBe(1);
    const compiled = new CompiledDesign(terms);
    const out = new Float64Array(terms.length);
    for (const row of [0, 5, 40, 199]) {
      compiled.values(columns, row, out);
      for (const [j, term] of terms.entries()) expect(out[j]).toBeCloseTo(termValue(term, columns, row), 12);
    }
  });

  it('keeps centre and scale finite for values near the largest doubles', () => {
    const values = Float64Array.from({ length: 50 }, (_, i) => (i + 1) * 1e160);
    const [term] = designTerms([{ type: 'number', values }], Uint32Array.from(values.keys()));
    expect(term).toMatchObject({ type: 'number' });
    const { centre, scale } = term as { centre: number; scale: number };
    expect(centre).toBeCloseTo(25.5e160, -150);
    expect(Number.isFinite(scale) && scale > 1e160).toBe(true);
  });

  it('pools a level or a missing state held by fewer than 10 patients with the reference', () => {
    const codes = Int32Array.from({ length: 100 }, (_, i) => (i < 3 ? 2 : i < 6 ? -1 : i % 2));
    const terms = designTerms([{ type: 'code', codes }], Uint32Array.from(codes.keys()));
    expect(terms).toEqual([{ type: 'level', column: 0, level: 1 }]);
  });
});
