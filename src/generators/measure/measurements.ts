/**
 * Measurements: what crosses the boundary between the data and the estimator (private-pgm's
 * `LinearMeasurement`, here marginal counts only). Plain, versioned, zod-validated JSON:
 *
 *   { version: 1,
 *     domain: { attributes: [{name, size}], hash },
 *     measurements: [{ query, answer, noise: {mechanism, sigma}, rho }],
 *     coOccurrence?: [{ flags, clip, pairs, answer, noise, rho }] }
 *
 * `query` names the attributes of a marginal in domain order; `answer` holds its counts row-major
 * over them (the first attribute varies slowest), noised or not; `noise.sigma` is the standard
 * deviation of the noise in each cell; `rho` lists, per site that contributed, the zCDP cost of
 * that site's measurement (null: measured without noise, no guarantee). Measurements are additive:
 * two sites' measurements of the same queries on the same domain add up to a measurement of the
 * union of their rows, with variances adding (σ² = σa² + σb²). A co-occurrence block counts, per
 * pair of sparse flags (mutations), the records holding both, at a fraction of a marginal's
 * sensitivity (co-occurrence.ts); the estimator fits each count as one cell of the pair's marginal.
 */
import * as z from 'zod';
import { ModelError, UsageError } from '../../core/errors.js';
import { addCoOccurrence, CoOccurrence, coOccurrenceIssues } from './co-occurrence.js';
import type { Domain } from './domain.js';
import type { EncodedTable } from './encode.js';

export const MEASUREMENTS_VERSION = 1;

/**
 * Adding or removing one patient changes one cell of a marginal by 1: L2 sensitivity 1, so
 * discrete Gaussian noise of scale σ costs ρ = 1/(2σ²) in zCDP (Canonne, Kamath & Steinke 2020,
 * Theorem 14), the neighbouring relation of the MST and AIM papers.
 */
export const MARGINAL_L2_SENSITIVITY = 1;

const Noise = z
  .object({
    mechanism: z.enum(['none', 'discrete-gaussian']),
    /** Standard deviation of the noise in each cell (0 without noise). */
    sigma: z.number().min(0).finite(),
  })
  .strict();

export const Measurement = z
  .object({
    query: z.array(z.string().min(1)),
    answer: z.array(z.number().finite()),
    noise: Noise,
    rho: z.array(z.number().positive().finite().nullable()).min(1),
  })
  .strict();

export const DomainSummary = z
  .object({
    attributes: z.array(z.object({ name: z.string().min(1), size: z.number().int().min(1) }).strict()).min(1),
    hash: z.string().min(1),
  })
  .strict();

export const Measurements = z
  .object({
    version: z.literal(MEASUREMENTS_VERSION),
    domain: DomainSummary,
    measurements: z.array(Measurement),
    /** Co-occurrence blocks of sparse flags (co-occurrence.ts); absent when none was measured. */
    coOccurrence: z.array(CoOccurrence).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    for (const issue of measurementIssues(value)) ctx.addIssue({ code: 'custom', ...issue });
  });

export type Measurement = z.infer<typeof Measurement>;
export type DomainSummary = z.infer<typeof DomainSummary>;
export type Measurements = z.infer<typeof Measurements>;
export type NoiseMechanism = Measurement['noise']['mechanism'];

/** Adds integer noise of standard deviation `sigma` to every cell (an exact discrete Gaussian sampler). */
export type AddNoise = (answer: readonly number[], sigma: number) => number[];

/** The problems of a set of measurements that zod's shape checks cannot see. */
function measurementIssues(
  value: Omit<Measurements, never>,
): Array<{ path: (string | number)[]; message: string }> {
  const issues: Array<{ path: (string | number)[]; message: string }> = [];
  const position = new Map(value.domain.attributes.map((a, i) => [a.name, i]));
  if (position.size !== value.domain.attributes.length)
    issues.push({ path: ['domain', 'attributes'], message: 'attribute names must be distinct' });
  value.measurements.forEach((m, i) => {
    const at = (message: string, ...path: (string | number)[]) =>
      issues.push({ path: ['measurements', i, ...path], message });
    let size = 1;
    let previous = -1;
    for (const name of m.query) {
      const p = position.get(name);
      if (p === undefined) {
        at(`'${name}' is not an attribute of the domain`, 'query');
        return;
      }
      if (p <= previous) {
        at('query attributes must be distinct and in domain order', 'query');
        return;
      }
      previous = p;
      size *= value.domain.attributes[p].size;
    }
    if (m.answer.length !== size)
      at(`answer has ${m.answer.length} cells, the query's domain ${size}`, 'answer');
    const none = m.noise.mechanism === 'none';
    if (none !== (m.noise.sigma === 0)) at('sigma is 0 exactly when the mechanism is none', 'noise');
    if (none && m.rho.some((r) => r !== null)) at('a measurement without noise has no rho', 'rho');
  });
  value.coOccurrence?.forEach((block, i) => {
    for (const issue of coOccurrenceIssues(block, value.domain.attributes))
      issues.push({ path: ['coOccurrence', i, ...issue.path], message: issue.message });
  });
  return issues;
}

export function domainSummary(domain: Domain): DomainSummary {
  return { attributes: domain.attributes.map(({ name, size }) => ({ name, size })), hash: domain.hash };
}

/** Reads measurements from JSON-parsed input; every problem is reported, the first in the message. */
export function parseMeasurements(input: unknown): Measurements {
  const parsed = Measurements.safeParse(input);
  if (parsed.success) return parsed.data;
  const [first] = parsed.error.issues;
  const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : '';
  throw new ModelError({}, `measurements ${first.path.join('.')}: ${first.message}${more}`);
}

/** The exact counts of a marginal, row-major over `query` (attribute names, in domain order). */
export function marginal(encoded: EncodedTable, query: readonly string[]): Float64Array {
  const { attributes } = encoded.domain;
  const indices = query.map((name) => {
    const at = attributes.findIndex((a) => a.name === name);
    if (at < 0) throw new UsageError(`query: '${name}' is not an attribute of the domain`, 'query');
    return at;
  });
  for (let k = 1; k < indices.length; k++)
    if (indices[k] <= indices[k - 1])
      throw new UsageError(
        `query: attributes must be distinct and in domain order (${query.join(', ')})`,
        'query',
      );
  let size = 1;
  const strides = new Array<number>(indices.length);
  for (let k = indices.length - 1; k >= 0; k--) {
    strides[k] = size;
    size *= attributes[indices[k]].size;
  }
  const counts = new Float64Array(size);
  const columns = indices.map((j) => encoded.codes[j]);
  for (let row = 0; row < encoded.nRows; row++) {
    let cell = 0;
    for (let k = 0; k < columns.length; k++) cell += columns[k][row] * strides[k];
    counts[cell]++;
  }
  return counts;
}

/** The query's attributes in domain order (the order every measurement uses). */
export function inDomainOrder(domain: Domain, query: readonly string[]): string[] {
  const names = domain.attributes.map((a) => a.name);
  return [...new Set(query)].sort((a, b) => names.indexOf(a) - names.indexOf(b));
}

export interface MeasureRequest {
  readonly query: readonly string[];
  /** Noise scale per cell; 0 measures exactly (no privacy guarantee). */
  readonly sigma: number;
}

/**
 * Measures marginals of one site's table, each with discrete Gaussian noise of its own σ added by
 * `addNoise` (an exact sampler; its randomness is the caller's and never recorded here).
 */
export function measure(
  encoded: EncodedTable,
  requests: readonly MeasureRequest[],
  addNoise?: AddNoise,
): Measurements {
  const measurements = requests.map(({ query, sigma }) => {
    const ordered = inDomainOrder(encoded.domain, query);
    const exact = Array.from(marginal(encoded, ordered));
    if (!(sigma >= 0) || !Number.isFinite(sigma))
      throw new UsageError(`sigma must be a finite number ≥ 0, got ${sigma}`, 'sigma');
    if (sigma === 0)
      return { query: ordered, answer: exact, noise: { mechanism: 'none' as const, sigma: 0 }, rho: [null] };
    if (!addNoise) throw new UsageError('a noise sampler is needed to measure with sigma > 0', 'addNoise');
    const answer = addNoise(exact, sigma);
    if (answer.length !== exact.length || !answer.every(Number.isInteger))
      throw new UsageError('the noise sampler must return one integer per cell', 'addNoise');
    const rho = MARGINAL_L2_SENSITIVITY ** 2 / (2 * sigma * sigma);
    return { query: ordered, answer, noise: { mechanism: 'discrete-gaussian' as const, sigma }, rho: [rho] };
  });
  return { version: MEASUREMENTS_VERSION, domain: domainSummary(encoded.domain), measurements };
}

/**
 * The measurement of the union of two sites' rows: answers added cell by cell, noise variances
 * added, each site's ρ kept (a patient belongs to one site, so each is protected by its own site's ρ).
 * Both must measure the same queries, in the same order, on the same domain.
 */
export function addMeasurements(a: Measurements, b: Measurements): Measurements {
  if (a.domain.hash !== b.domain.hash)
    throw new UsageError(
      'measurements were taken on different domains (their hashes differ): check both sites use the same schema and binning options',
    );
  if (a.measurements.length !== b.measurements.length)
    throw new UsageError(
      `one site has ${a.measurements.length} measurements, the other ${b.measurements.length}`,
    );
  const measurements = a.measurements.map((ma, i) => {
    const mb = b.measurements[i];
    if (ma.query.join('\u0000') !== mb.query.join('\u0000'))
      throw new UsageError(
        `measurement ${i + 1} queries ${ma.query.join(' × ')} at one site, ${mb.query.join(' × ')} at the other`,
      );
    const sigma = Math.sqrt(ma.noise.sigma ** 2 + mb.noise.sigma ** 2);
    return {
      query: [...ma.query],
      answer: ma.answer.map((x, k) => x + mb.answer[k]),
      noise: { mechanism: sigma === 0 ? ('none' as const) : ('discrete-gaussian' as const), sigma },
      rho: [...ma.rho, ...mb.rho],
    };
  });
  const blocks = a.coOccurrence?.length ?? 0;
  if (blocks !== (b.coOccurrence?.length ?? 0))
    throw new UsageError(
      `one site has ${blocks} co-occurrence blocks, the other ${b.coOccurrence?.length ?? 0}`,
    );
  return {
    version: MEASUREMENTS_VERSION,
    domain: { ...a.domain, attributes: [...a.domain.attributes] },
    measurements,
    ...(blocks > 0 && {
      coOccurrence: (a.coOccurrence ?? []).map((block, i) =>
        addCoOccurrence(block, (b.coOccurrence ?? [])[i]),
      ),
    }),
  };
}
