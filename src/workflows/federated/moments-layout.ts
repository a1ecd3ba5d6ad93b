/**
 * Round 2 of the federated copula as one ring vector: the row count and the co-observed counts,
 * packed two to a ring element as in round 1 (`packCounts`), then the cross sums Σ s_a s_b as
 * fixed point, one to an element. The features and the transforms are public (the hub sent the
 * transforms), so the layout is fixed: for f features and T = f(f+1)/2, ⌈(1 + T)/2⌉ + T elements.
 *
 * The fixed-point scale comes from a bound every site can check without seeing another's data.
 * Every score is bounded by B (below), so a site's entry |Σ_rows s_a s_b| ≤ rows · B² ≤ N · B²,
 * where N = the transforms' row count (the rows of all sites of round 1, public after it). With n
 * sites the sum stays below n · N · B²; the scale 2^f is the largest that keeps
 * n · round(N · B² · 2^f) ≤ 2^53 − 1 with a factor 2 to spare, so the sum neither wraps in
 * Z_2^64 nor loses an integer in a double (`encoding.ts`). The rounding error of the decoded sum is
 * at most n · 2^−(f+1) per entry.
 */

import { DataError } from '../../core/errors.js';
import {
  decodeFixedPoint,
  encodeFixedPoint,
  type FixedPointCodec,
  type RingVector,
} from '../../federation/secagg/index.js';
import type { CopulaMoments, CopulaTransforms } from '../../generators/copula/index.js';
import { normalPdf, normalQuantile } from '../../generators/copula/normal.js';
import { packCounts, packedCountLimit, unpackCounts } from './marginals-layout.js';

/** Most fraction bits worth having: sums of thousands of products need no finer resolution. */
const MAX_FRACTION_BITS = 40;

export interface MomentsLayout {
  readonly features: readonly string[];
  /** Entries per triangle: f(f+1)/2. */
  readonly triangle: number;
  /** Ring entries every site sends: ⌈(1 + triangle)/2⌉ packed counts, then the cross sums. */
  readonly length: number;
  /** The largest count a site may send: the rows of round 1, all sites together. */
  readonly maxCount: number;
  readonly cross: FixedPointCodec;
}

/**
 * The largest |score| under transforms over N rows. A continuous score is Φ⁻¹(u) with u clipped to
 * [ε, 1 − ε], ε = 0.5 / observed rows ≥ 0.5 / N (`codec.ts`). An atom's score is the mean of the
 * normal over its interval, of mass ≥ 1/N (it holds a row), at most the mean of the tail of mass
 * 1/N: N · φ(Φ⁻¹(1/N)). Indicators are 0 or 1. A 1 % margin covers the quantile's approximation.
 */
export function scoreBound(rows: number): number {
  const clip = -normalQuantile(0.5 / rows);
  const tail = rows * normalPdf(normalQuantile(1 / rows));
  return Math.max(1, clip, tail) * 1.01;
}

/** Ring elements of the packed rows and counts. */
function packedLength(triangle: number): number {
  return Math.ceil((1 + triangle) / 2);
}

/** The public layout of round 2 for `sites` contributors under `transforms`. */
export function momentsLayout(
  transforms: CopulaTransforms,
  features: readonly string[],
  sites: number,
): MomentsLayout {
  const rows = transforms.rows;
  const triangle = (features.length * (features.length + 1)) / 2;
  const bound = rows * scoreBound(rows) ** 2;
  const room = Number.MAX_SAFE_INTEGER / (2 * sites * bound);
  const fractionBits = Math.max(0, Math.min(MAX_FRACTION_BITS, Math.floor(Math.log2(room))));
  if (room < 1 || rows > packedCountLimit(sites))
    throw new DataError({}, `${sites} sites × ${rows} rows are too many for round 2's encodings`);
  return {
    features,
    triangle,
    length: packedLength(triangle) + triangle,
    maxCount: rows,
    cross: { bound, contributors: sites, fractionBits },
  };
}

/** A site's round-2 measurement as a ring vector: rows, counts, then the cross sums. */
export function encodeMoments(moments: CopulaMoments, layout: MomentsLayout): RingVector {
  if (moments.features.join('\u0000') !== layout.features.join('\u0000'))
    throw new DataError({}, "the site's moment features are not those the job lays out");
  const counts = packCounts(Float64Array.from([moments.rows, ...moments.count]), layout.maxCount);
  const reals = encodeFixedPoint(moments.cross, layout.cross);
  const vector = new Uint32Array(2 * layout.length);
  vector.set(counts, 0);
  vector.set(reals, counts.length);
  return vector;
}

/** The merged round-2 measurement from the ring sum (what `addMoments` gives, to the scale's resolution). */
export function decodeMoments(sum: RingVector, layout: MomentsLayout, transformsHash: string): CopulaMoments {
  const split = 2 * packedLength(layout.triangle);
  const integers = unpackCounts(sum.subarray(0, split), 1 + layout.triangle);
  const cross = decodeFixedPoint(sum.subarray(split), layout.cross);
  return {
    format: 'copula-moments',
    version: 1,
    transforms: transformsHash,
    features: [...layout.features],
    rows: integers[0],
    cross: Array.from(cross),
    count: Array.from(integers.subarray(1)),
  };
}
