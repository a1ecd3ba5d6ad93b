/**
 * Kernel smoothing of drawn numbers: the scale chosen per column, draws redrawn rather than clamped
 * at the edge of the observed range, and on the simulated AML cohort no spike at the minimum or
 * maximum of the skewed labs (clamping once put 16 % of synthetic white counts at the minimum).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { simulate } from '../../simulate/index.js';
import { cartGenerator } from './index.js';
import { CartOptions } from './options.js';
import { type NumberColumnModel, ValueLeaf } from './params.js';
import { smoothed, smoothingScale, valueLeaf } from './smoothing.js';

const sorted = (values: ArrayLike<number>) =>
  Float64Array.from(values)
    .filter((v) => !Number.isNaN(v))
    .sort();

/** R's default (type 7) quantile. */
function quantile(s: Float64Array, p: number): number {
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * (s[Math.min(lo + 1, s.length - 1)] - s[lo]);
}

const shareAt = (s: Float64Array, x: number) => s.filter((v) => v === x).length / s.length;

/** Sample standard deviation (n − 1). */
function sd(values: readonly number[]): number {
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1));
}

describe('smoothing of a leaf', () => {
  // bw.nrd0(c(1, 2, 4, 7, 11, 16)) in R: 0.9 · min(5.78, 7.5 / 1.34) · 6^(−1/5) = 3.520…
  it("takes R's bw.nrd0 on the linear scale, and on the logs for a log leaf", () => {
    const values = Float64Array.from([1, 2, 4, 7, 11, 16]);
    const linear = valueLeaf(values, true);
    expect(linear.scale).toBe('linear');
    expect(linear.bandwidth).toBeCloseTo(0.9 * Math.min(sd([...values]), 7.5 / 1.34) * 6 ** -0.2, 12);
    const log = valueLeaf(values, true, 'log');
    const logs = [...values].map(Math.log);
    const logIqr = (logs[3] + 0.75 * (logs[4] - logs[3]) - (logs[1] + 0.25 * (logs[2] - logs[1]))) / 1.34;
    expect(log.scale).toBe('log');
    expect(log.bandwidth).toBeCloseTo(0.9 * Math.min(sd(logs), logIqr) * 6 ** -0.2, 12);
    expect(valueLeaf(values, false)).toEqual({
      values: [...values],
      bandwidth: 0,
      atom: null,
      scale: 'linear',
    });
  });

  it('chooses the log scale for a positive right-skewed column only', () => {
    const rng = Rng.from(1);
    const lognormal = sorted(Array.from({ length: 2000 }, () => Math.exp(rng.normal(2.5, 1.3))));
    const normal = sorted(Array.from({ length: 2000 }, () => rng.normal(10, 2)));
    expect(smoothingScale(lognormal)).toBe('log');
    expect(smoothingScale(normal)).toBe('linear');
    // One value at 0 (not positive) keeps a skewed column linear.
    expect(smoothingScale(sorted([0, ...lognormal]))).toBe('linear');
  });

  it('redraws a value near the edge instead of clamping it onto the edge', () => {
    const leaf = valueLeaf(
      Float64Array.from({ length: 20 }, (_, i) => i),
      true,
    );
    const rng = Rng.from(2);
    const draws = Float64Array.from({ length: 4000 }, () => smoothed(0, leaf, rng, [0, 19], false));
    expect(draws.every((v) => v >= 0 && v <= 19)).toBe(true);
    // Clamping would put half the draws at 0; only a value whose five draws all fall out stays there.
    expect(shareAt(draws, 0)).toBeLessThan(0.05);
    expect(shareAt(draws, 0)).toBeGreaterThan(0);
    // The row's bounds are honoured the same way.
    const bounded = Float64Array.from({ length: 2000 }, () =>
      smoothed(5, leaf, rng, [0, 19], false, (x) => x <= 5),
    );
    expect(bounded.every((v) => v <= 5)).toBe(true);
    // Fewer than half the draws from 5 land at or below it (shrinkage pulls them toward the leaf mean).
    expect(shareAt(bounded, 5)).toBeLessThan(0.1);
  });

  it('keeps a floor the leaf holds more than once, and the atom, as observed values', () => {
    const floor = valueLeaf(Float64Array.from([80, 80, 80, 95, 120, 160, 230, 400]), true, 'log');
    const rng = Rng.from(3);
    expect(smoothed(80, floor, rng, [80, 900], false)).toBe(80);
    const atom = valueLeaf(Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 2, 3]), true);
    expect(atom.atom).toBe(0);
    expect(smoothed(0, atom, rng, [0, 3], false)).toBe(0);
  });

  it('draws a log leaf as exp(normal(log v, bw)), positive and with the leaf spread', () => {
    const rng = Rng.from(4);
    const values = sorted(Array.from({ length: 40 }, () => Math.exp(rng.normal(3, 1))));
    const leaf = valueLeaf(values, true, 'log');
    const range = [values[0], values[values.length - 1]] as const;
    const draws = Array.from({ length: 20000 }, () =>
      Math.log(smoothed(values[rng.int(values.length)], leaf, rng, range, false)),
    );
    // Shrunk toward the leaf mean, the kernel keeps the leaf's spread of logs (within 5 %).
    const logs = [...values].map(Math.log);
    const leafSd = sd(logs) * Math.sqrt((logs.length - 1) / logs.length);
    expect(sd(draws) / leafSd).toBeGreaterThan(0.9);
    expect(sd(draws) / leafSd).toBeLessThan(1.05);
  });

  it('reads leaves written before the scale was stored as linear, and refuses a log leaf at 0', () => {
    expect(ValueLeaf.parse({ values: [1, 2], bandwidth: 0.5, atom: null }).scale).toBe('linear');
    expect(ValueLeaf.safeParse({ values: [0, 2], bandwidth: 0.5, atom: null, scale: 'log' }).success).toBe(
      false,
    );
  });
});

describe('cart smoothing on the simulated AML cohort', () => {
  const cohort = simulate('aml', { patients: 2500, centres: 5, seed: 1 });
  const modelled = cohort.schema.columns.filter((c) => c.role !== 'id').map((c) => c.name);
  const real = cohort.table.select(modelled);
  const fitCart = () =>
    cartGenerator.fit({ table: real, schema: cohort.schema, rng: Rng.from(1) }, CartOptions.parse({}));
  const model = fitCart();
  const synthetic = model.sample({ rows: 2500, rng: Rng.from(2), where: [] });
  const leaves = (name: string) => {
    const column = model.params.columns.find((c) => c.name === name) as NumberColumnModel;
    return column.value!.nodes.filter((n): n is ValueLeaf => 'values' in n);
  };

  it('smooths wbc, platelets and ldh on the log scale, hb on the linear one, and leaves age unsmoothed', () => {
    for (const name of ['wbc', 'platelets', 'ldh'])
      expect(leaves(name).every((l) => l.scale === 'log' && l.bandwidth > 0)).toBe(true);
    expect(leaves('hb').every((l) => l.scale === 'linear')).toBe(true);
    expect(leaves('hb').some((l) => l.bandwidth > 0)).toBe(true);
    expect(leaves('age').every((l) => l.scale === 'linear' && l.bandwidth === 0)).toBe(true);
    // hb is still smoothed: far more distinct values than the data has.
    const distinct = (t: typeof real) => new Set(t.numbers('hb')).size;
    expect(distinct(synthetic)).toBeGreaterThan(2 * distinct(real));
  });

  it.each(['wbc', 'platelets', 'ldh'])('%s: no spike at either end, quantiles within 25 %%', (name) => {
    const r = sorted(real.numbers(name));
    const s = sorted(synthetic.numbers(name));
    const [min, max] = [r[0], r[r.length - 1]];
    expect(s[0]).toBeGreaterThanOrEqual(min);
    expect(s[s.length - 1]).toBeLessThanOrEqual(max);
    expect(Math.abs(shareAt(s, min) - shareAt(r, min))).toBeLessThan(0.01);
    expect(Math.abs(shareAt(s, max) - shareAt(r, max))).toBeLessThan(0.01);
    for (const p of [0.01, 0.05, 0.5, 0.95]) {
      const ratio = quantile(s, p) / quantile(r, p);
      expect(ratio, `${name} ${p * 100} % quantile`).toBeGreaterThan(1 / 1.25);
      expect(ratio, `${name} ${p * 100} % quantile`).toBeLessThan(1.25);
    }
  });

  it('fits and samples byte for byte the same for a seed', () => {
    const again = fitCart();
    expect(JSON.stringify(again.params)).toBe(JSON.stringify(model.params));
    const rerun = again.sample({ rows: 2500, rng: Rng.from(2), where: [] });
    for (const name of ['wbc', 'platelets', 'ldh', 'hb'])
      expect(Buffer.from(rerun.numbers(name).buffer)).toEqual(Buffer.from(synthetic.numbers(name).buffer));
  });
});
