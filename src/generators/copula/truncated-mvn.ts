/**
 * Draws of the latent normal vector Z ~ N(0, R) given that some coordinates lie in given intervals.
 * The constrained coordinates C are drawn from their truncated multivariate normal by Gibbs sampling
 * (Geweke 1991, "Efficient simulation from the multivariate normal and Student-t distributions
 * subject to linear constraints"; Robert 1995): each coordinate in turn from its univariate normal
 * given the others, truncated to its intervals, starting from independent truncated draws. Every
 * row runs its own short chain, so rows are independent. The free coordinates U then follow exactly
 * from N(R_UC R_CC⁻¹ z_C, R_UU − R_UC R_CC⁻¹ R_CU). With no constraint this is plain Cholesky
 * sampling. Cost per row: O(d²) plus O(sweeps·|C|²).
 */
import { ModelError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { Constraints, LatentInterval } from './conditions.js';
import { block, cholesky, invertSpd, multiply } from './linalg.js';
import { normalMass, roughQuantile, truncatedStandardNormal } from './normal.js';

/** Rows drawn together by `drawFree`. */
const FREE_ROWS = 8;

export class ConditionalGaussian {
  private readonly d: number;
  private readonly free: Int32Array;
  private readonly fixed: Int32Array;
  private readonly intervals: LatentInterval[][];
  /** Gibbs: z_j | z_-j ~ N(Σ_k w_jk z_k, σ_j²) from the precision matrix P of R_CC. */
  private readonly weights: Float64Array;
  private readonly sigma: Float64Array;
  /** z_U = B z_C + L ε. */
  private readonly regression: Float64Array;
  private readonly factor: Float64Array;
  private readonly sweeps: number;
  private readonly masses: Float64Array;
  private readonly noise: Float64Array;

  constructor(correlation: Float64Array, d: number, constraints: Constraints, sweeps: number) {
    this.d = d;
    const fixed = [...constraints.keys()].sort((a, b) => a - b);
    const free = Array.from({ length: d }, (_, i) => i).filter((i) => !constraints.has(i));
    this.fixed = Int32Array.from(fixed);
    this.free = Int32Array.from(free);
    this.intervals = fixed.map((j) => constraints.get(j)!);
    this.masses = new Float64Array(Math.max(1, ...this.intervals.map((list) => list.length)));
    this.sweeps = fixed.length > 1 ? sweeps : 0;
    const c = fixed.length;
    const rcc = block(correlation, d, fixed, fixed);
    const precision = c > 0 ? invertSpd(rcc, c) : new Float64Array(0);
    if (!precision) throw new ModelError({}, 'the correlation matrix is not positive definite');
    this.sigma = new Float64Array(c);
    this.weights = new Float64Array(c * c);
    for (let j = 0; j < c; j++) {
      const pjj = precision[j * c + j];
      this.sigma[j] = 1 / Math.sqrt(pjj);
      for (let k = 0; k < c; k++) if (k !== j) this.weights[j * c + k] = -precision[j * c + k] / pjj;
    }
    const u = free.length;
    const ruc = block(correlation, d, free, fixed);
    this.regression = multiply(ruc, precision, u, c, c);
    const schur = block(correlation, d, free, free);
    const explained = multiply(this.regression, block(correlation, d, fixed, free), u, c, u);
    for (let i = 0; i < u * u; i++) schur[i] -= explained[i];
    const factor = cholesky(schur, u);
    if (!factor) throw new ModelError({}, 'the correlation matrix is not positive definite');
    this.factor = factor;
    this.noise = new Float64Array(u * FREE_ROWS);
  }

  /**
   * Fills rows [0, size) of z (row-major, d per row) with draws, and of `chosen` (c per row) with the
   * interval index of each constrained latent.
   */
  drawBlock(z: Float64Array, chosen: Int32Array, size: number, gibbs: Rng, normals: Rng): void {
    const c = this.fixed.length;
    for (let row = 0; row < size; row++) {
      const at = row * this.d;
      const pick = row * c;
      for (let j = 0; j < c; j++) z[at + this.fixed[j]] = this.drawOne(j, 0, 1, chosen, pick, gibbs);
      for (let sweep = 0; sweep < this.sweeps; sweep++)
        for (let j = 0; j < c; j++) {
          let mean = 0;
          for (let k = 0; k < c; k++) mean += this.weights[j * c + k] * z[at + this.fixed[k]];
          z[at + this.fixed[j]] = this.drawOne(j, mean, this.sigma[j], chosen, pick, gibbs);
        }
    }
    for (let from = 0; from < size; from += FREE_ROWS)
      this.drawFree(z, from, Math.min(FREE_ROWS, size - from), normals);
  }

  /**
   * The free coordinates of rows [from, from + rows): a few rows per pass over the Cholesky factor,
   * which a wide model cannot keep in cache; each row's sums and random draws are as one at a time.
   */
  private drawFree(z: Float64Array, from: number, rows: number, normals: Rng): void {
    const u = this.free.length;
    const d = this.d;
    const { factor, noise } = this;
    // Inversion of a uniform by Acklam's rational function: faster than the polar method here.
    for (let r = 0; r < rows; r++)
      for (let i = 0; i < u; i++) noise[r * u + i] = roughQuantile(normals.uniformOpen());
    for (let i = 0; i < u; i++) {
      const row = i * u;
      let r = 0;
      // Four rows share each load of the factor's row.
      for (; r + 4 <= rows; r += 4) {
        const o = r * u;
        let v0 = 0;
        let v1 = 0;
        let v2 = 0;
        let v3 = 0;
        for (let k = 0; k <= i; k++) {
          const f = factor[row + k];
          v0 += f * noise[o + k];
          v1 += f * noise[o + u + k];
          v2 += f * noise[o + 2 * u + k];
          v3 += f * noise[o + 3 * u + k];
        }
        this.finishFree(z, (from + r) * d, i, v0);
        this.finishFree(z, (from + r + 1) * d, i, v1);
        this.finishFree(z, (from + r + 2) * d, i, v2);
        this.finishFree(z, (from + r + 3) * d, i, v3);
      }
      for (; r < rows; r++) {
        const offset = r * u;
        let value = 0;
        for (let k = 0; k <= i; k++) value += factor[row + k] * noise[offset + k];
        this.finishFree(z, (from + r) * d, i, value);
      }
    }
  }

  /** Adds the regression on the row's constrained coordinates and stores free coordinate i. */
  private finishFree(z: Float64Array, at: number, i: number, noisePart: number): void {
    const c = this.fixed.length;
    const { regression, fixed, free } = this;
    let value = noisePart;
    for (let k = 0; k < c; k++) value += regression[i * c + k] * z[at + fixed[k]];
    z[at + free[i]] = value;
  }

  /** One draw of N(mean, sd²) truncated to the union of coordinate j's intervals. */
  private drawOne(j: number, mean: number, sd: number, chosen: Int32Array, at: number, rng: Rng): number {
    const intervals = this.intervals[j];
    let pick = 0;
    if (intervals.length > 1) pick = pickInterval(intervals, mean, sd, this.masses, rng);
    chosen[at + j] = pick;
    const { lo, hi } = intervals[pick];
    const z = mean + sd * truncatedStandardNormal((lo - mean) / sd, (hi - mean) / sd, rng);
    return z < lo ? lo : z >= hi ? Math.max(lo, hi - Math.max(Math.abs(hi), 1) * 1e-12) : z;
  }

  get constrained(): Int32Array {
    return this.fixed;
  }
}

/** An interval drawn with probability proportional to its mass under N(mean, sd²); `masses` is scratch. */
function pickInterval(
  intervals: readonly LatentInterval[],
  mean: number,
  sd: number,
  masses: Float64Array,
  rng: Rng,
): number {
  let total = 0;
  for (let i = 0; i < intervals.length; i++) {
    masses[i] = normalMass((intervals[i].lo - mean) / sd, (intervals[i].hi - mean) / sd);
    total += masses[i];
  }
  if (total > 0) {
    let u = rng.uniform() * total;
    for (let i = 0; i < intervals.length; i++) {
      u -= masses[i];
      if (u < 0) return i;
    }
    return intervals.length - 1;
  }
  // Every interval is beyond double precision from the mean: take the nearest one.
  let best = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  intervals.forEach(({ lo, hi }, i) => {
    const distance = mean < lo ? lo - mean : mean >= hi ? mean - hi : 0;
    if (distance < bestDistance) [best, bestDistance] = [i, distance];
  });
  return best;
}
