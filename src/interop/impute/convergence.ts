/**
 * Convergence of MICE chains: the mean and sd of a column's imputed cells after each iteration of
 * each chain (what mice's `plot(imp)` draws), and the potential scale reduction factor R-hat
 * (Gelman & Rubin, Stat Sci 1992) of the chain means over the second half of the iterations, as
 * miceadds' `Rhat.mice` reports it. Near 1 the chains mix; above ~1.1 run more iterations.
 */
export interface ChainTraces {
  column: string;
  /** mean[chain][iteration] of the imputed cells (for a category: the share given its most common level). */
  mean: number[][];
  sd: number[][];
  /** R-hat of the chain means, null with fewer than two chains or three iterations. */
  rHat: number | null;
  /** A category's most common observed level, whose share `mean` traces; undefined for a number column. */
  level?: string;
}

export function traceSummary(column: string, mean: number[][], sd: number[][], level?: string): ChainTraces {
  return {
    column,
    ...(level === undefined ? {} : { level }),
    mean,
    sd,
    rHat: gelmanRubin(mean.map((chain) => chain.slice(Math.floor(chain.length / 2)))),
  };
}

export function gelmanRubin(chains: number[][]): number | null {
  const m = chains.length;
  const n = m ? chains[0].length : 0;
  if (m < 2 || n < 2) return null;
  const means = chains.map((c) => c.reduce((s, v) => s + v, 0) / n);
  const grand = means.reduce((s, v) => s + v, 0) / m;
  const between = (n / (m - 1)) * means.reduce((s, v) => s + (v - grand) ** 2, 0);
  const within =
    chains.reduce((s, c, k) => s + c.reduce((t, v) => t + (v - means[k]) ** 2, 0) / (n - 1), 0) / m;
  if (within === 0) return between === 0 ? 1 : null;
  const pooled = ((n - 1) / n) * within + between / n;
  return Math.sqrt(pooled / within);
}
