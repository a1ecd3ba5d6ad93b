/**
 * The ridge Cox fit of `ridge-cox.ts` for designs with many columns (a genomic panel): the same
 * penalised partial likelihood and Newton iteration with step-halving, but each Newton step solved by
 * conjugate gradients on Hessian–vector products (truncated Newton; Nocedal & Wright, Numerical
 * Optimization, 2nd ed., §7.1), so the p × p information matrix is never formed. Under Breslow's
 * ties the information is Σ_t d_t (S2_t/s0_t − s1_t s1_tᵀ/s0_t²); with u = X·v, and risk sets
 * R_t = {i : t_i ≥ t}, its product with v is
 *
 *   H·v = Σ_i w_i x_i (u_i C_i − E_i),  C_i = Σ_{t ≤ t_i} d_t/s0_t,  E_i = Σ_{t ≤ t_i} d_t q_t/s0_t²,
 *   q_t = Σ_{j ∈ R_t} w_j u_j,
 *
 * cumulative sums over the sorted times: O(non-zeros + n) per product instead of O(deaths·p²) per
 * pass. The penalty makes the system positive definite, so conjugate gradients (preconditioned by
 * the information's diagonal) converge; the
 * estimate is the dense fit's to within the convergence tolerance.
 */
import { newtonAscent } from './newton-ascent.js';
import type { RidgeCoxFit } from './ridge-cox.js';
import { linearPredictor, type SparseData } from './sparse-rows.js';

/**
 * Conjugate gradients stop at a residual of η·‖g‖ with the forcing term η = min(½, √‖g‖) (Dembo,
 * Eisenstat & Steihaug, SIAM J Numer Anal 1982: inexact Newton stays superlinear), never looser than
 * needed near the optimum, or after `MAX_CG` steps.
 */
const MAX_CG = 500;

export function ridgeCoxWide(
  data: SparseData,
  lambda: number,
  maxIterations: number,
  eps: number,
): RidgeCoxFit {
  const ties = tieGroups(data);
  if (data.p === 0 || !data.status.includes(1)) {
    const beta = new Float64Array(data.p);
    return { coef: beta, loglik: widePass(data, ties, beta, lambda).loglik, iterations: 0, converged: true };
  }
  return newtonAscent(
    data.p,
    (beta) => widePass(data, ties, beta, lambda),
    (current) =>
      conjugateGradient(
        (v, out) => hessianTimes(data, ties, current, lambda, v, out),
        current.score,
        diagonalOf(data, current, lambda),
      ),
    maxIterations,
    eps,
  );
}

/** Rows of equal time: group g is rows [start[g], start[g + 1]); deaths[g] of them are events. */
interface Ties {
  readonly start: Uint32Array;
  readonly deaths: Float64Array;
}

function tieGroups({ n, time, status }: SparseData): Ties {
  const starts: number[] = [];
  const deaths: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i === 0 || time[i] !== time[i - 1]) {
      starts.push(i);
      deaths.push(0);
    }
    if (status[i] === 1) deaths[deaths.length - 1]++;
  }
  starts.push(n);
  return { start: Uint32Array.from(starts), deaths: Float64Array.from(deaths) };
}

interface WidePass {
  loglik: number;
  score: Float64Array;
  /** exp(η_i − max η) per row. */
  w: Float64Array;
  /** The risk-set total s0_t of each tie group. */
  s0: Float64Array;
  /** C_i per row: the cumulative d_t/s0_t up to its time. */
  c: Float64Array;
}

function widePass(data: SparseData, ties: Ties, beta: Float64Array, lambda: number): WidePass {
  const { n, p, status, start, index, value } = data;
  const groups = ties.deaths.length;
  const { eta, top } = linearPredictor(data, beta);
  const w = eta.map((e) => Math.exp(e - top));
  const s0 = new Float64Array(groups);
  let total = 0;
  let loglik = 0;
  for (let g = groups - 1; g >= 0; g--) {
    for (let i = ties.start[g]; i < ties.start[g + 1]; i++) total += w[i];
    s0[g] = total;
    if (ties.deaths[g] > 0) loglik -= ties.deaths[g] * (Math.log(total) + top);
  }
  const c = new Float64Array(n);
  const score = new Float64Array(p);
  let hazard = 0;
  for (let g = 0; g < groups; g++) {
    hazard += ties.deaths[g] / s0[g];
    for (let i = ties.start[g]; i < ties.start[g + 1]; i++) {
      c[i] = hazard;
      const event = status[i] === 1;
      if (event) loglik += eta[i];
      const weight = (event ? 1 : 0) - w[i] * hazard;
      for (let k = start[i]; k < start[i + 1]; k++) score[index[k]] += weight * value[k];
    }
  }
  let norm = 0;
  for (let j = 0; j < p; j++) {
    norm += beta[j] * beta[j];
    score[j] -= lambda * beta[j];
  }
  return { loglik: loglik - (lambda / 2) * norm, score, w, s0, c };
}

/** out = (H + λI)·v at the pass's β. */
function hessianTimes(
  data: SparseData,
  ties: Ties,
  pass: WidePass,
  lambda: number,
  v: Float64Array,
  out: Float64Array,
): void {
  const { n, p, start, index, value } = data;
  const { w, s0, c } = pass;
  const groups = ties.deaths.length;
  const wu = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let u = 0;
    for (let k = start[i]; k < start[i + 1]; k++) u += v[index[k]] * value[k];
    wu[i] = w[i] * u;
  }
  const e = new Float64Array(groups);
  let q = 0;
  for (let g = groups - 1; g >= 0; g--) {
    for (let i = ties.start[g]; i < ties.start[g + 1]; i++) q += wu[i];
    e[g] = (ties.deaths[g] * q) / (s0[g] * s0[g]);
  }
  for (let j = 0; j < p; j++) out[j] = lambda * v[j];
  let cumulative = 0;
  for (let g = 0; g < groups; g++) {
    cumulative += e[g];
    for (let i = ties.start[g]; i < ties.start[g + 1]; i++) {
      const r = wu[i] * c[i] - w[i] * cumulative;
      if (r === 0) continue;
      for (let k = start[i]; k < start[i + 1]; k++) out[index[k]] += r * value[k];
    }
  }
}

/**
 * Solves A·x = b for a symmetric positive definite A given as a product, by conjugate gradients
 * preconditioned with `diagonal` ≈ diag(A) (Hestenes & Stiefel, 1952; Golub & Van Loan §11.5).
 */
function conjugateGradient(
  times: (v: Float64Array, out: Float64Array) => void,
  b: Float64Array,
  diagonal: Float64Array,
): Float64Array {
  const p = b.length;
  const x = new Float64Array(p);
  const r = Float64Array.from(b);
  const z = r.map((v, j) => v / diagonal[j]);
  const d = Float64Array.from(z);
  const ad = new Float64Array(p);
  let rz = dot(r, z);
  const norm = Math.sqrt(dot(r, r));
  const stop = (norm * Math.min(0.5, Math.sqrt(norm))) ** 2;
  for (let k = 0; k < Math.min(MAX_CG, 2 * p) && dot(r, r) > stop && rz > 0; k++) {
    times(d, ad);
    const curvature = dot(d, ad);
    if (!(curvature > 0)) break;
    const alpha = rz / curvature;
    for (let j = 0; j < p; j++) {
      x[j] += alpha * d[j];
      r[j] -= alpha * ad[j];
      z[j] = r[j] / diagonal[j];
    }
    const next = dot(r, z);
    const beta = next / rz;
    rz = next;
    for (let j = 0; j < p; j++) d[j] = z[j] + beta * d[j];
  }
  return x;
}

/** λ + Σ_i w_i x_ij² C_i: the information's diagonal without its (smaller) risk-set-mean part. */
function diagonalOf(data: SparseData, pass: WidePass, lambda: number): Float64Array {
  const { n, p, start, index, value } = data;
  const out = new Float64Array(p).fill(lambda);
  for (let i = 0; i < n; i++) {
    const weight = pass.w[i] * pass.c[i];
    for (let k = start[i]; k < start[i + 1]; k++) out[index[k]] += weight * value[k] * value[k];
  }
  return out;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}
