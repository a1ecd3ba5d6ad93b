/**
 * The attack statistic of the audit: from one release (the measurements a private generator's
 * `measure` returns — everything after them is post-processing), how strongly does it say the
 * canary was in the table? The auditor knows D exactly (the strongest adversary of Nasr et al.
 * 2021), so for every released marginal it knows the canary cell's count without the canary, c, and
 * with it, c + 1. Each noisy answer y in that cell is c + Z or c + 1 + Z with Z of variance σ², so
 * the log-likelihood ratio of the Gaussian approximation, summed over independent measurements, is
 * an increasing function of
 *
 *   S = Σ_m (y_m − c_m) / σ_m²,
 *
 * the Neyman–Pearson optimal test between the two. Under D its mean is 0, under D′ it is Σ 1/σ_m²,
 * and its standard deviation is √(Σ 1/σ_m²) under both: the signal-to-noise ratio √(2ρ_measured)
 * depends only on the ρ spent on measurements, not on how many columns there are.
 */

import type { AimMeasurements } from '../src/generators/aim/options.js';
import type { EncodedTable } from '../src/generators/measure/encode.js';
import type { Measurement, Measurements } from '../src/generators/measure/measurements.js';
import { compressCodes, compression } from '../src/generators/mst/compress.js';
import type { MstMeasurements } from '../src/generators/mst/options.js';

/** The canary's cell of one marginal, and D's count in it. */
function cellAndCount(m: Measurement, encoded: EncodedTable, states: ArrayLike<number>): [number, number] {
  const { attributes } = encoded.domain;
  const columns = m.query.map((name) => {
    const at = attributes.findIndex((a) => a.name === name);
    if (at < 0) throw new RangeError(`'${name}' is not an attribute of the audited domain`);
    return at;
  });
  let cell = 0;
  for (const j of columns) cell = cell * attributes[j].size + states[j];
  let count = 0;
  for (let row = 0; row < encoded.nRows; row++)
    if (columns.every((j) => encoded.codes[j][row] === states[j])) count++;
  return [cell, count];
}

/** S over a set of measurements on one domain; D and the canary are encoded on that domain. */
export function membershipScore(
  measured: Measurements,
  encoded: EncodedTable,
  states: ArrayLike<number>,
): number {
  if (measured.domain.hash !== encoded.domain.hash)
    throw new RangeError('the measurements were taken on another domain than the audited table');
  let score = 0;
  for (const m of measured.measurements) {
    if (m.noise.sigma === 0) throw new RangeError('a measurement without noise: nothing to audit');
    const [cell, count] = cellAndCount(m, encoded, states);
    score += (m.answer[cell] - count) / m.noise.sigma ** 2;
  }
  return score;
}

/**
 * S for an MST release: its 1-way marginals on the full domain, its tree's edges on the compressed
 * domain the 1-way answers imply (the attacker recomputes the compression, as the estimator does,
 * and maps D and the canary onto it).
 */
export function mstScore(release: MstMeasurements, encoded: EncodedTable, states: Int32Array): number {
  const c = compression(encoded.domain, release.oneWay);
  const compressedStates = Int32Array.from(states, (s, j) => c.toCompressed[j][s]);
  return (
    membershipScore(release.oneWay, encoded, states) +
    membershipScore(release.edges, compressCodes(encoded, c), compressedStates)
  );
}

/** S for an AIM release: every marginal it measured, all on the full domain. */
export function aimScore(release: AimMeasurements, encoded: EncodedTable, states: Int32Array): number {
  return membershipScore(release.measured, encoded, states);
}
