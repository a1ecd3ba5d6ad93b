/**
 * Missing values not completely at random: the log-odds of a missing lab value or ECOG rises with
 * age (+0.3 per decade — older, frailer patients get fewer work-ups) and with each centre's own
 * habit (`missingOffset`). Intercepts are calibrated on the default age mixture so that the overall
 * rates equal AMLSG's (LDH 2.5 %, marrow blasts 7.8 %, blood blasts 8.5 %, ECOG 11 %).
 */
import { Rng } from '../../core/rng.js';
import { calibrateIntercept, sigmoid } from '../math.js';
import { AML_DEFAULT_INTENSIVE_SHARE, type AmlCentreProfile, drawAge } from './clinical.js';
import { AML_MISSING_TARGETS } from './targets.js';

const AML_MISSING_AGE_SLOPE_PER_DECADE = 0.3;

let cachedIntercepts: Map<string, number> | undefined;

function intercepts(): Map<string, number> {
  if (cachedIntercepts) return cachedIntercepts;
  const pilot = Rng.from('synthcohort/aml-missingness-calibration');
  const offsets = new Float64Array(50_000);
  for (let i = 0; i < offsets.length; i++) {
    const age = drawAge(pilot, pilot.bernoulli(AML_DEFAULT_INTENSIVE_SHARE));
    offsets[i] = (AML_MISSING_AGE_SLOPE_PER_DECADE * (age - 65)) / 10;
  }
  cachedIntercepts = new Map(
    Object.entries(AML_MISSING_TARGETS).map(([name, rate]) => [name, calibrateIntercept(offsets, rate)]),
  );
  return cachedIntercepts;
}

/** Sets values to NaN in place, column by column, each with its own random stream. */
export function applyMissingness(
  rng: Rng,
  columns: Record<keyof typeof AML_MISSING_TARGETS, Float64Array>,
  age: Float64Array,
  centre: Int32Array,
  profiles: readonly AmlCentreProfile[],
): void {
  for (const [name, intercept] of intercepts()) {
    const values = columns[name as keyof typeof AML_MISSING_TARGETS];
    const stream = rng.split(`missing:${name}`);
    for (let i = 0; i < values.length; i++) {
      const lp =
        intercept +
        (AML_MISSING_AGE_SLOPE_PER_DECADE * (age[i] - 65)) / 10 +
        profiles[centre[i]].missingOffset;
      if (stream.uniform() < sigmoid(lp)) values[i] = Number.NaN;
    }
  }
}
