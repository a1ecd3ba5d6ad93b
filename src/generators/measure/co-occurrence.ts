/**
 * Co-occurrence counts of sparse flags (mutations): for every pair of flags, the number of records
 * holding both, and optionally for every flag the number holding it (the diagonal, a pair (i, i)),
 * released together with one noise draw per count.
 *
 * Why not the pairs' 2-way marginals: adding or removing one patient changes one cell of every
 * 2-way marginal, so measuring all P pair marginals of 31 genes (P = 465) has L2 sensitivity √P ≈ 21.6.
 * A patient holds few mutations, so he changes the co-occurrence count of only the pairs among his own
 * flags: counting at most `clip` flags per record (the first `clip` in the block's order, public) bounds
 * the L2 sensitivity by √(clip·(clip − 1)/2), 3.9 at clip 6 — some 30 times less ρ for the same noise.
 * With the diagonal, √(clip·(clip + 1)/2) (4.6 at clip 6): the flags' own counts then come at the
 * pairs' precision, which matters because a pair's direction is its count against n·p_a·p_b. With the
 * 1-way marginals, one pair's count fixes its 2 × 2 table, so the estimator fits it as one cell of the
 * pair's marginal, and a diagonal count as one cell of the flag's 1-way marginal (estimate.ts).
 *
 * Clipping is per record, so the counts stay additive: two sites' blocks over the same flags, pairs
 * and clip add up to the block of their union (variances adding, as for marginals).
 */
import * as z from 'zod';
import { UsageError } from '../../core/errors.js';
import type { EncodedTable } from './encode.js';
import type { AddNoise } from './measurements.js';

const Flag = z.object({ attribute: z.string().min(1), state: z.number().int().min(0) }).strict();

export const CoOccurrence = z
  .object({
    /** The flags: an attribute and the state that means "present" (a mutation's '1'). */
    flags: z.array(Flag).min(2),
    /** Each record counts for at most this many of its flags: the first ones in `flags` order. */
    clip: z.number().int().min(2),
    /** Pairs of indices into `flags`, i < j; (i, i) counts the records holding flag i. */
    pairs: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)])),
    /** Per pair: records holding both flags (or the one, for (i, i)), noised or not. */
    answer: z.array(z.number().finite()),
    noise: z
      .object({ mechanism: z.enum(['none', 'discrete-gaussian']), sigma: z.number().min(0).finite() })
      .strict(),
    /** Per site that contributed, the zCDP cost of the whole block (null: measured exactly). */
    rho: z.array(z.number().positive().finite().nullable()).min(1),
  })
  .strict();
export type CoOccurrence = z.infer<typeof CoOccurrence>;

/**
 * L2 sensitivity of a block whose records count for at most `clip` flags: one per pair among them,
 * and one per flag when the block lists flags' own counts (bounds any subset of the pairs too).
 */
export function coOccurrenceSensitivity(clip: number, singles: boolean): number {
  return Math.sqrt((clip * (clip - 1)) / 2 + (singles ? clip : 0));
}

/** The block lists some flag's own count (a pair (i, i)). */
export function hasSingles(block: Pick<CoOccurrence, 'pairs'>): boolean {
  return block.pairs.some(([i, j]) => i === j);
}

/** The problems of a block that its shape cannot show, with paths relative to it. */
export function coOccurrenceIssues(
  block: CoOccurrence,
  attributes: ReadonlyArray<{ readonly name: string; readonly size: number }>,
): Array<{ path: (string | number)[]; message: string }> {
  const issues: Array<{ path: (string | number)[]; message: string }> = [];
  block.flags.forEach((f, i) => {
    const attribute = attributes.find((a) => a.name === f.attribute);
    if (!attribute)
      issues.push({ path: ['flags', i], message: `'${f.attribute}' is not an attribute of the domain` });
    else if (f.state >= attribute.size)
      issues.push({
        path: ['flags', i],
        message: `state ${f.state} is outside '${f.attribute}' (${attribute.size} states)`,
      });
  });
  if (new Set(block.flags.map((f) => f.attribute)).size !== block.flags.length)
    issues.push({ path: ['flags'], message: 'each attribute may carry one flag' });
  block.pairs.forEach(([i, j], k) => {
    if (!(i <= j && j < block.flags.length))
      issues.push({
        path: ['pairs', k],
        message: `a pair is two flag indices i ≤ j < ${block.flags.length}`,
      });
  });
  if (block.answer.length !== block.pairs.length)
    issues.push({
      path: ['answer'],
      message: `${block.answer.length} answers for ${block.pairs.length} pairs`,
    });
  const none = block.noise.mechanism === 'none';
  if (none !== (block.noise.sigma === 0))
    issues.push({ path: ['noise'], message: 'sigma is 0 exactly when the mechanism is none' });
  if (none && block.rho.some((r) => r !== null))
    issues.push({ path: ['rho'], message: 'a block without noise has no rho' });
  return issues;
}

export interface CoOccurrenceRequest {
  readonly flags: ReadonlyArray<{ readonly attribute: string; readonly state: number }>;
  readonly clip: number;
  /** Count each flag's records too (the diagonal). */
  readonly singles: boolean;
  /** Noise scale per count; 0 counts exactly (no privacy guarantee). */
  readonly sigma: number;
}

/** Every pair i < j of `n` flags (i ≤ j with `singles`), in row-major order. */
export function allFlagPairs(n: number, singles: boolean): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) for (let j = singles ? i : i + 1; j < n; j++) pairs.push([i, j]);
  return pairs;
}

/**
 * The exact co-occurrence counts of one site's table over `allFlagPairs(flags.length, singles)`,
 * each record counting for its first `clip` flags.
 */
export function coOccurrenceCounts(
  encoded: EncodedTable,
  flags: CoOccurrenceRequest['flags'],
  clip: number,
  singles: boolean,
): Float64Array {
  const columns = flags.map((f) => {
    const at = encoded.domain.attributes.findIndex((a) => a.name === f.attribute);
    if (at < 0) throw new UsageError(`flags: '${f.attribute}' is not an attribute of the domain`, 'flags');
    return encoded.codes[at];
  });
  const n = flags.length;
  const index = new Map(allFlagPairs(n, singles).map(([i, j], k) => [i * n + j, k]));
  const counts = new Float64Array(index.size);
  const held: number[] = [];
  for (let row = 0; row < encoded.nRows; row++) {
    held.length = 0;
    for (let i = 0; i < n && held.length < clip; i++) if (columns[i][row] === flags[i].state) held.push(i);
    for (let a = 0; a < held.length; a++)
      for (let b = singles ? a : a + 1; b < held.length; b++) counts[index.get(held[a] * n + held[b]) ?? 0]++;
  }
  return counts;
}

/** Measures the co-occurrence block of one site's table, with integer noise of scale σ per pair. */
export function measureCoOccurrence(
  encoded: EncodedTable,
  request: CoOccurrenceRequest,
  addNoise?: AddNoise,
): CoOccurrence {
  const { flags, clip, singles, sigma } = request;
  if (!(sigma >= 0) || !Number.isFinite(sigma))
    throw new UsageError(`sigma must be a finite number ≥ 0, got ${sigma}`, 'sigma');
  if (!Number.isInteger(clip) || clip < 2)
    throw new UsageError(`clip must be an integer ≥ 2, got ${clip}`, 'clip');
  const exact = Array.from(coOccurrenceCounts(encoded, flags, clip, singles));
  const base = {
    flags: flags.map(({ attribute, state }) => ({ attribute, state })),
    clip,
    pairs: allFlagPairs(flags.length, singles),
  };
  if (sigma === 0) return { ...base, answer: exact, noise: { mechanism: 'none', sigma: 0 }, rho: [null] };
  if (!addNoise) throw new UsageError('a noise sampler is needed to measure with sigma > 0', 'addNoise');
  const answer = addNoise(exact, sigma);
  if (answer.length !== exact.length || !answer.every(Number.isInteger))
    throw new UsageError('the noise sampler must return one integer per count', 'addNoise');
  const rho = coOccurrenceSensitivity(clip, singles) ** 2 / (2 * sigma * sigma);
  return { ...base, answer, noise: { mechanism: 'discrete-gaussian', sigma }, rho: [rho] };
}

/** Two sites' blocks over the same flags, clip and pairs, added (the block of their union). */
export function addCoOccurrence(a: CoOccurrence, b: CoOccurrence): CoOccurrence {
  const same =
    a.clip === b.clip &&
    JSON.stringify(a.flags) === JSON.stringify(b.flags) &&
    JSON.stringify(a.pairs) === JSON.stringify(b.pairs);
  if (!same)
    throw new UsageError(
      'co-occurrence blocks differ in their flags, clip or pairs at the two sites; they cannot be added',
    );
  const sigma = Math.sqrt(a.noise.sigma ** 2 + b.noise.sigma ** 2);
  return {
    flags: a.flags.map((f) => ({ ...f })),
    clip: a.clip,
    pairs: a.pairs.map(([i, j]) => [i, j]),
    answer: a.answer.map((x, k) => x + b.answer[k]),
    noise: { mechanism: sigma === 0 ? 'none' : 'discrete-gaussian', sigma },
    rho: [...a.rho, ...b.rho],
  };
}
