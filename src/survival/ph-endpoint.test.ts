import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { coxph } from './cox.js';
import type { CovariateColumn } from './ph-design.js';
import { fitPhEndpoint, PhEndpoint, PhEndpointParams } from './ph-endpoint.js';

/** n patients: a rare flag (6 %, log HR 0.6), age (0.03 per year), exponential times, random censoring. */
function cohort(seed: string, n: number) {
  const rng = Rng.from(seed);
  const flag = Int32Array.from({ length: n }, () => (rng.bernoulli(0.06) ? 1 : 0));
  const age = Float64Array.from({ length: n }, () => Math.round(rng.normal(60, 12)));
  const time = new Float64Array(n);
  const status = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const death = rng.exponential(Math.exp(0.6 * flag[i] + 0.03 * (age[i] - 60)) / 500);
    const censor = 100 + rng.uniform() * 1500;
    time[i] = Math.max(1, Math.round(Math.min(death, censor)));
    status[i] = death <= censor ? 1 : 0;
  }
  const covariates: CovariateColumn[] = [
    { type: 'code', codes: flag },
    { type: 'number', values: age },
  ];
  return { time, status, covariates, flag, age };
}

/** Draws (status, time) for every row from the fitted endpoint model. */
function draw(model: PhEndpoint, covariates: CovariateColumn[], rng: Rng) {
  const n = (covariates[0] as { codes: Int32Array }).codes.length;
  const risk = new Float64Array(model.causes);
  const p = new Float64Array(model.causes);
  const time = new Float64Array(n);
  const status = new Uint8Array(n);
  for (let row = 0; row < n; row++) {
    model.risks(covariates, row, risk);
    model.probabilities(risk, p);
    const cause = rng.uniform() < p[1] ? 1 : 0;
    time[row] = Math.round(model.drawTime(risk, cause, rng));
    status[row] = cause;
  }
  return { time, status };
}

describe('a survival endpoint as a proportional-hazards model per status', () => {
  const real = cohort('ph-endpoint', 4000);
  const params = fitPhEndpoint({ ...real, causes: 2, penalty: 1, minExits: 5, residual: 0 });
  const model = new PhEndpoint(params, ['code', 'number']);
  const synthetic = draw(model, real.covariates, Rng.from(1));
  const coxFit = (time: Float64Array, status: Uint8Array) =>
    coxph(time, status, {
      names: ['flag', 'age'],
      columns: [Float64Array.from(real.flag), real.age],
    });

  it('keeps the rare flag’s and the age effect: a Cox fit on its draws agrees with one on the data', () => {
    const before = coxFit(real.time, Uint8Array.from(real.status));
    const after = coxFit(synthetic.time, synthetic.status);
    before.terms.forEach((term, j) => {
      const z = (after.terms[j].coef - term.coef) / Math.hypot(term.se, after.terms[j].se);
      expect(Math.abs(z), term.term).toBeLessThan(1.96);
    });
  });

  it('keeps the censoring share, and draws no time past the end of follow-up nor below 0', () => {
    const share = (s: ArrayLike<number>) => Array.from(s).filter((v) => v === 1).length / s.length;
    expect(Math.abs(share(synthetic.status) - share(real.status))).toBeLessThan(0.02);
    const end = Math.max(...real.time);
    expect(Math.max(...synthetic.time)).toBeLessThanOrEqual(end);
    expect(Math.min(...synthetic.time)).toBeGreaterThanOrEqual(0);
    const lastDeath = Math.max(...real.time.filter((_, i) => real.status[i] === 1));
    expect(Math.max(...synthetic.time.filter((_, i) => synthetic.status[i] === 1))).toBeLessThanOrEqual(
      lastDeath,
    );
  });

  it('stores aggregates that round-trip through JSON, and refuses a design that does not fit the columns', () => {
    const restored = PhEndpointParams.parse(JSON.parse(JSON.stringify(params)));
    expect(restored).toEqual(params);
    // Every interval of the baseline holds at least 5 deaths: about 1 per 5 deaths in all.
    const deaths = real.status.filter((s) => s === 1).length;
    expect(params.causes[1].rates.length).toBeLessThanOrEqual(deaths / 5);
    expect(() => new PhEndpoint(params, ['number', 'number'])).toThrow(/holds numbers/);
  });
});
