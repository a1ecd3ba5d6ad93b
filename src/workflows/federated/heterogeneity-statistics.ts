/**
 * What a site computes in the heterogeneity protocol's shareable phase: its own binned counts set
 * against the others' (the pooled counts minus its own, so that a site is never compared with
 * itself), summarised per column. Only these summaries leave the site; the counts never do.
 *
 * Categorical columns: the total variation distance between the two distributions and the
 * categories whose share differs most. The small-cell rule holds for every share that can be read
 * from the answer, subtraction included: categories with 1 … k − 1 patients at the site are merged
 * into one part, which takes the site's next-smallest categories until it holds 0 or at least k
 * patients; shares are shown only for unmerged categories and the distance is taken over that
 * partition (a coarsening: it can only lower the distance, by at most the merged shares). Every
 * part then holds 0 or ≥ k of the site's patients, so no share, sum or complement of shares is a
 * small count. When one part holds all the site's patients there is nothing left to compare and
 * the distance is withheld (null).
 *
 * Numeric columns, on the non-missing values (withheld when the site or the others have fewer than
 * k of them): the standardised mean difference (Cohen's d with the average of the two variances),
 * the Kolmogorov–Smirnov distance between the binned distributions (a lower bound of the unbinned
 * one) and the ratio of the site's median to the others', interpolated within bins, which the hub
 * sets against known unit conversion factors.
 */
import type { CategoricalSlot, HeterogeneityLayout, NumericSlot } from './heterogeneity-layout.js';
import { binCount } from './heterogeneity-layout.js';

/** The categories shown per column: the ones whose shares differ most. */
export const SHOWN_CATEGORIES = 3;
/** The label of the missing state of a nullable categorical column. */
export const MISSING_LABEL = '(missing)';

export interface CategoryShare {
  readonly category: string;
  readonly site: number;
  readonly others: number;
}

export interface CategoricalShift {
  readonly name: string;
  readonly type: 'categorical';
  readonly tvd: number | null;
  readonly categories: CategoryShare[];
}

export interface NumericShift {
  readonly name: string;
  readonly type: 'numeric';
  readonly smd: number | null;
  readonly ks: number | null;
  readonly medianRatio: number | null;
}

export type ColumnShift = CategoricalShift | NumericShift;

/** Every column's summary, from the site's counts and the pooled counts (both on `layout`). */
export function columnShifts(
  layout: HeterogeneityLayout,
  own: ArrayLike<number>,
  pooled: ArrayLike<number>,
  smallCell: number,
): ColumnShift[] {
  return layout.columns.map((slot) => {
    const size = binCount(slot) + (slot.type === 'categorical' && slot.missingAt !== null ? 1 : 0);
    const site = Float64Array.from({ length: size }, (_, b) => own[slot.offset + b]);
    const others = Float64Array.from({ length: size }, (_, b) => pooled[slot.offset + b] - site[b]);
    return slot.type === 'categorical'
      ? categoricalShift(slot, site, others, smallCell)
      : numericShift(slot, site, others, smallCell);
  });
}

/** `site` and `others` hold one count per level, then the missing count when the column is nullable. */
export function categoricalShift(
  slot: Pick<CategoricalSlot, 'name' | 'levels'>,
  site: Float64Array,
  others: Float64Array,
  smallCell: number,
): CategoricalShift {
  const labels = [...slot.levels, MISSING_LABEL].slice(0, site.length);
  const nSite = sum(site);
  const nOthers = sum(others);
  const empty = { name: slot.name, type: 'categorical' as const, tvd: null, categories: [] };
  if (nSite < smallCell || nOthers < smallCell) return empty;
  const merged = mergedSmallCells(site, smallCell);
  const parts = labels.map((_, k) => k).filter((k) => !merged.has(k));
  const share = (counts: Float64Array, n: number, ks: Iterable<number>) => {
    let c = 0;
    for (const k of ks) c += counts[k];
    return c / n;
  };
  const partShares = parts.map((k) => [share(site, nSite, [k]), share(others, nOthers, [k])]);
  const mergedShares = [share(site, nSite, merged), share(others, nOthers, merged)];
  if (merged.size > 0) partShares.push(mergedShares);
  const holding = partShares.filter(([s, o]) => s > 0 || o > 0).length;
  if (holding < 2 || (merged.size > 0 && mergedShares[0] === 1)) return empty;
  const tvd = partShares.reduce((acc, [s, o]) => acc + Math.abs(s - o), 0) / 2;
  const categories = parts
    .map((k, i) => ({ k, site: partShares[i][0], others: partShares[i][1] }))
    .filter((c) => c.site !== c.others)
    .sort((a, b) => Math.abs(b.site - b.others) - Math.abs(a.site - a.others) || a.k - b.k)
    .slice(0, SHOWN_CATEGORIES)
    .map((c) => ({ category: labels[c.k], site: round(c.site, 3), others: round(c.others, 3) }));
  return { name: slot.name, type: 'categorical', tvd: round(tvd, 3), categories };
}

/**
 * The levels merged for the small-cell rule: those with 1 … k − 1 patients at the site, then the
 * site's smallest other non-empty levels until the merged part holds at least k (or every level).
 */
export function mergedSmallCells(site: Float64Array, smallCell: number): Set<number> {
  const merged = new Set<number>();
  let held = 0;
  site.forEach((c, k) => {
    if (c > 0 && c < smallCell) {
      merged.add(k);
      held += c;
    }
  });
  const rest = [...site.keys()]
    .filter((k) => site[k] >= smallCell)
    .sort((a, b) => site[a] - site[b] || a - b);
  for (const k of rest) {
    if (held === 0 || held >= smallCell) break;
    merged.add(k);
    held += site[k];
  }
  return merged;
}

/** `site` and `others` hold one count per bin of `slot` (missing excluded). */
export function numericShift(
  slot: Pick<NumericSlot, 'name' | 'kind' | 'low' | 'high' | 'middle'>,
  site: Float64Array,
  others: Float64Array,
  smallCell: number,
): NumericShift {
  const empty = { name: slot.name, type: 'numeric' as const, smd: null, ks: null, medianRatio: null };
  if (sum(site) < smallCell || sum(others) < smallCell) return empty;
  const a = moments(site, slot.middle);
  const b = moments(others, slot.middle);
  const spread = Math.sqrt((a.variance + b.variance) / 2);
  const smd = spread > 0 ? (a.mean - b.mean) / spread : a.mean === b.mean ? 0 : null;
  const medianSite = binnedQuantile(site, slot, 0.5);
  const medianOthers = binnedQuantile(others, slot, 0.5);
  const medianRatio =
    slot.kind !== 'date' && medianSite > 0 && medianOthers > 0 ? medianSite / medianOthers : null;
  return {
    name: slot.name,
    type: 'numeric',
    smd: smd === null ? null : round(smd, 2),
    ks: round(binnedKs(site, others), 3),
    medianRatio: medianRatio === null ? null : significant(medianRatio, 3),
  };
}

function moments(counts: Float64Array, middle: ArrayLike<number>): { mean: number; variance: number } {
  const n = sum(counts);
  let mean = 0;
  counts.forEach((c, b) => {
    mean += (c * middle[b]) / n;
  });
  let variance = 0;
  counts.forEach((c, b) => {
    variance += (c * (middle[b] - mean) ** 2) / n;
  });
  return { mean, variance };
}

/** The p-quantile of binned counts, values spread evenly within their bin. */
export function binnedQuantile(
  counts: Float64Array,
  bins: Pick<NumericSlot, 'low' | 'high'>,
  p: number,
): number {
  const target = p * sum(counts);
  let below = 0;
  for (let b = 0; b < counts.length; b++) {
    const c = counts[b];
    if (c > 0 && below + c >= target)
      return bins.low[b] + ((target - below) / c) * (bins.high[b] - bins.low[b]);
    below += c;
  }
  return Number.NaN;
}

/** max over bin boundaries of |F_site − F_others|. */
export function binnedKs(site: Float64Array, others: Float64Array): number {
  const [nSite, nOthers] = [sum(site), sum(others)];
  let [fSite, fOthers, worst] = [0, 0, 0];
  for (let b = 0; b < site.length; b++) {
    fSite += site[b] / nSite;
    fOthers += others[b] / nOthers;
    worst = Math.max(worst, Math.abs(fSite - fOthers));
  }
  return Math.min(worst, 1);
}

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

function round(x: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(x * scale) / scale;
}

function significant(x: number, digits: number): number {
  return Number(x.toPrecision(digits));
}
