/**
 * Competing causes with piecewise-constant hazards, for simulation. A right-censored outcome is
 * the first of several exits: the event, censoring, and any other status (a transplant in R's
 * `pbc`). Each cause c has a cause-specific hazard λ_c(t)·r_c, with r_c = exp(η_c) the row's
 * relative risk; the observed (time, status) pair is the first exit and its cause. The
 * cause-specific hazards identify the distribution of the observed pair without any assumption of
 * independent censoring (Prentice et al., 1978, Biometrics 34:541–554), so drawing from them
 * reproduces what was observed, including how follow-up depends on the covariates.
 *
 * On the merged grid of all causes' interval ends every hazard is constant, so both the
 * probability of each cause and the exit time given the cause are exact: within a segment of
 * length Δ with total hazard Λ = Σ λ_c r_c, a row still at risk leaves with probability
 * 1 − exp(−ΛΔ), by cause c with share λ_c r_c / Λ, at a time from the exponential truncated to the
 * segment. A row at risk after the last interval end τ (the end of follow-up) leaves at τ with the
 * residual cause (censoring): no exit ever happens after τ.
 */
import type { Rng } from '../core/rng.js';
import type { PiecewiseHazard } from './piecewise-hazard.js';
import { lastAtOrBelow } from './ties.js';

export class CompetingHazards {
  /** Segment starts g₀ < g₁ < … ; the last one is τ. */
  private readonly grid: Float64Array;
  /** Baseline cumulative hazard of cause c over segment s (hazard × width): mass[s * causes + c]. */
  private readonly mass: Float64Array;
  private readonly weights: Float64Array;
  readonly causes: number;

  /** `residual` is the cause of rows still at risk at the end of follow-up. */
  constructor(
    hazards: readonly PiecewiseHazard[],
    readonly residual: number,
  ) {
    this.causes = hazards.length;
    const ends = new Set<number>();
    for (const h of hazards) for (const t of h.knots) ends.add(t);
    this.grid = Float64Array.from(ends).sort();
    const segments = Math.max(0, this.grid.length - 1);
    this.mass = new Float64Array(segments * this.causes);
    this.weights = new Float64Array(segments + 1);
    hazards.forEach((h, c) => {
      for (let s = 0; s < segments; s++) {
        const mid = (this.grid[s] + this.grid[s + 1]) / 2;
        const k = lastAtOrBelow(h.knots, mid);
        if (k >= 0 && k < h.rates.length)
          this.mass[s * this.causes + c] = h.rates[k] * (this.grid[s + 1] - this.grid[s]);
      }
    });
  }

  /** The end of follow-up τ (0 when no cause has an exit). */
  get end(): number {
    return this.grid.length ? this.grid[this.grid.length - 1] : 0;
  }

  /** P(the first exit is by cause c) for the row's relative risks `risk` (one per cause), into `out`. */
  probabilities(risk: Float64Array, out: Float64Array): void {
    out.fill(0);
    const k = this.causes;
    const segments = this.grid.length - 1;
    let atRisk = 1;
    for (let s = 0; s < segments && atRisk > 1e-15; s++) {
      const total = this.total(risk, s);
      if (total === 0) continue;
      const leave = -atRisk * Math.expm1(-total);
      const share = leave / total;
      for (let c = 0; c < k; c++) out[c] += share * this.mass[s * k + c] * risk[c];
      atRisk -= leave;
    }
    out[this.residual] += Math.max(0, atRisk);
  }

  /** The exit time of a row whose first exit is by `cause`, drawn from its conditional distribution. */
  drawTime(risk: Float64Array, cause: number, rng: Rng): number {
    const k = this.causes;
    const segments = this.grid.length - 1;
    const weights = this.weights;
    let atRisk = 1;
    let sum = 0;
    let last = segments;
    for (let s = 0; s < segments; s++) {
      if (atRisk <= 1e-15) {
        last = s;
        break;
      }
      const total = this.total(risk, s);
      weights[s] = 0;
      if (total === 0) continue;
      const leave = -atRisk * Math.expm1(-total);
      weights[s] = (leave * this.mass[s * k + cause] * risk[cause]) / total;
      sum += weights[s];
      atRisk -= leave;
    }
    const residual = cause === this.residual ? Math.max(0, atRisk) : 0;
    if (!(sum + residual > 0)) return this.end;
    let u = rng.uniform() * (sum + residual);
    let s = 0;
    for (; s < last; s++) {
      u -= weights[s];
      if (u < 0 && weights[s] > 0) break;
    }
    if (s >= last) return residual > 0 ? this.end : this.lastWith(last);
    // Inverse CDF of the exponential truncated to the segment, in units of its cumulative hazard.
    const total = this.total(risk, s);
    const width = this.grid[s + 1] - this.grid[s];
    const t = this.grid[s] - (width * Math.log1p(rng.uniform() * Math.expm1(-total))) / total;
    return Math.min(this.grid[s + 1], Math.max(this.grid[s], t));
  }

  /** Σ_c baseline mass × relative risk on segment s: the segment's cumulative hazard for the row. */
  private total(risk: Float64Array, s: number): number {
    let total = 0;
    for (let c = 0; c < this.causes; c++) total += this.mass[s * this.causes + c] * risk[c];
    return total;
  }

  /** Rounding left the draw past the last weighted segment: its end. */
  private lastWith(last: number): number {
    for (let s = last - 1; s >= 0; s--) if (this.weights[s] > 0) return this.grid[s + 1];
    return this.end;
  }
}
