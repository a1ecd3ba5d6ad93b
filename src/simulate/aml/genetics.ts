/**
 * Draws the karyotype and mutation flags of every patient from the sequential model of
 * `genetics-model.ts`. Intercepts are calibrated once, on a fixed pilot cohort of 100,000 ages drawn
 * from the default age mixture: for each node in order, Newton's method finds the intercept that
 * makes the mean predicted probability equal the target, then the pilot's flags are drawn and the
 * next node is calibrated on them. The model is thus a fixed generative model (rows are i.i.d. given
 * centre), and the marginals equal the targets up to pilot error (≈0.1 percentage point).
 */
import { Rng } from '../../core/rng.js';
import { calibrateIntercept, sigmoid } from '../math.js';
import { AML_DEFAULT_INTENSIVE_SHARE, drawAge } from './clinical.js';
import { AML_GENETIC_NODES, cebpaBiallelicGivenAny, type GeneticNode } from './genetics-model.js';
import { AML_KARYOTYPE_TARGETS, AML_PRIMARY_TARGETS } from './targets.js';

export type Flags = Map<string, Uint8Array>;

interface Calibration {
  intercepts: Map<string, number>;
  /** P(an abnormality outside the listed flags | none of them): makes `cyto_normal` hit its target. */
  otherAbnormal: number;
}

const PRIMARY_NAMES = Object.keys(AML_PRIMARY_TARGETS);
const PRIMARY_P = Object.values(AML_PRIMARY_TARGETS);
const AGE_CENTRE = 60;
const PILOT_SIZE = 100_000;

let cached: Calibration | undefined;

/** Flags of every patient: cytogenetics (`cyto_*`) and genes, 1 = present. */
export function simulateGenetics(rng: Rng, age: Float64Array): Flags {
  const calibration = calibrate();
  return drawFlags(rng, age, calibration);
}

function calibrate(): Calibration {
  if (cached) return cached;
  const pilot = Rng.from('synthcohort/aml-genetics-calibration');
  const ages = new Float64Array(PILOT_SIZE);
  for (let i = 0; i < PILOT_SIZE; i++) ages[i] = drawAge(pilot, pilot.bernoulli(AML_DEFAULT_INTENSIVE_SHARE));
  const calibration: Calibration = { intercepts: new Map(), otherAbnormal: Number.NaN };
  drawFlags(pilot, ages, calibration);
  cached = calibration;
  return calibration;
}

/** Draws all flags; fills in any intercept (and `otherAbnormal`) the calibration lacks. */
function drawFlags(rng: Rng, age: Float64Array, calibration: Calibration): Flags {
  const flags: Flags = new Map();
  drawPrimary(rng.split('primary'), age.length, flags);
  for (const node of AML_GENETIC_NODES) {
    const stream = rng.split(`flag:${node.name}`);
    if (node.name === 'cebpa_bi') flags.set(node.name, drawGiven(stream, flags.get('cebpa')!));
    else flags.set(node.name, drawNode(stream, node, age, flags, calibration));
  }
  flags.set('cyto_normal', drawNormalKaryotype(rng.split('flag:cyto_normal'), flags, calibration));
  flags.delete('any_primary');
  return flags;
}

function drawPrimary(rng: Rng, n: number, flags: Flags): void {
  const arrays = PRIMARY_NAMES.map(() => new Uint8Array(n));
  const any = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let u = rng.uniform();
    for (let k = 0; k < PRIMARY_P.length; k++) {
      u -= PRIMARY_P[k];
      if (u < 0) {
        arrays[k][i] = 1;
        any[i] = 1;
        break;
      }
    }
  }
  for (const [k, name] of PRIMARY_NAMES.entries()) flags.set(name, arrays[k]);
  flags.set('any_primary', any);
}

function drawNode(rng: Rng, node: GeneticNode, age: Float64Array, flags: Flags, calibration: Calibration) {
  const n = age.length;
  const offsets = new Float64Array(n);
  const slope = node.age ?? 0;
  if (slope !== 0) for (let i = 0; i < n; i++) offsets[i] = slope * (age[i] - AGE_CENTRE);
  for (const [parent, coefficient] of Object.entries(node.parents ?? {})) {
    const values = flags.get(parent);
    if (!values) throw new Error(`genetic node ${node.name}: parent ${parent} is not drawn before it`);
    for (let i = 0; i < n; i++) if (values[i]) offsets[i] += coefficient;
  }
  let intercept = calibration.intercepts.get(node.name);
  if (intercept === undefined) {
    intercept = calibrateIntercept(offsets, node.target);
    calibration.intercepts.set(node.name, intercept);
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.uniform() < sigmoid(intercept + offsets[i]) ? 1 : 0;
  return out;
}

function drawGiven(rng: Rng, given: Uint8Array): Uint8Array {
  const out = new Uint8Array(given.length);
  for (let i = 0; i < given.length; i++) out[i] = given[i] && rng.uniform() < cebpaBiallelicGivenAny ? 1 : 0;
  return out;
}

const LISTED_KARYOTYPE = [
  ...PRIMARY_NAMES,
  ...Object.keys(AML_KARYOTYPE_TARGETS).filter((name) => name !== 'cyto_normal'),
];

/** Normal karyotype: none of the listed abnormalities and no other one; excludes all the others. */
function drawNormalKaryotype(rng: Rng, flags: Flags, calibration: Calibration): Uint8Array {
  const listed = LISTED_KARYOTYPE.map((name) => flags.get(name)!);
  const n = listed[0].length;
  const none = new Uint8Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    let any = 0;
    for (const values of listed) any |= values[i];
    none[i] = any ? 0 : 1;
    count += none[i];
  }
  if (Number.isNaN(calibration.otherAbnormal))
    calibration.otherAbnormal = Math.max(0, 1 - AML_KARYOTYPE_TARGETS.cyto_normal / (count / n));
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = none[i] && rng.uniform() >= calibration.otherAbnormal ? 1 : 0;
  return out;
}
