/**
 * `simulateScd`: a multi-centre sickle cell disease cohort (SYNTHEMA-like: children and adults of
 * every genotype) built from the figures in `domain/scd.md`. Follow-up survival runs from
 * enrolment (left-truncated at the age of enrolment); analyse it on the age scale with entry at
 * `age` to recover Platt's median ages at death.
 */
import { Rng } from '../../core/rng.js';
import { serialIds } from '../../data/serial-ids.js';
import { type Column, codeColumn, numberColumn, Table } from '../../data/table.js';
import {
  assignCentres,
  booleanColumn,
  centreNames,
  checkOptions,
  type SimulatedCohort,
  type SimulateOptions,
  sexColumn,
} from '../columns.js';
import { calibrateIntercept, logit, sigmoid } from '../math.js';
import {
  drawAcs,
  drawEnrolmentAge,
  drawHbf,
  drawLabs,
  drawPainCrises,
  drawStrokeAge,
  scdLinearPredictor,
  scdResidualLife,
} from './clinical.js';
import { scdSchema } from './schema.js';
import { SCD_GENOTYPES, SCD_MISSING_TARGETS, SCD_PROFILES } from './targets.js';

interface ScdCentre {
  paediatricShare: number;
  hydroxyureaOffset: number;
  missingOffset: number;
  followUpYears: number;
}

function scdCentres(rng: Rng, k: number): ScdCentre[] {
  if (k === 1) return [{ paediatricShare: 0.4, hydroxyureaOffset: 0, missingOffset: 0, followUpYears: 6 }];
  return Array.from({ length: k }, () => ({
    // Paediatric, adult and mixed centres.
    paediatricShare: sigmoid(logit(0.4) + rng.normal(0, 1.2)),
    hydroxyureaOffset: rng.normal(0, 0.4),
    missingOffset: rng.normal(0, 0.4),
    followUpYears: 3 + 7 * rng.uniform(),
  }));
}

const SHARES = SCD_GENOTYPES.map((g) => SCD_PROFILES[g].share);

export function simulateScd(options: SimulateOptions): SimulatedCohort {
  const { patients: n, centres: k, seed } = checkOptions(options);
  const rng = Rng.from(seed);
  const { centre } = assignCentres(rng.split('centre'), n, k);
  const sites = scdCentres(rng.split('centre-profiles'), k);
  const s = {
    genotype: rng.split('genotype'),
    sex: rng.split('sex'),
    age: rng.split('age'),
    hu: rng.split('hydroxyurea'),
    hbf: rng.split('hbf'),
    labs: rng.split('labs'),
    pain: rng.split('pain'),
    acs: rng.split('acs'),
    stroke: rng.split('stroke'),
    transfusion: rng.split('transfusion'),
    death: rng.split('death'),
    censor: rng.split('censoring'),
  };
  const c = {
    genotype: new Int32Array(n),
    female: new Int32Array(n),
    age: new Float64Array(n),
    hbf: new Float64Array(n),
    hb: new Float64Array(n),
    retic: new Float64Array(n),
    ldh: new Float64Array(n),
    hu: new Uint8Array(n),
    pain: new Float64Array(n),
    acs: new Float64Array(n),
    stroke: new Uint8Array(n),
    strokeAge: new Float64Array(n),
    transfusion: new Uint8Array(n),
    fuDays: new Float64Array(n),
    death: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const site = sites[centre[i]];
    const g = s.genotype.categorical(SHARES);
    const p = SCD_PROFILES[SCD_GENOTYPES[g]];
    const female = s.sex.bernoulli(0.5);
    const lp = scdLinearPredictor(g, female);
    const age = drawEnrolmentAge(s.age, site.paediatricShare, lp);
    // Hydroxyurea from 9 months of age (NIH 2014), by genotype and the centre's habit.
    const hu = age >= 0.75 && s.hu.bernoulli(sigmoid(logit(p.hydroxyurea) + site.hydroxyureaOffset));
    const hbf = drawHbf(s.hbf, p, age, hu);
    const labs = drawLabs(s.labs, p, hbf, hu);
    const strokeAge = drawStrokeAge(s.stroke, p, age);
    const stroke = !Number.isNaN(strokeAge);
    // Chronic transfusion: standard after a stroke (secondary prevention), otherwise uncommon.
    const transfusion = s.transfusion.bernoulli(stroke ? 0.85 : p.strokeRelative === 1 ? 0.06 : 0.02);
    const life = scdResidualLife(s.death, age, lp) * 365.25;
    const censor =
      365.25 *
      Math.min(site.followUpYears * (0.2 + 0.8 * s.censor.uniform()), 0.5 + s.censor.exponential() / 0.05);
    c.genotype[i] = g;
    c.female[i] = female ? 1 : 0;
    c.age[i] = age;
    c.hbf[i] = hbf;
    c.hb[i] = labs.hb;
    c.retic[i] = labs.retic;
    c.ldh[i] = labs.ldh;
    c.hu[i] = hu ? 1 : 0;
    c.pain[i] = drawPainCrises(s.pain, p, hbf, hu);
    c.acs[i] = drawAcs(s.acs, p, age, hbf, hu);
    c.stroke[i] = stroke ? 1 : 0;
    c.strokeAge[i] = strokeAge;
    c.transfusion[i] = transfusion ? 1 : 0;
    c.fuDays[i] = Math.max(1, Math.round(Math.min(life, censor)));
    c.death[i] = life <= censor ? 1 : 0;
  }
  applyScdMissingness(rng.split('missingness'), c, centre, sites);

  const columns: Array<readonly [string, Column]> = [
    ['patient_id', serialIds('SCD', n)],
    ['centre', codeColumn(centre, centreNames(k))],
    ['age', numberColumn(c.age)],
    ['sex', sexColumn(c.female)],
    ['genotype', codeColumn(c.genotype, SCD_GENOTYPES)],
    ['hbf', numberColumn(c.hbf)],
    ['hb', numberColumn(c.hb)],
    ['retic', numberColumn(c.retic)],
    ['ldh', numberColumn(c.ldh)],
    ['hydroxyurea', booleanColumn(c.hu)],
    ['pain_crises_3y', numberColumn(c.pain)],
    ['acs_3y', numberColumn(c.acs)],
    ['stroke', booleanColumn(c.stroke)],
    ['stroke_age', numberColumn(c.strokeAge)],
    ['chronic_transfusion', booleanColumn(c.transfusion)],
    ['fu_days', numberColumn(c.fuDays)],
    ['death', booleanColumn(c.death)],
  ];
  return { table: new Table(columns), schema: scdSchema() };
}

/**
 * HbF, reticulocytes and LDH are missing more often in adults (+0.3 log-odds per decade over 18:
 * adult clinics measure HbF less often) and at some centres; intercepts are solved on the cohort's
 * own ages so that the overall rates equal `SCD_MISSING_TARGETS`.
 */
function applyScdMissingness(
  rng: Rng,
  c: { age: Float64Array; hbf: Float64Array; retic: Float64Array; ldh: Float64Array },
  centre: Int32Array,
  sites: readonly ScdCentre[],
): void {
  const offsets = Float64Array.from(
    c.age,
    (age, i) => (0.3 * Math.max(0, age - 18)) / 10 + sites[centre[i]].missingOffset,
  );
  for (const [name, rate] of Object.entries(SCD_MISSING_TARGETS)) {
    const values = c[name as keyof typeof SCD_MISSING_TARGETS];
    const intercept = calibrateIntercept(offsets, rate);
    const stream = rng.split(`missing:${name}`);
    for (let i = 0; i < values.length; i++)
      if (stream.uniform() < sigmoid(intercept + offsets[i])) values[i] = Number.NaN;
  }
}
