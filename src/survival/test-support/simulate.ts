/** Random survival data for the cross-checks and the timing test (seeded, never Math.random). */
import { Rng } from '../../core/rng.js';

export interface Simulated {
  time: Float64Array;
  status: Uint8Array;
  columns: Float64Array[];
  names: string[];
}

/**
 * n subjects, p covariates (the odd ones 0/1 indicators), exponential times with hazard
 * exp(0.3 Σ x / √p), random censoring; `grid` > 0 rounds times to that step to force ties.
 */
export function simulateCox(seed: string, n: number, p: number, grid = 0): Simulated {
  const rng = Rng.from(seed);
  const columns = Array.from({ length: p }, (_, j) =>
    Float64Array.from({ length: n }, () => (j % 2 ? (rng.bernoulli(0.4) ? 1 : 0) : rng.normal(50, 10))),
  );
  const time = new Float64Array(n);
  const status = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < p; j++) eta += (j % 2 ? columns[j][i] : (columns[j][i] - 50) / 10) * 0.3;
    const event = rng.exponential(Math.exp(eta / Math.sqrt(p)));
    const censor = rng.exponential(0.5);
    const t = Math.min(event, censor);
    time[i] = grid > 0 ? Math.ceil(t / grid) * grid : t;
    status[i] = event <= censor ? 1 : 0;
  }
  return { time, status, columns, names: columns.map((_, j) => `x${j + 1}`) };
}
