/**
 * The utility score: a weighted mean of the parts that could be computed, each in 0..1, with the
 * weights of skipped parts left out and the rest renormalised (docs/validation/utility.md).
 */
import { UTILITY_WEIGHTS } from './constants.js';
import type { UtilityParts } from './types.js';

/** The score is null (not computed) when no part could be. */
export function combineParts(parts: UtilityParts): { score: number | null; weights: UtilityParts } {
  const keys = Object.keys(UTILITY_WEIGHTS) as Array<keyof UtilityParts>;
  const present = keys.filter((k) => parts[k] !== null && Number.isFinite(parts[k]));
  const total = present.reduce((a, k) => a + UTILITY_WEIGHTS[k], 0);
  const weights = Object.fromEntries(
    keys.map((k) => [k, present.includes(k) ? UTILITY_WEIGHTS[k] / total : null]),
  ) as unknown as UtilityParts;
  if (total === 0) return { score: null, weights };
  const score = present.reduce((a, k) => a + weights[k]! * parts[k]!, 0);
  return { score: Math.min(1, Math.max(0, score)), weights };
}

/** The mean of the finite values, or null when there are none. */
export function meanOrNull(values: ReadonlyArray<number | null>): number | null {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : null;
}
