/**
 * The proportional-hazards model of overall survival: the "truth" a Cox fit on the simulated
 * cohort must recover. Reference patient: ELN favourable, 60 years old, ECOG 1, female, intensive
 * induction, TP53 wild type. Coefficients are log hazard ratios.
 *
 * Sources and reasoning for the sizes (see `docs/simulators.md`):
 *  - ELN: with PH, 3-y OS 69 % (favourable), 43 % (intermediate), 25 % (adverse) in AMLSG give
 *    log HRs ≈ 0.82 and ≈ 1.32 against favourable (log S_g / log S_fav); BeatAML intensive medians
 *    (not reached / 16.8 / 9.7 months, Lachowiez 2023) point the same way.
 *  - TP53 on top of adverse: TP53–aneuploidy median 9.5 months vs 13.4 for all adverse (AMLSG).
 *  - Age: AMLSG median OS 43.2 months under 60 vs 13.0 from 60 (part of which is genetics).
 *  - Lower-intensity treatment at equal age and risk: HR ≈ 1.5, our choice, in line with the
 *    VIALE-A medians (14.7 / 9.6 months) against intensive outcomes at similar risk.
 *  - ECOG and sex: modest effects, our choice (sex so that SYNTHEMA's OS-by-sex table shows a gap).
 * Allogeneic transplant, response and relapse carry no declared effect: they are drawn given the
 * survival time (see `course.ts`), so they are associated with survival as in real data.
 */
import { PiecewiseHazard } from '../math.js';

export const AML_TRUE_EFFECTS = {
  /** ELN 2022 intermediate vs favourable. */
  eln_intermediate: 0.85,
  /** ELN 2022 adverse vs favourable. */
  eln_adverse: 1.2,
  /** Mutated TP53, on top of its (adverse) ELN group. */
  tp53: 0.2,
  /** Per year of age at diagnosis. */
  age_per_year: 0.02,
  /** Lower-intensity (non-intensive) vs intensive induction. */
  non_intensive: 0.25,
  /** Per ECOG point. */
  ecog_per_point: 0.15,
  /** Male vs female. */
  male: 0.1,
} as const;

/** APL (t(15;17), no ELN 2022 group) vs ELN favourable: excellent outcome after ATRA/ATO. */
export const AML_APL_LOG_HR = -0.2;

const AML_REFERENCE = { age: 60, ecog: 1 } as const;

const DAYS_PER_YEAR = 365.25;
/**
 * Baseline hazard of the reference patient per year on [0, 2 mo), [2, 12 mo), [1, 2 y), [2, 3 y),
 * [3, 5 y), ≥ 5 y: front-loaded (induction deaths) and falling to a plateau (cure), calibrated so
 * that OS by ELN group and overall land in the published ranges (`aml.test.ts`).
 */
export const AML_BASELINE_HAZARD = new PiecewiseHazard(
  [0, 61, 365, 730, 1096, 1826],
  [0.3, 0.22, 0.12, 0.03, 0.03, 0.02].map((perYear) => perYear / DAYS_PER_YEAR),
);

export interface AmlRiskFactors {
  /** 0 favourable, 1 intermediate, 2 adverse, -1 APL. */
  eln: number;
  tp53: boolean;
  age: number;
  intensive: boolean;
  ecog: number;
  female: boolean;
}

export function amlLinearPredictor(x: AmlRiskFactors): number {
  const e = AML_TRUE_EFFECTS;
  const eln = x.eln === 1 ? e.eln_intermediate : x.eln === 2 ? e.eln_adverse : x.eln < 0 ? AML_APL_LOG_HR : 0;
  return (
    eln +
    (x.tp53 ? e.tp53 : 0) +
    e.age_per_year * (x.age - AML_REFERENCE.age) +
    (x.intensive ? 0 : e.non_intensive) +
    e.ecog_per_point * (x.ecog - AML_REFERENCE.ecog) +
    (x.female ? 0 : e.male)
  );
}
