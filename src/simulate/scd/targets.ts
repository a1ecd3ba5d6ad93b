/**
 * Published figures the SCD simulator reproduces (`domain/scd.md`), one entry per genotype in the
 * order of `SCD_GENOTYPES`. Figures marked "assumption" are ours where the sources give none.
 */

export const SCD_GENOTYPES = ['HbSS', 'HbSC', 'HbSb+', 'HbSb0'] as const;
export type ScdGenotype = (typeof SCD_GENOTYPES)[number];

export interface GenotypeProfile {
  /** Share of patients (NIH Expert Panel Report 2014, US). */
  share: number;
  /** Haemoglobin g/dL, mean and SD, so that ≈90 % fall in the NIH range. */
  hb: readonly [number, number];
  /** HbF %: median and log-SD, so that the NIH range is ≈ the 5th–95th percentile. */
  hbf: readonly [number, number];
  /** Reticulocytes %: median (SS 8–15, SC 3–5; Sβ⁺ like SC and Sβ⁰ near SS are assumptions). */
  retic: number;
  /** LDH U/L: median (SS 400–600; the others are assumptions, lower with milder haemolysis). */
  ldh: number;
  /** Vaso-occlusive pain episodes per patient-year (Platt, NEJM 1991). */
  painRate: number;
  /** Acute chest syndrome per patient-year, all ages (Castro, Blood 1994). */
  acsRate: number;
  /** Stroke incidence relative to SS (Ohene-Frempong, Blood 1998: SC, Sβ⁺, Sβ⁰ much lower). */
  strokeRelative: number;
  /** Share on hydroxyurea (assumption: the severe genotypes get it far more often). */
  hydroxyurea: number;
}

export const SCD_PROFILES: Record<ScdGenotype, GenotypeProfile> = {
  HbSS: {
    share: 0.65,
    hb: [7.5, 0.9],
    hbf: [5, 0.5],
    retic: 11,
    ldh: 500,
    painRate: 0.8,
    acsRate: 0.128,
    strokeRelative: 1,
    hydroxyurea: 0.5,
  },
  HbSC: {
    share: 0.25,
    hb: [11.5, 1.5],
    hbf: [2, 0.75],
    retic: 4,
    ldh: 300,
    painRate: 0.4,
    acsRate: 0.052,
    strokeRelative: 0.25,
    hydroxyurea: 0.12,
  },
  'HbSb+': {
    share: 0.08,
    hb: [10.5, 0.9],
    hbf: [4.5, 0.5],
    retic: 4,
    ldh: 280,
    painRate: 0.4,
    acsRate: 0.039,
    strokeRelative: 0.15,
    hydroxyurea: 0.12,
  },
  HbSb0: {
    share: 0.02,
    hb: [8, 0.6],
    hbf: [5, 0.5],
    retic: 9,
    ldh: 450,
    painRate: 1.0,
    acsRate: 0.094,
    strokeRelative: 0.15,
    hydroxyurea: 0.5,
  },
};

/**
 * Survival: Gompertz hazard b·exp(c·age)·exp(lp), c = 0.05 per year, with b and the log hazard
 * ratios solved from the median ages at death of Platt (NEJM 1994): SS men 42, women 48; SC men 60,
 * women 68. One female effect (the mean of SS's and SC's) keeps proportional hazards; it gives
 * medians 42 / 48.7 (SS) and 60 / 67.2 (SC). Sβ⁰ is taken as SS and Sβ⁺ as SC (assumptions: no
 * medians in the source).
 */
export const SCD_GOMPERTZ = { b: 0.004836, c: 0.05 } as const;

export const SCD_TRUE_EFFECTS = {
  /** Female vs male. */
  female: -0.376,
  /** vs HbSS. */
  genotype_HbSC: -0.98,
  'genotype_HbSb+': -0.98,
  genotype_HbSb0: 0,
} as const;

/** Hydroxyurea's effect on pain crises: MSH trial median 2.5 vs 4.5 per year (ratio 0.56). */
export const SCD_HYDROXYUREA_PAIN_RATIO = 2.5 / 4.5;

/** Missing at enrolment (assumption: routine registry completeness). */
export const SCD_MISSING_TARGETS = { hbf: 0.08, retic: 0.1, ldh: 0.15 } as const;

/** The window over which crises and ACS episodes are counted: the 3 years before enrolment:
 * long enough that ≈39 % of patients have no crisis, as in Platt 1991's multi-year follow-up. */
export const SCD_EVENT_WINDOW_YEARS = 3;
