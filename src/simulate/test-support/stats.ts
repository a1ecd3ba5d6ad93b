/**
 * Small, obvious statistics for the simulators' tests (not the library's statistics module, which
 * is written elsewhere): odds ratios, ranks and Spearman's rho, quantiles.
 */

/** Odds ratio of two 0/1 flag arrays with a 0.5 continuity correction when a cell is empty. */
export function oddsRatio(a: ArrayLike<number>, b: ArrayLike<number>): { or: number; counts: number[] } {
  const cells = [0, 0, 0, 0];
  for (let i = 0; i < a.length; i++) cells[(a[i] ? 2 : 0) + (b[i] ? 1 : 0)]++;
  const [n00, n01, n10, n11] = cells;
  const empty = cells.some((x) => x === 0) ? 0.5 : 0;
  return { or: ((n11 + empty) * (n00 + empty)) / ((n10 + empty) * (n01 + empty)), counts: cells };
}

/** Average ranks (1-based), ties averaged. */
export function ranks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((i, j) => values[i] - values[j]);
  const out = new Float64Array(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) out[order[k]] = rank;
    start = end + 1;
  }
  return out;
}

export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let mx = 0;
  let my = 0;
  for (let i = 0; i < x.length; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= x.length;
  my /= y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Spearman's rho over the rows where both values are present. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]) || Number.isNaN(y[i])) continue;
    xs.push(x[i]);
    ys.push(y[i]);
  }
  return pearson(ranks(xs), ranks(ys));
}

/** Type-7 quantile (R's default) of the non-missing values. */
export function quantile(values: ArrayLike<number>, p: number): number {
  const sorted = Array.from(values)
    .filter((v) => !Number.isNaN(v))
    .sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
}

export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}
