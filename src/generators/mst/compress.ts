/**
 * MST's domain compression (McKenna, Miklau & Sheldon 2021, §4; private-pgm `compress_domain`):
 * the states of an attribute whose noisy 1-way count is below 3σ are merged into one state, so
 * that the 2-way marginals measured next spend no noise on cells that are almost surely empty.
 * It reads the noisy measurements only (post-processing), so it costs no budget, and every party
 * holding the measurements derives the same compressed domain.
 */
import { createHash } from 'node:crypto';
import type { Rng } from '../../core/rng.js';
import type { Domain } from '../measure/domain.js';
import type { EncodedTable } from '../measure/encode.js';
import type { Measurement, Measurements } from '../measure/measurements.js';

/** A state is kept when its noisy count reaches this many per-cell σ (the paper's choice). */
export const SUPPORT_THRESHOLD_SIGMAS = 3;

export interface Compression {
  readonly full: Domain;
  /** The compressed domain: each attribute's kept states in order, then one merged state if any. */
  readonly domain: Domain;
  /** Per attribute: original state → compressed state. */
  readonly toCompressed: readonly Int32Array[];
  /** Per attribute: the original states merged into its last compressed state (empty: none merged). */
  readonly merged: readonly Int32Array[];
}

export function compression(full: Domain, oneWay: Measurements): Compression {
  const toCompressed: Int32Array[] = [];
  const merged: Int32Array[] = [];
  const attributes = full.attributes.map((attribute) => {
    const m = oneWayOf(oneWay, attribute.name);
    const threshold = SUPPORT_THRESHOLD_SIGMAS * m.noise.sigma;
    const kept = m.answer.flatMap((y, state) => (y >= threshold ? [state] : []));
    const rest = m.answer.flatMap((y, state) => (y >= threshold ? [] : [state]));
    const map = new Int32Array(attribute.size).fill(kept.length);
    kept.forEach((state, k) => {
      map[state] = k;
    });
    toCompressed.push(map);
    merged.push(Int32Array.from(rest));
    const size = kept.length + (rest.length > 0 ? 1 : 0);
    // The compressed attribute is categorical over state numbers: only its name and size matter to
    // measuring and estimating; decoding goes back through the full domain.
    const levels = [...kept.map(String), ...(rest.length > 0 ? [`merged:${rest.join('+')}`] : [])];
    return {
      type: 'categorical' as const,
      kind: 'categorical' as const,
      name: attribute.name,
      levels,
      missing: false,
      size,
    };
  });
  const hash = `sha256:${createHash('sha256')
    .update(full.hash)
    .update(JSON.stringify(merged.map((m) => Array.from(m))))
    .digest('hex')}`;
  return { full, domain: { attributes, hash }, toCompressed, merged };
}

function oneWayOf(oneWay: Measurements, name: string): Measurement {
  const m = oneWay.measurements.find((x) => x.query.length === 1 && x.query[0] === name);
  if (!m) throw new RangeError(`no 1-way measurement of '${name}'`);
  return m;
}

/** The data's codes on the compressed domain (where the data live: round 2 of measuring). */
export function compressCodes(encoded: EncodedTable, c: Compression): EncodedTable {
  return {
    domain: c.domain,
    nRows: encoded.nRows,
    codes: encoded.codes.map((codes, j) => codes.map((state) => c.toCompressed[j][state])),
  };
}

/**
 * The 1-way measurements re-expressed on the compressed domain: kept cells as measured, the merged
 * cell the sum of the merged ones. That sum's noise has variance kσ² for k merged cells; the format
 * has one σ per measurement, so the estimator weights that one cell as if it had σ (private-pgm
 * scales it by 1/√k). The edges measured on the compressed domain carry the same attribute, so the
 * over-weighted cell is one of many terms; see docs/generators/mst.md.
 */
export function compressOneWay(oneWay: Measurements, c: Compression): Measurements {
  const measurements = c.domain.attributes.map((attribute, j) => {
    const m = oneWayOf(oneWay, attribute.name);
    const answer = new Array<number>(attribute.size).fill(0);
    m.answer.forEach((y, state) => {
      answer[c.toCompressed[j][state]] += y;
    });
    return { ...m, query: [attribute.name], answer };
  });
  return {
    version: oneWay.version,
    domain: {
      attributes: c.domain.attributes.map(({ name, size }) => ({ name, size })),
      hash: c.domain.hash,
    },
    measurements,
  };
}

/** Sampled compressed codes back on the full domain: a merged state becomes one of its states, uniformly. */
export function expandCodes(codes: readonly Int32Array[], c: Compression, rng: Rng): Int32Array[] {
  return codes.map((column, j) => {
    const kept = c.domain.attributes[j].size - (c.merged[j].length > 0 ? 1 : 0);
    const original = new Int32Array(c.full.attributes[j].size);
    c.toCompressed[j].forEach((k, state) => {
      if (k < kept) original[k] = state;
    });
    const stream = rng.split(c.full.attributes[j].name);
    return column.map((k) => (k < kept ? original[k] : c.merged[j][stream.int(c.merged[j].length)]));
  });
}
