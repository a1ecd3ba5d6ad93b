/**
 * What a site sends the hub when the copula is fitted across sites, declared once with zod, and the
 * sums that merge them. Two rounds (as `docs/generators/copula.md` describes):
 *
 * 1. `CopulaMarginals`: per column its sketch (number: counts on a public grid, `sketch.ts`; code:
 *    counts per declared level), its missing count and the fewest decimals writing its values.
 *    The hub merges them and sends back `CopulaTransforms`: each column's public marginal.
 * 2. `CopulaMoments`: with those transforms, the sums of products of the rows' normal scores over
 *    co-observed rows and the counts of such rows, for every pair of features (a number column's
 *    score, each level of a code column as an indicator, each missingness indicator's score).
 *
 * Every part adds across sites (counts and sums), except `decimals`, which merges as a maximum
 * (the fewest decimals writing the union's values). No part holds a row.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { ModelError } from '../../core/errors.js';
import { CodeMarginal, NumberMarginal } from './params.js';
import { mergeSketches } from './sketch.js';

const Count = z.number().int().min(0);

export const NumberColumnMeasurement = z
  .object({
    name: z.string().min(1),
    type: z.literal('number'),
    /** Grid: value = index / 10^digits. */
    digits: z.number().int().min(0).max(15),
    index: z.array(z.number().int()),
    count: z.array(z.number().int().min(1)),
    missing: Count,
    /** Fewest decimals (0–6) writing every observed value; null: more (a continuous scale). */
    decimals: z.number().int().min(0).max(6).nullable(),
  })
  .strict()
  .refine((c) => c.index.length === c.count.length, { message: 'index and count differ in length' })
  .refine((c) => c.index.every((k, i) => i === 0 || k > c.index[i - 1]), {
    message: 'grid indices must ascend',
  });

export const CodeColumnMeasurement = z
  .object({
    name: z.string().min(1),
    type: z.literal('code'),
    levels: z.array(z.string()).min(1),
    /** Rows per level, in `levels` order. */
    counts: z.array(Count),
    missing: Count,
  })
  .strict()
  .refine((c) => c.counts.length === c.levels.length, { message: 'one count per level' });

export const CopulaMarginals = z
  .object({
    format: z.literal('copula-marginals'),
    version: z.literal(1),
    rows: Count,
    columns: z.array(z.discriminatedUnion('type', [NumberColumnMeasurement, CodeColumnMeasurement])).min(1),
  })
  .strict();

/** The public transforms the hub sends back after round 1: every column's marginal. */
export const CopulaTransforms = z
  .object({
    format: z.literal('copula-transforms'),
    version: z.literal(1),
    /** Rows of all sites together (the number codecs keep scores within half a row of 0 and 1). */
    rows: z.number().int().min(1),
    columns: z
      .array(
        z
          .object({
            name: z.string().min(1),
            /** Code columns in code order (the latent order is chosen from round 2). */
            marginal: z.discriminatedUnion('type', [NumberMarginal, CodeMarginal.omit({ order: true })]),
            missing: z.number().min(0).max(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export const CopulaMoments = z
  .object({
    format: z.literal('copula-moments'),
    version: z.literal(1),
    /** sha256 of the transforms the scores were computed with: only equal ones add up. */
    transforms: z.string().regex(/^sha256:[0-9a-f]{64}$/),
    /** Feature labels, in order (`moment-features.ts`). */
    features: z.array(z.string().min(1)).min(1),
    rows: Count,
    /** Lower triangles, row by row: entry (a, b), b ≤ a, at a(a+1)/2 + b. */
    cross: z.array(z.number()),
    count: z.array(Count),
  })
  .strict()
  .refine(
    (m) => [m.cross, m.count].every((t) => t.length === (m.features.length * (m.features.length + 1)) / 2),
    {
      message: 'cross and count must hold one lower triangle over the features',
    },
  );

export type NumberColumnMeasurement = z.infer<typeof NumberColumnMeasurement>;
export type CodeColumnMeasurement = z.infer<typeof CodeColumnMeasurement>;
export type CopulaMarginals = z.infer<typeof CopulaMarginals>;
export type CopulaTransforms = z.infer<typeof CopulaTransforms>;
export type CopulaMoments = z.infer<typeof CopulaMoments>;

export function transformsHash(transforms: CopulaTransforms): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(transforms)).digest('hex')}`;
}

/** Round 1 of the union of two sites' rows. */
export function addMarginals(a: CopulaMarginals, b: CopulaMarginals): CopulaMarginals {
  if (a.columns.length !== b.columns.length || a.columns.some((c, i) => c.name !== b.columns[i].name))
    throw new ModelError({}, 'the sites measured different columns: only the same columns add up');
  return {
    format: 'copula-marginals',
    version: 1,
    rows: a.rows + b.rows,
    columns: a.columns.map((x, i) => {
      const y = b.columns[i];
      if (x.type === 'number' && y.type === 'number') {
        const merged = mergeSketches(x, y);
        const decimals = x.decimals === null || y.decimals === null ? null : Math.max(x.decimals, y.decimals);
        return { ...x, index: merged.index, count: merged.count, missing: x.missing + y.missing, decimals };
      }
      if (x.type === 'code' && y.type === 'code' && x.levels.join('\u0000') === y.levels.join('\u0000'))
        return { ...x, counts: x.counts.map((c, k) => c + y.counts[k]), missing: x.missing + y.missing };
      throw new ModelError({ column: x.name }, 'the sites measured this column differently (type or levels)');
    }),
  };
}

/** Round 2 of the union of two sites' rows. */
export function addMoments(a: CopulaMoments, b: CopulaMoments): CopulaMoments {
  if (a.transforms !== b.transforms)
    throw new ModelError({}, 'the sites scored their rows with different transforms: only equal ones add up');
  if (a.features.join('\u0000') !== b.features.join('\u0000'))
    throw new ModelError({}, 'the sites measured different features: only the same features add up');
  return {
    ...a,
    rows: a.rows + b.rows,
    cross: a.cross.map((s, i) => s + b.cross[i]),
    count: a.count.map((n, i) => n + b.count[i]),
  };
}

/** Merges any number of sites' measurements of one round. */
export function addAll<T>(parts: readonly T[], add: (a: T, b: T) => T): T {
  if (parts.length === 0) throw new ModelError({}, 'no site sent measurements');
  return parts.reduce(add);
}
