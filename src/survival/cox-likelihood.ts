/**
 * The Cox log partial likelihood, its score and information, in one backward pass over the data
 * sorted by time: the risk-set sums Σ r, Σ r x and Σ r x xᵀ (r = exp(xβ)) grow as time decreases,
 * so a pass costs O(n p²) instead of O(n² p). Tied event times use Efron's (1977) approximation
 * or Breslow's (1974).
 */

export type Ties = 'efron' | 'breslow';

/** Rows sorted by ascending time; x is row-major n × p. */
export interface CoxData {
  readonly n: number;
  readonly p: number;
  readonly time: Float64Array;
  readonly status: Uint8Array;
  readonly x: Float64Array;
}

export interface LikelihoodPass {
  readonly loglik: number;
  readonly score: Float64Array;
  /** p × p, row-major, symmetric. */
  readonly information: Float64Array;
}

/** Risk-set sums: s0 = Σ r, s1 = Σ r x, s2 = Σ r x xᵀ (lower triangle used). */
interface Sums {
  s0: number;
  s1: Float64Array;
  s2: Float64Array;
}

const sums = (p: number): Sums => ({ s0: 0, s1: new Float64Array(p), s2: new Float64Array(p * p) });

function add(target: Sums, risk: number, x: Float64Array, offset: number, p: number): void {
  target.s0 += risk;
  for (let j = 0; j < p; j++) {
    const rx = risk * x[offset + j];
    target.s1[j] += rx;
    for (let k = 0; k <= j; k++) target.s2[j * p + k] += rx * x[offset + k];
  }
}

export function partialLikelihood(data: CoxData, beta: Float64Array, ties: Ties): LikelihoodPass {
  const { n, p, time, status, x } = data;
  const out = { loglik: 0, score: new Float64Array(p), information: new Float64Array(p * p) };
  const risk = sums(p);
  const dead = sums(p);
  for (let i = n - 1; i >= 0; ) {
    const current = time[i];
    let deaths = 0;
    for (; i >= 0 && time[i] === current; i--) {
      const offset = i * p;
      let eta = 0;
      for (let j = 0; j < p; j++) eta += beta[j] * x[offset + j];
      if (status[i] !== 1) {
        add(risk, Math.exp(eta), x, offset, p);
        continue;
      }
      deaths++;
      add(dead, Math.exp(eta), x, offset, p);
      out.loglik += eta;
      for (let j = 0; j < p; j++) out.score[j] += x[offset + j];
    }
    if (deaths > 0) addDeaths(out, risk, dead, deaths, p, ties);
  }
  for (let j = 0; j < p; j++)
    for (let k = 0; k < j; k++) out.information[k * p + j] = out.information[j * p + k];
  return out;
}

/**
 * The deaths at one time join the risk set; each contributes −log S0 and the weighted mean and
 * covariance of x. Efron: the j-th of d tied deaths sees the sums with (j/d) of the dying removed.
 */
function addDeaths(
  out: { loglik: number; score: Float64Array; information: Float64Array },
  risk: Sums,
  dead: Sums,
  d: number,
  p: number,
  ties: Ties,
): void {
  risk.s0 += dead.s0;
  for (let j = 0; j < p; j++) risk.s1[j] += dead.s1[j];
  for (let j = 0; j < p * p; j++) risk.s2[j] += dead.s2[j];
  const steps = ties === 'efron' ? d : 1;
  const weight = ties === 'efron' ? 1 : d;
  const mean = new Float64Array(p);
  for (let step = 0; step < steps; step++) {
    const f = step / d;
    const s0 = risk.s0 - f * dead.s0;
    out.loglik -= weight * Math.log(s0);
    for (let j = 0; j < p; j++) {
      mean[j] = (risk.s1[j] - f * dead.s1[j]) / s0;
      out.score[j] -= weight * mean[j];
      for (let k = 0; k <= j; k++) {
        const s2 = (risk.s2[j * p + k] - f * dead.s2[j * p + k]) / s0;
        out.information[j * p + k] += weight * (s2 - mean[j] * mean[k]);
      }
    }
  }
  dead.s0 = 0;
  dead.s1.fill(0);
  dead.s2.fill(0);
}
