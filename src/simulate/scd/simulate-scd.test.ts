/**
 * `simulateScd({patients: 2500, centres: 5, seed: 1})` against `domain/scd.md`. Tolerances are
 * ≈ 3 standard errors at n = 2,500 unless noted.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { checkTable } from '../test-support/rules.js';
import { mean, median, spearman } from '../test-support/stats.js';
import { scdLinearPredictor, scdSurvivalFromBirth } from './clinical.js';
import { simulateScd } from './simulate-scd.js';
import { SCD_GENOTYPES, SCD_MISSING_TARGETS, SCD_PROFILES } from './targets.js';

let table: Table;
let schema: Schema;
beforeAll(() => {
  ({ table, schema } = simulateScd({ patients: 2500, centres: 5, seed: 1 }));
});

function rowsOf(keep: (i: number) => boolean): number[] {
  return Array.from({ length: table.nRows }, (_, i) => i).filter(keep);
}
const genotype = (g: string) => {
  const k = SCD_GENOTYPES.indexOf(g as (typeof SCD_GENOTYPES)[number]);
  return (i: number) => table.codes('genotype').codes[i] === k;
};
const values = (name: string, idx: number[]) => idx.map((i) => table.numbers(name)[i]);

describe('SCD genotypes and labs', () => {
  it.each(SCD_GENOTYPES)('%s share (NIH 2014; ±3 pp, SE ≤ 1 pp)', (g) => {
    expect(Math.abs(rowsOf(genotype(g)).length / table.nRows - SCD_PROFILES[g].share)).toBeLessThan(0.03);
  });

  it.each<[string, number, number, number, number]>([
    // genotype, Hb range (g/dL), HbF range (%): medians must fall inside the NIH ranges.
    ['HbSS', 6, 9, 2, 15],
    ['HbSC', 9, 14, 1, 7],
    ['HbSb+', 9, 12, 2, 10],
    ['HbSb0', 7, 9, 2, 15],
  ])('%s: median Hb and HbF within the NIH ranges', (g, hbLo, hbHi, fLo, fHi) => {
    const idx = rowsOf(genotype(g));
    const hb = median(values('hb', idx));
    const hbf = median(values('hbf', idx));
    expect(hb).toBeGreaterThanOrEqual(hbLo);
    expect(hb).toBeLessThanOrEqual(hbHi);
    expect(hbf).toBeGreaterThanOrEqual(fLo);
    expect(hbf).toBeLessThanOrEqual(fHi);
  });

  it('reticulocytes SS 8–15 %, SC 3–5 %; LDH in SS 400–600 U/L (medians)', () => {
    const ss = rowsOf(genotype('HbSS'));
    const sc = rowsOf(genotype('HbSC'));
    expect(median(values('retic', ss))).toBeGreaterThan(8);
    expect(median(values('retic', ss))).toBeLessThan(15);
    expect(median(values('retic', sc))).toBeGreaterThan(3);
    expect(median(values('retic', sc))).toBeLessThan(5);
    expect(median(values('ldh', ss))).toBeGreaterThan(400);
    expect(median(values('ldh', ss))).toBeLessThan(600);
  });

  it('higher HbF goes with milder haemolysis in SS (Spearman HbF–LDH < 0, HbF–Hb > 0)', () => {
    const ss = rowsOf(genotype('HbSS'));
    expect(spearman(values('hbf', ss), values('ldh', ss))).toBeLessThan(-0.05);
    expect(spearman(values('hbf', ss), values('hb', ss))).toBeGreaterThan(0.05);
  });
});

describe('SCD events', () => {
  it('≈ 39 % have no pain crisis in the window (±5 pp; SE 1 pp)', () => {
    const pain = table.numbers('pain_crises_3y');
    expect(Math.abs(pain.filter((x) => x === 0).length / pain.length - 0.39)).toBeLessThan(0.05);
  });

  it('untreated pain rates follow Platt 1991 (SS ≈ 0.8 > SC ≈ 0.4 per patient-year)', () => {
    const hu = table.codes('hydroxyurea').codes;
    const rate = (g: string) =>
      mean(
        values(
          'pain_crises_3y',
          rowsOf((i) => genotype(g)(i) && hu[i] === 0),
        ),
      ) / 3;
    // SS: ≈ 800 untreated patients, rate SE ≈ 0.03; the HbF term moves it ≈ 5 %.
    expect(Math.abs(rate('HbSS') - 0.8)).toBeLessThan(0.15);
    expect(Math.abs(rate('HbSC') - 0.4)).toBeLessThan(0.12);
  });

  it('hydroxyurea lowers crises in SS (MSH ratio 0.56) and so does HbF', () => {
    const hu = table.codes('hydroxyurea').codes;
    const ss = (want: number) => rowsOf((i) => genotype('HbSS')(i) && hu[i] === want);
    const ratio = mean(values('pain_crises_3y', ss(1))) / mean(values('pain_crises_3y', ss(0)));
    // HU also raises HbF, so the crude ratio is a little under 0.56.
    expect(ratio).toBeGreaterThan(0.35);
    expect(ratio).toBeLessThan(0.7);
    const untreated = ss(0);
    expect(spearman(values('hbf', untreated), values('pain_crises_3y', untreated))).toBeLessThan(-0.03);
  });

  it('acute chest syndrome is more frequent in SS than SC, and in young children', () => {
    const age = table.numbers('age');
    const acsRate = (keep: (i: number) => boolean) => mean(values('acs_3y', rowsOf(keep))) / 3;
    expect(acsRate(genotype('HbSS'))).toBeGreaterThan(acsRate(genotype('HbSC')));
    const ss = genotype('HbSS');
    expect(acsRate((i) => ss(i) && age[i] >= 2 && age[i] < 5)).toBeGreaterThan(
      acsRate((i) => ss(i) && age[i] >= 20),
    );
  });

  it('stroke: ≈ 11 % of SS by age 20 (ages 15–25: 6–18 %), rarer in SC', () => {
    const age = table.numbers('age');
    const stroke = table.codes('stroke').codes;
    const ssYoungAdults = rowsOf((i) => genotype('HbSS')(i) && age[i] >= 15 && age[i] < 25);
    const share = mean(ssYoungAdults.map((i) => stroke[i]));
    expect(share).toBeGreaterThan(0.06);
    expect(share).toBeLessThan(0.18);
    expect(mean(rowsOf(genotype('HbSC')).map((i) => stroke[i]))).toBeLessThan(
      mean(rowsOf(genotype('HbSS')).map((i) => stroke[i])),
    );
  });
});

describe('SCD survival and missingness', () => {
  it.each<[string, boolean, number]>([
    ['HbSS', false, 42],
    ['HbSS', true, 48],
    ['HbSC', false, 60],
    ['HbSC', true, 68],
  ])('model median age at death %s female=%s ≈ %s (Platt 1994; ±1.5 y)', (g, female, target) => {
    const lp = scdLinearPredictor(SCD_GENOTYPES.indexOf(g as 'HbSS'), female);
    let lo = 0;
    let hi = 120;
    for (let k = 0; k < 60; k++) {
      const mid = (lo + hi) / 2;
      if (scdSurvivalFromBirth(mid, lp) > 0.5) lo = mid;
      else hi = mid;
    }
    expect(Math.abs(lo - target)).toBeLessThan(1.5);
  });

  it('death rates during follow-up: SS above SC, men above women', () => {
    const fu = table.numbers('fu_days');
    const death = table.codes('death').codes;
    const sex = table.codes('sex').codes;
    const rate = (keep: (i: number) => boolean) => {
      const idx = rowsOf(keep);
      return idx.reduce((s, i) => s + death[i], 0) / idx.reduce((s, i) => s + fu[i], 0);
    };
    expect(rate(genotype('HbSS'))).toBeGreaterThan(rate(genotype('HbSC')));
    expect(rate((i) => sex[i] === 1)).toBeGreaterThan(rate((i) => sex[i] === 0));
  });

  it.each(Object.entries(SCD_MISSING_TARGETS))('%s missing ≈ %s (±2 pp)', (name, rate) => {
    const v = table.numbers(name);
    expect(Math.abs(v.filter(Number.isNaN).length / v.length - rate)).toBeLessThan(0.02);
  });

  it('missingness depends on age (adults over 40 vs children)', () => {
    const age = table.numbers('age');
    const ldh = table.numbers('ldh');
    const share = (keep: (a: number) => boolean) => {
      const idx = rowsOf((i) => keep(age[i]));
      return idx.filter((i) => Number.isNaN(ldh[i])).length / idx.length;
    };
    expect(share((a) => a >= 40)).toBeGreaterThan(share((a) => a < 18));
  });

  it('every row obeys the schema and its rules', () => {
    expect(checkTable(table, schema)).toEqual([]);
  });
});
