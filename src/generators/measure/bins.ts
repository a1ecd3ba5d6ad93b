/**
 * Bin edges for numeric, integer and date columns, computed from the schema's declared bounds only
 * (public knowledge), never from data quantiles: a quantile is a statistic of the private rows.
 *
 * Two spacings. `linear`: equal width. `log`: equal width on log(1 + (x − min)/c) with
 * c = (max − min)/bins², so the first bins are about 1/bins² of the range wide and the last ones
 * wide: survival times (most events in the first months, follow-up to years) and right-skewed labs
 * (white cells, platelets) keep their resolution where most patients are. c is tied to the bin
 * count so that the ratio between the widest and the narrowest bin stays about bins² / ln(bins²)
 * whatever the unit of the column.
 *
 * Integer and date bins hold whole values: edges are integers, bin b holds e_b … e_{b+1} − 1 and
 * the last edge is max + 1. A range of at most `bins` integers gets one bin per value (exact).
 */

export type BinScale = 'linear' | 'log';

export interface BinEdges {
  /** Strictly increasing; bin b is [edges[b], edges[b + 1]), the last numeric bin closed at max. */
  readonly edges: readonly number[];
  /** Whole values only: draws within a bin are integers. */
  readonly integer: boolean;
}

export function binEdges(
  min: number,
  max: number,
  bins: number,
  scale: BinScale,
  integer: boolean,
): BinEdges {
  if (!(max > min)) return { edges: integer ? [min, min + 1] : [min, max], integer };
  if (integer && max - min + 1 <= bins)
    return { edges: Array.from({ length: max - min + 2 }, (_, i) => min + i), integer };
  const raw = scale === 'log' ? logEdges(min, max, bins) : linearEdges(min, max, bins);
  if (!integer) return { edges: raw, integer };
  // Rounding can merge neighbouring edges where bins are narrower than one unit (log near min).
  const whole: number[] = [];
  for (const edge of raw.slice(0, -1)) {
    const rounded = Math.round(edge);
    if (whole.length === 0 || rounded > whole[whole.length - 1]) whole.push(rounded);
  }
  whole.push(max + 1);
  return { edges: whole, integer };
}

function linearEdges(min: number, max: number, bins: number): number[] {
  const width = (max - min) / bins;
  return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
}

function logEdges(min: number, max: number, bins: number): number[] {
  const c = (max - min) / (bins * bins);
  const top = Math.log1p((max - min) / c);
  return Array.from({ length: bins + 1 }, (_, i) =>
    i === bins ? max : min + c * Math.expm1((top * i) / bins),
  );
}

/** The bin of a value; values beyond the declared bounds fall into the edge bins (clamped). */
export function binOf(value: number, { edges }: BinEdges): number {
  const last = edges.length - 2;
  if (value < edges[1]) return 0;
  if (value >= edges[last]) return last;
  let lo = 1;
  let hi = last;
  // Invariant: edges[lo] <= value < edges[hi].
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (value >= edges[mid]) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** A value drawn uniformly within bin `b`, from a uniform `u` in [0, 1). */
export function valueInBin(b: number, { edges, integer }: BinEdges, u: number): number {
  const lo = edges[b];
  const hi = edges[b + 1];
  if (integer) return lo + Math.min(Math.floor(u * (hi - lo)), hi - lo - 1);
  return lo + u * (hi - lo);
}
