/**
 * Cox regression with a ridge (L2) penalty on the coefficients: maximises
 * log PL(β) − (λ/2)·Σ βⱼ², by Newton–Raphson with step-halving (Verweij & van Houwelingen, 1994,
 * "Penalized likelihood in Cox regression", Stat Med 13:2427–2436; R's `coxph(… + ridge(…))`).
 * The penalty keeps every coefficient finite and the information matrix positive definite, so a
 * rare indicator whose carriers all die (or none do), or two collinear columns, give a shrunken
 * estimate instead of a separation error: what a generator needs, which must always get a model.
 * The penalty acts on the columns as given: scale them first (e.g. numbers per standard deviation,
 * indicators as 0/1) so that one λ means the same prior for every column.
 *
 * Ties in time by Breslow's approximation. Rows are stored sparsely: a design of many rare 0/1
 * indicators (mutations) has few non-zeros per row, and the risk-set sums Σ exp(η) x xᵀ then cost
 * O(non-zeros²) per row instead of O(p²). This is not `coxph`: no tests, no standard errors, no
 * diagnostics; for inference use `coxph` (checked against it in the tests).
 */
import { factorize, solve } from './cholesky.js';
import { newtonAscent } from './newton-ascent.js';
import { ridgeCoxWide } from './ridge-cox-wide.js';
import { linearPredictor, type SparseData, sparseRows } from './sparse-rows.js';

export interface RidgeCoxOptions {
  /** λ, the weight of the penalty; 0 is the plain Cox fit (which may then diverge). */
  readonly penalty: number;
  readonly maxIterations?: number;
  /** Stop when the penalised log-likelihood changes by at most eps relative to its size. */
  readonly eps?: number;
}

/**
 * Beyond this many design columns the information matrix (O(deaths·p²) per pass, O(p³) to factor)
 * is never formed: Newton steps are solved by conjugate gradients on Hessian–vector products
 * (`ridge-cox-wide.ts`). Up to it the dense Newton below, which every model of ordinary width was
 * fitted with, so those stay byte-identical.
 */
const DENSE_MAX = 200;

export interface RidgeCoxFit {
  readonly coef: Float64Array;
  /** Penalised log partial likelihood at the estimate. */
  readonly loglik: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** `columns` are the covariates (one Float64Array per column); `status` 1 = event, 0 = censored. */
export function ridgeCox(
  time: Float64Array,
  status: Uint8Array,
  columns: readonly Float64Array[],
  options: RidgeCoxOptions,
): RidgeCoxFit {
  const lambda = options.penalty;
  if (!(lambda >= 0)) throw new RangeError(`the ridge penalty must be ≥ 0, got ${lambda}`);
  const data = sparseRows(time, status, columns);
  const p = columns.length;
  const maxIterations = options.maxIterations ?? 25;
  const eps = options.eps ?? 1e-9;
  if (p > DENSE_MAX && lambda > 0) return ridgeCoxWide(data, lambda, maxIterations, eps);
  if (p === 0 || !status.includes(1)) {
    const beta = new Float64Array(p);
    return { coef: beta, loglik: penalisedPass(data, beta, lambda).loglik, iterations: 0, converged: true };
  }
  return newtonAscent(
    p,
    (beta) => penalisedPass(data, beta, lambda),
    (current) => solve(factorize(current.information, p, 1e-12), current.score),
    maxIterations,
    eps,
  );
}

interface Pass {
  loglik: number;
  score: Float64Array;
  /** p × p, row-major, symmetric; penalty included. */
  information: Float64Array;
}

/**
 * Penalised log partial likelihood, score and information in one backward pass: the risk-set sums
 * s0 = Σ w, s1 = Σ w x, s2 = Σ w x xᵀ (w = exp(η − max η), so they cannot overflow) grow as time
 * decreases; the d deaths at a time add η − log s0 and, to the information, d·(s2/s0 − s1 s1ᵀ/s0²).
 */
function penalisedPass(data: SparseData, beta: Float64Array, lambda: number): Pass {
  const { n, p, time, status, start, index, value } = data;
  const { eta, top } = linearPredictor(data, beta);
  const s1 = new Float64Array(p);
  const s2 = new Float64Array(p * p);
  const score = new Float64Array(p);
  const information = new Float64Array(p * p);
  const mean = new Float64Array(p);
  let s0 = 0;
  let loglik = 0;
  for (let i = n - 1; i >= 0; ) {
    const t = time[i];
    let deaths = 0;
    for (; i >= 0 && time[i] === t; i--) {
      const w = Math.exp(eta[i] - top);
      s0 += w;
      for (let a = start[i]; a < start[i + 1]; a++) {
        const ja = index[a];
        const wx = w * value[a];
        s1[ja] += wx;
        for (let b = start[i]; b <= a; b++) s2[ja * p + index[b]] += wx * value[b];
      }
      if (status[i] !== 1) continue;
      deaths++;
      loglik += eta[i];
      for (let a = start[i]; a < start[i + 1]; a++) score[index[a]] += value[a];
    }
    if (deaths === 0) continue;
    loglik -= deaths * (Math.log(s0) + top);
    const scale = deaths / s0;
    for (let j = 0; j < p; j++) mean[j] = s1[j] / s0;
    for (let j = 0; j < p; j++) {
      const mj = mean[j];
      score[j] -= deaths * mj;
      const row = j * p;
      const dm = deaths * mj;
      for (let k = 0; k <= j; k++) information[row + k] += scale * s2[row + k] - dm * mean[k];
    }
  }
  let norm = 0;
  for (let j = 0; j < p; j++) {
    norm += beta[j] * beta[j];
    score[j] -= lambda * beta[j];
    information[j * p + j] += lambda;
    for (let k = 0; k < j; k++) information[k * p + j] = information[j * p + k];
  }
  return { loglik: loglik - (lambda / 2) * norm, score, information };
}
