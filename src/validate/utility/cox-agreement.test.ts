import { describe, expect, it } from 'vitest';
import { StatisticsError } from '../../core/errors.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import type { CoxTerm } from '../../survival/index.js';
import { alignLevels, timeUnit } from './align.js';
import { chooseCovariates } from './covariates.js';
import {
  compareCox,
  compareTerm,
  coxAgreement,
  fitCoxCoded,
  intervalOverlap,
  standardisedDifference,
  termAgreement,
  termWeight,
} from './cox-agreement.js';
import { coxDesign } from './cox-design.js';
import { rankStratifiers } from './stratified.js';
import { amlHalves, independentSample } from './test-support/aml.js';

/** A Cox term from a hazard ratio and its standard error on the log scale, as coxph reports it. */
function term(hr: number, se: number): CoxTerm {
  const coef = Math.log(hr);
  const z = coef / se;
  const p = 2 * (1 - normal(Math.abs(z)));
  return {
    term: 'hsct1',
    coef,
    hr,
    se,
    z,
    p,
    lower: Math.exp(coef - 1.959964 * se),
    upper: Math.exp(coef + 1.959964 * se),
  };
}

function normal(z: number): number {
  // Abramowitz–Stegun 26.2.17 is plenty for a test's p-value.
  const t = 1 / (1 + 0.2316419 * z);
  const d = Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI);
  return (
    1 - d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))))
  );
}

const schema: Schema = { version: 1, columns: [], endpoints: [], rules: [] };
const coding = { column: 'hsct', level: '1', reference: '0' };

describe('hazard ratios compared continuously', () => {
  it('the issue’s HSCT example: 0.74 (0.58–0.95) real vs 1.20 (0.94–1.53) synthetic is reversed and scores < 0.1', () => {
    const r = term(0.74, 0.126);
    const s = term(1.2, 0.124);
    expect(standardisedDifference(r, s)).toBeCloseTo(
      (Math.log(1.2) - Math.log(0.74)) / Math.hypot(0.126, 0.124),
      12,
    );
    expect(standardisedDifference(r, s)).toBeCloseTo(2.73, 2);
    // The synthetic interval starts at 0.94, the real one ends at 0.95: a sliver of overlap.
    expect(intervalOverlap(r, s)).toBeCloseTo(Math.log(r.upper / s.lower) / Math.log(r.upper / r.lower), 12);
    expect(intervalOverlap(r, s)).toBeLessThan(0.05);
    const c = compareTerm(r, s, coding, { alpha: 0.05, schema });
    expect(c).toMatchObject({
      label: 'HSCT yes vs no',
      reference: '0',
      significance: 'lost',
      reversed: true,
    });
    // closeness exp(−2.73²/18) = 0.66, times Φ(−2.73) / 0.025 = 0.13.
    const d = standardisedDifference(r, s);
    // (The real effect is protective, so moving up by d is towards no effect: Φ(−d) = 1 − Φ(d).)
    expect(c.agreement).toBeCloseTo((Math.exp((-d * d) / 18) * (1 - normal(d))) / 0.025, 3);
    expect(c.agreement).toBeLessThan(0.1);
  });

  it('an effect that vanishes (HR 1.00) scores ≈ 0, one kept scores near 1', () => {
    const r = term(3.76, 0.1);
    expect(termAgreement(r, term(1.0, 0.1), true)).toBeLessThan(1e-10);
    expect(termAgreement(r, term(3.76, 0.1), true)).toBeGreaterThan(0.99);
    // Attenuated to 2.64 (d ≈ −2.5): still significant, but nearer no effect by more than sampling
    // explains (one-sided p ≈ 0.006 < 0.025), so scored well below a sampling difference.
    const d = (Math.log(2.64) - Math.log(3.76)) / Math.hypot(0.1, 0.1);
    const attenuated = termAgreement(r, term(2.64, 0.1), true);
    expect(attenuated).toBeCloseTo((Math.exp(-(d * d) / 18) * (1 - normal(-d))) / 0.025, 4);
    expect(attenuated).toBeLessThan(0.3);
    // Exaggerated by as much (d ≈ +2.5) is only a difference: closeness alone.
    const exaggerated = term(Math.exp(Math.log(3.76) - d * Math.hypot(0.1, 0.1)), 0.1);
    expect(termAgreement(r, exaggerated, true)).toBeCloseTo(Math.exp(-(d * d) / 18), 6);
  });

  it('does not depend on the synthetic table’s size: the same d scores the same whatever se_s', () => {
    // A real effect at z = 2 (the reviewer's case) and z = 10; synthetic tables of the same size
    // (se_s = se_r) and of a quarter (se_s = 2 se_r) with the same standardised difference.
    for (const z of [2, 10])
      for (const d of [-2.5, -1, 0, 1]) {
        const r = term(Math.exp(0.2 * z), 0.2);
        const at = (se: number) => term(Math.exp(Math.log(r.hr) + d * Math.hypot(0.2, se)), se);
        const same = termAgreement(r, at(0.2), true);
        expect(termAgreement(r, at(0.4), true)).toBeCloseTo(same, 12);
      }
    // The old evidence factor, 2Φ(b_s/se_s) − 1, gave a faithful estimate (d = 0) of a z = 2 effect
    // 0.95 at the same size and 0.68 at a quarter; now both 1.
    const r = term(Math.exp(0.4), 0.2);
    expect(termAgreement(r, term(r.hr, 0.4), true)).toBe(1);
  });

  it('a term the real data cannot sign is scored by closeness alone', () => {
    const r = term(1.05, 0.2);
    expect(termAgreement(r, term(0.95, 0.2), false)).toBeCloseTo(
      Math.exp(-(standardisedDifference(r, term(0.95, 0.2)) ** 2) / 18),
      12,
    );
    expect(compareTerm(r, term(0.95, 0.2), coding, { alpha: 0.05, schema }).significance).toBe('neither');
    expect(compareTerm(r, term(0.5, 0.1), coding, { alpha: 0.05, schema }).significance).toBe('gained');
  });

  it('overlap is the fraction of the real interval the synthetic one covers', () => {
    expect(
      intervalOverlap({ lower: 1, upper: Math.E ** 2 }, { lower: Math.E, upper: Math.E ** 3 }),
    ).toBeCloseTo(0.5, 12);
    expect(intervalOverlap({ lower: 1, upper: 2 }, { lower: 3, upper: 4 })).toBe(0);
    expect(intervalOverlap({ lower: 1, upper: 2 }, { lower: 0.5, upper: 4 })).toBe(1);
  });

  it('weighs established effects fully and the mean counts unmatched terms as 0', () => {
    expect(termWeight({ z: 5 })).toBe(1);
    expect(termWeight({ z: 0.98 })).toBeCloseTo(0.5, 12);
    expect(termWeight({ z: 0 })).toBe(0.25);
    const rows = [
      compareTerm(term(3, 0.1), term(3, 0.1), coding, { alpha: 0.05, schema }),
      compareTerm(term(3, 0.1), term(1 / 3, 0.1), coding, { alpha: 0.05, schema }),
    ];
    expect(coxAgreement(rows, 0)).toBeCloseTo(rows[0].agreement / 2, 12);
    expect(coxAgreement(rows, 1)).toBeCloseTo(rows[0].agreement / 3, 12);
  });
});

describe('Cox agreement of faithful samples of different sizes', () => {
  it('an independent sample of a quarter of the rows scores about as well as one of the same size', () => {
    // The default models of both endpoints on 1,250 real patients, against independent samples of
    // the simulator with 1,250 and with 313 patients, eight seeds each.
    const { real, schema } = amlHalves(2500, 1);
    const models = schema.endpoints.map((endpoint) => {
      const ranked = rankStratifiers(real, schema, endpoint, timeUnit(endpoint.time, schema));
      const covariates = chooseCovariates(real, schema, endpoint, ranked, 5);
      const design = coxDesign(real, schema, endpoint, covariates.chosen, 5);
      return { endpoint, covariates, design, fitted: fitCoxCoded(real, endpoint, design) };
    });
    const score = (synthetic: Table) => {
      const aligned = alignLevels(real, synthetic);
      // A model a small table cannot fit (a rare flag with no events) is skipped, as utility() does.
      const compared = models.flatMap((m) => {
        try {
          const fitted = fitCoxCoded(aligned, m.endpoint, m.design);
          const options = { alpha: 0.05, schema, covariates: m.covariates, design: m.design };
          return [compareCox(m.fitted, fitted, m.endpoint.name, options)];
        } catch (error) {
          if (error instanceof StatisticsError) return [];
          throw error;
        }
      });
      // The comparison's score, and the mean agreement of the terms the real data establishes —
      // where a penalty read from the synthetic table's own power (2Φ(b_s/se_s) − 1) would fall with
      // its size: 0.89 at the same size, 0.84 at a quarter, on these seeds.
      const established = compared.flatMap((c) =>
        c.hazardRatios.filter((h) => h.significance === 'kept' || h.significance === 'lost'),
      );
      return {
        cox: mean(compared.map((c) => c.agreement)),
        established: mean(established.map((h) => h.agreement)),
      };
    };
    const seeds = [2, 3, 4, 5, 6, 7, 8, 9];
    const same = seeds.map((seed) => score(independentSample(1250, seed)));
    const quarter = seeds.map((seed) => score(independentSample(313, seed)));
    const avg = (rows: typeof same, key: 'cox' | 'established') => mean(rows.map((r) => r[key]));
    expect(avg(same, 'cox')).toBeGreaterThan(0.8);
    expect(Math.abs(avg(quarter, 'cox') - avg(same, 'cox'))).toBeLessThan(0.05);
    expect(avg(quarter, 'established')).toBeGreaterThan(avg(same, 'established') - 0.03);
  });
});

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
