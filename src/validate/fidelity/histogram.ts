/**
 * What a numeric column's chart needs, shareable: a histogram of both tables on round, shared
 * edges with open-ended outer bins and no real bin below the small-cell threshold
 * (src/stats/binning.ts), the axis scale, and whether the column is discrete (ECOG 0–4: one bin per
 * value, labelled by the value). Computed from the real values, reported without any of them.
 */
import { countBins, innerRange, mergeSmallBins, niceCuts } from '../../stats/binning.js';
import { positiveSkewed } from '../../stats/skew.js';
import { FIDELITY_SETTINGS } from './settings.js';
import type { NumericHistogram } from './types.js';

/** Log axis for positive, right-skewed values (white cell count, LDH, platelets); the rule is in stats. */
export function axisScale(sortedReal: Float64Array): 'linear' | 'log' {
  return positiveSkewed(sortedReal, FIDELITY_SETTINGS.logRatio) ? 'log' : 'linear';
}

/** An integer column whose central real values span at most `discreteMaxValues` integers. */
export function isDiscrete(integer: boolean, sortedReal: Float64Array, k: number): boolean {
  if (!integer || sortedReal.length === 0) return false;
  const [lo, hi] = innerRange(sortedReal, k);
  return hi - lo + 1 <= FIDELITY_SETTINGS.discreteMaxValues;
}

export function shareableHistogram(
  sortedReal: Float64Array,
  synthetic: Float64Array,
  options: { discrete: boolean; scale: 'linear' | 'log'; smallCell: number },
): NumericHistogram {
  const k = options.smallCell;
  const [lo, hi] = innerRange(sortedReal, k);
  const cuts = options.discrete
    ? Array.from({ length: Math.max(hi - lo, 0) }, (_, i) => lo + i + 0.5)
    : niceCuts(lo, hi, FIDELITY_SETTINGS.histogramBins, options.scale);
  const realCounts = countBins(sortedReal, cuts);
  const syntheticCounts = countBins(synthetic, cuts);
  const groups = withoutEmptyEnds(mergeSmallBins(realCounts, k), realCounts, syntheticCounts);
  const sum = (counts: number[], [a, b]: [number, number]) =>
    counts.slice(a, b + 1).reduce((s, c) => s + c, 0);
  const share = (c: number, n: number) => (n > 0 ? c / n : 0);
  // Boundaries between groups are cuts; the outer two are drawing limits one step beyond.
  const inner = groups.slice(1).map(([a]) => cuts[a - 1]);
  // A single group (fewer than k real values in all) is drawn on a unit interval: no value shows.
  const edges = inner.length
    ? [stepBeyond(inner, -1, options), ...inner, stepBeyond(inner, 1, options)]
    : [0, 1];
  const labels = groups.map((group, g) =>
    options.discrete
      ? discreteLabel(group, g, groups.length, lo, sortedReal)
      : continuousLabel(g, groups.length, inner),
  );
  return {
    edges,
    labels,
    real: groups.map((g) => share(sum(realCounts, g), sortedReal.length)),
    synthetic: groups.map((g) => share(sum(syntheticCounts, g), synthetic.length)),
  };
}

function stepBeyond(
  inner: readonly number[],
  direction: -1 | 1,
  options: { discrete: boolean; scale: 'linear' | 'log' },
): number {
  const end = direction < 0 ? inner[0] : inner[inner.length - 1];
  if (options.discrete) return end + direction;
  if (inner.length === 1)
    return options.scale === 'log' ? end * 2 ** direction : end + direction * Math.max(Math.abs(end), 1);
  const next = direction < 0 ? inner[1] : inner[inner.length - 2];
  return options.scale === 'log' ? end * (end / next) : end + (end - next);
}

function continuousLabel(g: number, groups: number, inner: readonly number[]): string {
  if (groups === 1) return 'all';
  if (g === 0) return `< ${inner[0]}`;
  if (g === groups - 1) return `≥ ${inner[g - 1]}`;
  return `${inner[g - 1]}–${inner[g]}`;
}

/** "2", "3–4", or "≤ 1" / "≥ 3" for an outer group that also holds values beyond it. */
function discreteLabel(
  [a, b]: [number, number],
  g: number,
  groups: number,
  lo: number,
  sortedReal: Float64Array,
): string {
  const first = lo + a;
  const last = lo + b;
  const beyondLow = g === 0 && sortedReal[0] < first;
  const beyondHigh = g === groups - 1 && sortedReal[sortedReal.length - 1] > last;
  if (groups === 1) return 'all';
  if (beyondLow) return `≤ ${last}`;
  if (beyondHigh) return `≥ ${first}`;
  return first === last ? String(first) : `${first}–${last}`;
}

/** An outer group empty in both tables joins its neighbour: no empty "< 0" bin before percentages. */
function withoutEmptyEnds(
  groups: Array<[number, number]>,
  real: readonly number[],
  synthetic: readonly number[],
): Array<[number, number]> {
  const empty = ([a, b]: [number, number]) => {
    for (let i = a; i <= b; i++) if (real[i] + synthetic[i] > 0) return false;
    return true;
  };
  const out = [...groups];
  while (out.length > 1 && empty(out[0])) out.splice(0, 2, [out[0][0], out[1][1]]);
  while (out.length > 1 && empty(out[out.length - 1]))
    out.splice(-2, 2, [out[out.length - 2][0], out[out.length - 1][1]]);
  return out;
}
