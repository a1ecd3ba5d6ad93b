import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { parseSchema } from '../../data/schema.js';
import { numberColumn, Table } from '../../data/table.js';
import { breakShare, fractionOf, planRatios, valueBelow } from './plan-ratios.js';

const settings = { knots: 200, minAtomCount: 5 };

describe('fractions: value → fraction → value', () => {
  it('gives the value back exactly on its own bound, for every integer below it', () => {
    for (const bound of [1, 7, 30, 365, 2001])
      for (let value = 0; value <= bound; value++) {
        expect(valueBelow(fractionOf(value, bound), bound, false, 0)).toBe(value);
        if (value < bound) expect(valueBelow(fractionOf(value, bound), bound, true, 0)).toBe(value);
      }
  });

  it('keeps the value at or below the bound, strictly below for <, on the grid', () => {
    expect(valueBelow(0.999, 30, true, 0)).toBe(29);
    expect(valueBelow(1, 30, false, 0)).toBe(30);
    expect(valueBelow(0.97, 0.3, true, 1)).toBe(0.2);
    expect(valueBelow(0.97, 0.3, false, 1)).toBe(0.3);
    expect(valueBelow(1, 2.5, false, null)).toBe(2.5);
    expect(valueBelow(1, 2.5, true, null)).toBeLessThan(2.5);
  });

  it('has no fraction where the bound says nothing (0 or missing), and clamps to [0, 1]', () => {
    expect(fractionOf(0, 0)).toBeNaN();
    expect(fractionOf(3, Number.NaN)).toBeNaN();
    expect(fractionOf(Number.NaN, 3)).toBeNaN();
    expect(fractionOf(5, 4)).toBe(1);
    expect(valueBelow(0.4, 0, false, 0)).toBe(0);
  });
});

describe('the break share P(X > Y) of independent draws', () => {
  it('agrees with counting every pair', () => {
    const rng = Rng.from(1);
    const x = Float64Array.from({ length: 300 }, () => rng.int(50));
    const y = Float64Array.from({ length: 200 }, () => rng.int(60));
    for (const strict of [false, true]) {
      let broken = 0;
      for (const a of x) for (const b of y) if (strict ? a >= b : a > b) broken++;
      expect(breakShare(x, y, strict)).toBeCloseTo(broken / (x.length * y.length), 12);
    }
  });
});

describe('planning the fractions of a chain of comparisons', () => {
  // cr < relapse <= os and rfs <= os, as in a survival cohort; cr far below its bounds.
  const rng = Rng.from(2);
  const n = 2000;
  const os = Float64Array.from({ length: n }, () => 30 + rng.int(2000));
  const relapse = Float64Array.from(os, (t) =>
    rng.bernoulli(0.3) ? Math.floor(t * rng.uniform()) + 20 : Number.NaN,
  );
  for (let i = 0; i < n; i++) if (relapse[i] > os[i]) relapse[i] = os[i];
  const rfs = Float64Array.from(os, (t, i) => (Number.isNaN(relapse[i]) ? t : relapse[i]));
  const cr = Float64Array.from(os, () => 1 + rng.int(15));
  const table = new Table([
    ['os', numberColumn(os)],
    ['relapse', numberColumn(relapse)],
    ['rfs', numberColumn(rfs)],
    ['cr', numberColumn(cr)],
  ]);
  const schema = parseSchema({
    version: 1,
    columns: ['os', 'relapse', 'rfs', 'cr'].map((name) => ({ name, kind: 'integer' })),
    rules: [
      { type: 'compare', left: 'rfs', op: '<=', right: 'os' },
      { type: 'compare', left: 'os', op: '>=', right: 'relapse' },
      { type: 'compare', left: 'cr', op: '<', right: 'relapse' },
      { type: 'compare', left: 'cr', op: '<', right: 'os' },
    ],
  });
  const ratios = planRatios(table, schema, settings);

  it('expresses each tight column relative to one bound (os, present with it most often)', () => {
    expect(ratios.map((r) => [r.column, r.bound, r.strict]).sort()).toEqual([
      ['relapse', 'os', false],
      ['rfs', 'os', false],
    ]);
    expect(ratios.every((r) => r.decimals === 0)).toBe(true);
  });

  it('orders a chain a <= b <= c bounds first, whatever the order of the rules', () => {
    const c = Float64Array.from({ length: 500 }, () => 100 + rng.int(100));
    const b = Float64Array.from(c, (v) => Math.floor(v * rng.uniform()));
    const a = Float64Array.from(b, (v) => Math.floor(v * rng.uniform()));
    const chain = new Table([
      ['a', numberColumn(a)],
      ['b', numberColumn(b)],
      ['c', numberColumn(c)],
    ]);
    const chainSchema = parseSchema({
      version: 1,
      columns: ['a', 'b', 'c'].map((name) => ({ name, kind: 'integer' })),
      rules: [
        { type: 'compare', left: 'a', op: '<=', right: 'c' },
        { type: 'compare', left: 'a', op: '<=', right: 'b' },
        { type: 'compare', left: 'b', op: '<=', right: 'c' },
      ],
    });
    // a has two bounds, present equally often: the tighter one (b, itself below c) is chosen.
    expect(planRatios(chain, chainSchema, settings).map((r) => `${r.column}/${r.bound}`)).toEqual([
      'b/c',
      'a/b',
    ]);
  });

  it('leaves a loose comparison (cr, far below both bounds) on its own scale', () => {
    expect(ratios.some((r) => r.column === 'cr')).toBe(false);
  });

  it('records the column’s own marginal for rows where the bound is missing', () => {
    const fallback = ratios[0].fallback.knots;
    expect(fallback.value[0]).toBeGreaterThanOrEqual(20);
    expect(fallback.cdf.at(-1)).toBe(1);
  });

  it('refuses columns with negative values and dates', () => {
    const negative = table.withColumn(
      'rfs',
      numberColumn(Float64Array.from(rfs, (v, i) => (i === 0 ? -1 : v))),
    );
    expect(planRatios(negative, schema, settings).map((r) => r.column)).toEqual(['relapse']);
    // Dates compare only with dates: all four become dates (days since 1970), and none is a fraction.
    const dated = parseSchema({ ...schema, columns: schema.columns.map((c) => ({ ...c, kind: 'date' })) });
    expect(planRatios(table, dated, settings)).toEqual([]);
  });
});
