/**
 * Outcomes of the AML cohort. A latent death time T is drawn from the proportional-hazards model of
 * `effects.ts`; the course of the disease (response, time to CR, relapse, transplant) is then
 * drawn given T, so that it agrees with survival: early deaths are deaths within 42 days, long
 * survivors almost always reached CR, most deaths after CR follow a relapse. All times are days
 * from diagnosis.
 *
 * Censoring: administrative (diagnosis uniform over the centre's accrual years, data cut one year
 * after the last diagnosis) and loss to follow-up (exponential, centre rate, only after day 180,
 * when induction and response assessment are over).
 */
import type { Rng } from '../../core/rng.js';
import { clamp, gammaMean, sigmoid } from '../math.js';
import type { AmlCentreProfile, AmlDemographics } from './clinical.js';
import { AML_BASELINE_HAZARD, amlLinearPredictor } from './effects.js';

export const AML_RESPONSES = ['CR', 'PR', 'resistant', 'early_death'] as const;
const CR = 0;
const PR = 1;
const RESISTANT = 2;
const EARLY_DEATH = 3;
/** Induction death: within six weeks of diagnosis. */
const AML_EARLY_DEATH_DAYS = 42;

export interface AmlOutcomes {
  response: Int32Array;
  crDays: Float64Array;
  relapse: Uint8Array;
  relapseDays: Float64Array;
  hsct: Uint8Array;
  osDays: Float64Array;
  osStatus: Uint8Array;
  rfsDays: Float64Array;
  rfsStatus: Int32Array;
}

interface Patient {
  age: number;
  eln: number;
  intensive: boolean;
  profile: AmlCentreProfile;
}

export function simulateOutcomes(
  rng: Rng,
  demographics: AmlDemographics,
  eln: Int32Array,
  tp53: Uint8Array,
  centre: Int32Array,
  profiles: readonly AmlCentreProfile[],
): AmlOutcomes {
  const n = eln.length;
  const out: AmlOutcomes = {
    response: new Int32Array(n),
    crDays: new Float64Array(n).fill(Number.NaN),
    relapse: new Uint8Array(n),
    relapseDays: new Float64Array(n).fill(Number.NaN),
    hsct: new Uint8Array(n),
    osDays: new Float64Array(n),
    osStatus: new Uint8Array(n),
    rfsDays: new Float64Array(n).fill(Number.NaN),
    rfsStatus: new Int32Array(n).fill(-1),
  };
  const streams = {
    death: rng.split('death'),
    censor: rng.split('censoring'),
    response: rng.split('response'),
    relapse: rng.split('relapse'),
    hsct: rng.split('hsct'),
  };
  for (let i = 0; i < n; i++) {
    const { age, ecog, female, intensive } = demographics;
    const x = { age: age[i], eln: eln[i], intensive: intensive[i] === 1, profile: profiles[centre[i]] };
    const lp = amlLinearPredictor({ ...x, tp53: tp53[i] === 1, ecog: ecog[i], female: female[i] === 1 });
    const death = Math.max(1, AML_BASELINE_HAZARD.sample(streams.death, lp));
    const censor = censoringTime(streams.censor, x.profile);
    out.osDays[i] = Math.max(1, Math.round(Math.min(death, censor)));
    out.osStatus[i] = death <= censor ? 1 : 0;
    const crDay = drawResponse(streams.response, x, death, out, i);
    if (out.response[i] === CR) drawRelapse(streams.relapse, crDay, death, censor, out, i);
    drawTransplant(streams.hsct, x, crDay, death, censor, out, i);
  }
  return out;
}

function censoringTime(rng: Rng, profile: AmlCentreProfile): number {
  const administrative = 365 * (1 + profile.accrualYears * rng.uniform());
  const lost = 180 + (365 * rng.exponential()) / profile.lossRate;
  return Math.min(administrative, lost);
}

/**
 * CR given T: logit P(CR) = treatment + ELN group − 0.02/year over 60 + 1.2·log(min(T, 5 y)/1 y).
 * Intercepts give ≈ 70 % CR after intensive induction (AMLSG era) and ≈ 45 % after lower intensity
 * (between azacitidine's 28 % and venetoclax–azacitidine's 66 % CR/CRi, VIALE-A).
 * Returns the day of CR, or NaN.
 */
function drawResponse(rng: Rng, x: Patient, death: number, out: AmlOutcomes, i: number): number {
  if (death <= AML_EARLY_DEATH_DAYS) {
    out.response[i] = EARLY_DEATH;
    return Number.NaN;
  }
  const risk = x.eln === 0 ? 1.0 : x.eln === 2 ? -0.7 : x.eln < 0 ? 1.5 : 0;
  const survival = 1.2 * Math.log(Math.min(death, 1826) / 365);
  const p = sigmoid((x.intensive ? 0.6 : 0.2) + risk - 0.02 * (x.age - 60) + survival);
  const crDay = Math.round(x.intensive ? 25 + gammaMean(rng, 3, 15) : 30 + gammaMean(rng, 2, 50));
  if (rng.uniform() < p && crDay < Math.min(death - 7, 170)) {
    out.response[i] = CR;
    out.crDays[i] = crDay;
    return crDay;
  }
  out.response[i] = rng.uniform() < (x.intensive ? 0.25 : 0.35) ? PR : RESISTANT;
  return Number.NaN;
}

/**
 * Relapse after CR, given T: 80 % of deaths more than two months after CR follow a relapse
 * (median ≈ 4 months earlier); 10 % of deaths soon after CR do (the rest die in remission); 12 %
 * of five-year survivors relapse and are salvaged. RFS runs from diagnosis to relapse or death.
 */
function drawRelapse(rng: Rng, crDay: number, death: number, censor: number, out: AmlOutcomes, i: number) {
  const inRemission = death - crDay;
  let relapse = Number.NaN;
  if (death <= 1826) {
    const p = inRemission < 60 ? 0.1 : 0.8;
    if (rng.uniform() < p) {
      const gap = clamp(gammaMean(rng, 2, 120), 1, Math.max(1, inRemission - 30));
      relapse = Math.max(crDay + 14, death - gap);
    }
  } else if (rng.uniform() < 0.12) {
    relapse = Math.min(crDay + 90 + gammaMean(rng, 2, 450), death - 1);
  }
  const seen = relapse < death && relapse <= censor;
  out.relapse[i] = seen ? 1 : 0;
  if (seen) out.relapseDays[i] = Math.min(Math.round(relapse), out.osDays[i]);
  out.rfsDays[i] = seen ? out.relapseDays[i] : out.osDays[i];
  out.rfsStatus[i] = seen ? 1 : out.osStatus[i];
}

/**
 * Allogeneic HSCT after intensive induction, up to age 72, for patients alive (and followed) at the
 * transplant date: in CR1 after 2–5 months, or as salvage. Log-odds: −1.8 for ELN favourable (no
 * transplant in CR1), +0.3 adverse, −0.6 without CR, −0.05/year over 55, plus the centre's habit;
 * overall ≈ 40 % of intensively treated patients (47 % in AMLSG trials; population cohorts less).
 */
function drawTransplant(
  rng: Rng,
  x: Patient,
  crDay: number,
  death: number,
  censor: number,
  out: AmlOutcomes,
  i: number,
) {
  if (!x.intensive || x.age > 72 || out.response[i] === EARLY_DEATH) return;
  const inCr = out.response[i] === CR;
  const day = inCr ? crDay + 60 + 90 * rng.uniform() : 90 + 90 * rng.uniform();
  const risk = x.eln === 0 ? -1.8 : x.eln === 2 ? 0.3 : x.eln < 0 ? -3 : 0;
  const lp = 1.0 + risk + (inCr ? 0 : -0.6) - 0.05 * Math.max(0, x.age - 55) + x.profile.transplantOffset;
  if (day < death && day < censor && rng.uniform() < sigmoid(lp)) out.hsct[i] = 1;
}
