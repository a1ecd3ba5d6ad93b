/**
 * Per-patient draws of the SCD simulator: age at enrolment (depleted at older ages by genotype
 * survival), labs with a shared haemolysis score, event counts and stroke history.
 */
import type { Rng } from '../../core/rng.js';
import { clamp, gammaMean, roundTo } from '../math.js';
import {
  type GenotypeProfile,
  SCD_EVENT_WINDOW_YEARS,
  SCD_GENOTYPES,
  SCD_GOMPERTZ,
  SCD_HYDROXYUREA_PAIN_RATIO,
  SCD_TRUE_EFFECTS,
} from './targets.js';

/** Log hazard ratio of death for a genotype index and sex. */
export function scdLinearPredictor(genotype: number, female: boolean): number {
  const name = SCD_GENOTYPES[genotype];
  const g = name === 'HbSS' ? 0 : SCD_TRUE_EFFECTS[`genotype_${name}`];
  return g + (female ? SCD_TRUE_EFFECTS.female : 0);
}

/** Gompertz survival from birth to `age` for the given linear predictor. */
export function scdSurvivalFromBirth(age: number, lp: number): number {
  const { b, c } = SCD_GOMPERTZ;
  return Math.exp(-(b / c) * Math.exp(lp) * (Math.exp(c * age) - 1));
}

/** Years from `age` to death, by inversion of the Gompertz cumulative hazard. */
export function scdResidualLife(rng: Rng, age: number, lp: number): number {
  const { b, c } = SCD_GOMPERTZ;
  const e = rng.exponential();
  return Math.log(Math.exp(c * age) + (c * e) / (b * Math.exp(lp))) / c - age;
}

/**
 * Age at enrolment: a child (0.5–18 y, uniform) with the centre's paediatric share, otherwise an
 * adult 18 + Gamma(2, mean 14); adults are kept with probability S(age)/S(18), so that registries
 * hold fewer old SS patients than SC ones, as survival makes them.
 */
export function drawEnrolmentAge(rng: Rng, paediatricShare: number, lp: number): number {
  if (rng.uniform() < paediatricShare) return roundTo(0.5 + 17.5 * rng.uniform(), 1);
  const s18 = scdSurvivalFromBirth(18, lp);
  for (let tries = 0; tries < 200; tries++) {
    const age = 18 + gammaMean(rng, 2, 14);
    if (age <= 85 && rng.uniform() < scdSurvivalFromBirth(age, lp) / s18) return roundTo(age, 1);
  }
  return 18;
}

/** HbF %: lognormal by genotype, high in infancy (postnatal switch), raised by hydroxyurea. */
export function drawHbf(rng: Rng, p: GenotypeProfile, age: number, hydroxyurea: boolean): number {
  const infancy = 1 + 3 * Math.exp(-age / 1.5);
  const hu = hydroxyurea ? 1.5 : 1;
  return clamp(roundTo(p.hbf[0] * Math.exp(p.hbf[1] * rng.normal()) * infancy * hu, 1), 0.1, 40);
}

export interface ScdLabs {
  hb: number;
  retic: number;
  ldh: number;
}

/**
 * Hb, reticulocytes and LDH share a haemolysis score; HbF above the genotype's median makes
 * haemolysis milder (higher Hb, lower reticulocytes and LDH), hydroxyurea raises Hb a little.
 */
export function drawLabs(rng: Rng, p: GenotypeProfile, hbf: number, hydroxyurea: boolean): ScdLabs {
  const haemolysis = rng.normal();
  const fetal = Math.log(hbf / p.hbf[0]);
  const hb =
    p.hb[0] + p.hb[1] * (-0.5 * haemolysis + 0.87 * rng.normal()) + 0.4 * fetal + (hydroxyurea ? 0.4 : 0);
  const retic = p.retic * Math.exp(0.3 * (0.6 * haemolysis + 0.8 * rng.normal()) - 0.15 * fetal);
  const ldh = p.ldh * Math.exp(0.25 * (0.7 * haemolysis + 0.71 * rng.normal()) - 0.1 * fetal);
  return { hb: clamp(roundTo(hb, 1), 4, 16), retic: clamp(roundTo(retic, 1), 0.5, 40), ldh: Math.round(ldh) };
}

/** Negative binomial as a gamma–Poisson mixture with the given mean and shape. */
function negativeBinomial(rng: Rng, mean: number, shape: number): number {
  return rng.poisson(gammaMean(rng, shape, mean));
}

/**
 * Pain crises in the 3 years before enrolment: Platt's rate by genotype, −5 % per HbF point over
 * the genotype's median, ×0.56 on hydroxyurea (MSH), gamma frailty (shape 1.3) for the many
 * patients who have none.
 */
export function drawPainCrises(rng: Rng, p: GenotypeProfile, hbf: number, hydroxyurea: boolean): number {
  const rate =
    p.painRate * Math.exp(-0.05 * (hbf - p.hbf[0])) * (hydroxyurea ? SCD_HYDROXYUREA_PAIN_RATIO : 1);
  return negativeBinomial(rng, rate * SCD_EVENT_WINDOW_YEARS, 1.3);
}

/**
 * Acute chest syndrome in the same window: Castro's rate by genotype, scaled by age as in SS
 * (25.3 per 100 patient-years at 2–4 years, 8.8 in adults, against 12.8 overall), lower with HbF
 * and halved by hydroxyurea (MSH).
 */
export function drawAcs(
  rng: Rng,
  p: GenotypeProfile,
  age: number,
  hbf: number,
  hydroxyurea: boolean,
): number {
  const byAge = age < 2 ? 1 : age < 5 ? 25.3 / 12.8 : age < 10 ? 1.4 : age < 20 ? 1 : 8.8 / 12.8;
  const rate = p.acsRate * byAge * Math.exp(-0.04 * (hbf - p.hbf[0])) * (hydroxyurea ? 0.5 : 1);
  return negativeBinomial(rng, rate * SCD_EVENT_WINDOW_YEARS, 0.8);
}

/**
 * Age at a first stroke before enrolment, or NaN. SS hazard 0.58 per 100 patient-years to age 20
 * (11 % by 20) and 0.4 after (Ohene-Frempong 1998: incidence 0.61), scaled for the other genotypes.
 */
export function drawStrokeAge(rng: Rng, p: GenotypeProfile, age: number): number {
  const h = rng.exponential() / p.strokeRelative;
  const at = h < 0.0058 * 20 ? h / 0.0058 : 20 + (h - 0.0058 * 20) / 0.004;
  return at < age ? roundTo(Math.max(at, 0.5), 1) : Number.NaN;
}
