/**
 * Centres, demographics, performance status and treatment intensity of the simulated AML cohort.
 *
 * The cohort is population-like: a mixture of patients fit for intensive induction (age ≈ 55 ± 13)
 * and unfit ones treated with lower intensity (age ≈ 75 ± 6), as `domain/aml.md` suggests; with
 * ≈55 % fit the median age is ≈ 67, near the AML population median of about 68.
 */
import type { Rng } from '../../core/rng.js';
import { logit, sigmoid, truncatedNormal } from '../math.js';

/** Default share of fit (intensively treated) patients over all centres. */
export const AML_DEFAULT_INTENSIVE_SHARE = 0.55;
/** AMLSG: 46.7 % female. */
const AML_FEMALE_SHARE = 0.467;

/** How one centre differs from the others (log-odds offsets are 0 for an average centre). */
export interface AmlCentreProfile {
  /** Share of patients fit for intensive treatment (academic centres see more). */
  intensiveShare: number;
  /** Log-odds offset of allogeneic transplant among eligible patients. */
  transplantOffset: number;
  /** Log-odds offset of every missing lab value and ECOG. */
  missingOffset: number;
  /** Years over which the centre recruited, ending one year before the data cut. */
  accrualYears: number;
  /** Loss to follow-up per year after the first three months. */
  lossRate: number;
}

/**
 * Centre profiles; a single centre is the average centre. Offsets are centred on their
 * size-weighted mean so that the cohort as a whole keeps the calibrated rates.
 */
export function centreProfiles(
  rng: Rng,
  weights: readonly number[],
  intensiveShare: number,
): AmlCentreProfile[] {
  const k = weights.length;
  if (k === 1)
    return [{ intensiveShare, transplantOffset: 0, missingOffset: 0, accrualYears: 8, lossRate: 0.03 }];
  const raw = weights.map(() => ({
    fit: rng.normal(0, 0.5),
    transplant: rng.normal(0, 0.4),
    missing: rng.normal(0, 0.4),
    accrualYears: 5 + 5 * rng.uniform(),
    lossRate: 0.01 + 0.05 * rng.uniform(),
  }));
  const total = weights.reduce((a, b) => a + b, 0);
  const centred = (key: 'fit' | 'transplant' | 'missing') =>
    raw.reduce((sum, r, i) => sum + (r[key] * weights[i]) / total, 0);
  const [fit, transplant, missing] = [centred('fit'), centred('transplant'), centred('missing')];
  return raw.map((r) => ({
    intensiveShare: sigmoid(logit(intensiveShare) + r.fit - fit),
    transplantOffset: r.transplant - transplant,
    missingOffset: r.missing - missing,
    accrualYears: r.accrualYears,
    lossRate: r.lossRate,
  }));
}

/** Age at diagnosis (whole years) given fitness. */
export function drawAge(rng: Rng, fit: boolean): number {
  return Math.floor(fit ? truncatedNormal(rng, 55, 13, 18, 90) : truncatedNormal(rng, 75, 6, 40, 99));
}

/**
 * ECOG performance status 0–4 from an ordered-probit latent: cut points give 35/45/15/4/1 % in fit
 * patients (median 1, as in AMLSG); unfit patients are shifted by 0.8 SD (median 1–2), and status
 * worsens a little with age.
 */
function drawEcog(rng: Rng, age: number, fit: boolean): number {
  const latent = rng.normal() + (fit ? 0 : 0.8) + 0.01 * (age - (fit ? 55 : 75));
  if (latent < -0.385) return 0;
  if (latent < 0.842) return 1;
  if (latent < 1.645) return 2;
  if (latent < 2.326) return 3;
  return 4;
}

/**
 * Intensive induction for fit patients unless bedridden (ECOG ≥ 3: 60 % get lower intensity);
 * a few younger unfit patients in good condition still get it (30 % when < 65 y and ECOG ≤ 1).
 */
function chooseIntensive(rng: Rng, fit: boolean, age: number, ecog: number): boolean {
  if (fit) return ecog >= 3 ? rng.bernoulli(0.4) : true;
  return age < 65 && ecog <= 1 ? rng.bernoulli(0.3) : false;
}

export interface AmlDemographics {
  fit: Uint8Array;
  age: Float64Array;
  female: Uint8Array;
  ecog: Float64Array;
  intensive: Uint8Array;
}

export function simulateDemographics(
  rng: Rng,
  centre: Int32Array,
  profiles: readonly AmlCentreProfile[],
): AmlDemographics {
  const n = centre.length;
  const out: AmlDemographics = {
    fit: new Uint8Array(n),
    age: new Float64Array(n),
    female: new Uint8Array(n),
    ecog: new Float64Array(n),
    intensive: new Uint8Array(n),
  };
  const ages = rng.split('age');
  const sexes = rng.split('sex');
  const ecogs = rng.split('ecog');
  const treatments = rng.split('treatment');
  for (let i = 0; i < n; i++) {
    const fit = ages.bernoulli(profiles[centre[i]].intensiveShare);
    const age = drawAge(ages, fit);
    const ecog = drawEcog(ecogs, age, fit);
    out.fit[i] = fit ? 1 : 0;
    out.age[i] = age;
    out.female[i] = sexes.bernoulli(AML_FEMALE_SHARE) ? 1 : 0;
    out.ecog[i] = ecog;
    out.intensive[i] = chooseIntensive(treatments, fit, age, ecog) ? 1 : 0;
  }
  return out;
}
