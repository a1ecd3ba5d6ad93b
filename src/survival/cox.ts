/**
 * Cox proportional hazards regression, with results as R's `coxph` reports them: coefficients,
 * hazard ratios, standard errors, Wald z and p, 95% intervals, the log partial likelihood at 0
 * and at the estimate, likelihood-ratio, Wald and score tests, and Harrell's concordance.
 * Ties by Efron's method (R's default) or Breslow's. Separation (a coefficient running to ±∞)
 * and collinearity (a singular information matrix) are diagnosed as StatisticsErrors naming the
 * terms, never returned as NaN.
 *
 * Cox DR (1972) JRSS B 34:187–220; Efron B (1977) JASA 72:557–565.
 */
import { DataError, StatisticsError } from '../core/errors.js';
import { chiSquareSf, normalQuantile, normalTwoSidedP } from '../stats/distributions.js';
import { factorize, quadraticForm } from './cholesky.js';
import { type ConcordanceResult, concordance } from './concordance.js';
import { type CoxControlInput, coxControl } from './cox-control.js';
import { describeCollinearity, describeSeparation } from './cox-diagnostics.js';
import type { CoxData, Ties } from './cox-likelihood.js';
import { type NewtonResult, newtonRaphson } from './cox-newton.js';
import { mergeNearTies } from './ties.js';

export interface CoxOptions {
  ties?: Ties;
  control?: CoxControlInput;
  /** Coverage of the hazard-ratio intervals; 0.95 as in R. */
  confLevel?: number;
  /** Merge floating-point near-ties in time first (R's `timefix`); default true. */
  timefix?: boolean;
}

/** The covariates: one Float64Array per model-matrix column, with R-style names. */
export interface CoxCovariates {
  readonly names: readonly string[];
  readonly columns: readonly Float64Array[];
  /** The data column each matrix column comes from, for error locations (optional). */
  readonly terms?: readonly string[];
}

export interface TestResult {
  readonly statistic: number;
  readonly df: number;
  readonly p: number;
}

export interface CoxTerm {
  readonly term: string;
  readonly coef: number;
  readonly hr: number;
  readonly se: number;
  readonly z: number;
  readonly p: number;
  readonly lower: number;
  readonly upper: number;
}

export interface CoxFit {
  readonly method: 'coxph';
  readonly ties: Ties;
  readonly terms: CoxTerm[];
  /** p × p covariance of the coefficients, row-major. */
  readonly variance: Float64Array;
  /** Log partial likelihood at β = 0 and at the estimate. */
  readonly loglik: readonly [number, number];
  readonly likelihoodRatio: TestResult;
  readonly wald: TestResult;
  readonly score: TestResult;
  readonly n: number;
  readonly events: number;
  readonly iterations: number;
  /** Covariate means used for centring (0 for columns coded −1/0/1, as R). */
  readonly means: Float64Array;
  /** x β − Σ means β, as R's `linear.predictors`. */
  readonly linearPredictor: Float64Array;
  readonly concordance: ConcordanceResult;
  readonly diagnostics: string[];
}

/** Fits the Cox model to right-censored data; `status` is 1 for an event, 0 for censored. */
export function coxph(
  time: Float64Array,
  status: Uint8Array,
  covariates: CoxCovariates,
  options: CoxOptions = {},
): CoxFit {
  const control = coxControl(options.control);
  const ties = options.ties ?? 'efron';
  const t = options.timefix === false ? time : mergeNearTies(time);
  const p = checkInput(t, status, covariates);
  const { data, means, scale } = prepare(t, status, covariates.columns);
  const fit = newtonRaphson(data, ties, control);
  checkEstimable(fit, covariates, scale, control);
  const coef = fit.beta.map((b, j) => b * scale[j]);
  const variance = fit.variance.map((v, k) => v * scale[Math.floor(k / p)] * scale[k % p]);
  const linearPredictor = predictor(covariates.columns, coef, means);
  const diagnostics = fit.converged ? [] : [`did not converge in ${fit.iterations} iterations`];
  return {
    method: 'coxph',
    ties,
    terms: termTable(covariates.names, coef, variance, options.confLevel ?? 0.95),
    variance,
    loglik: [fit.loglikInitial, fit.loglik],
    ...tests(fit, coef, variance, control.tolerChol),
    n: t.length,
    events: status.reduce((sum, s) => sum + s, 0),
    iterations: fit.iterations,
    means,
    linearPredictor,
    concordance: concordance(t, status, linearPredictor, { timefix: false }),
    diagnostics,
  };
}

function checkInput(t: Float64Array, status: Uint8Array, covariates: CoxCovariates): number {
  const p = covariates.columns.length;
  if (p === 0) throw new RangeError('a Cox model needs at least one covariate');
  if (covariates.names.length !== p) throw new RangeError('one name per covariate column is needed');
  for (const column of covariates.columns)
    if (column.length !== t.length) throw new RangeError('covariates and times differ in length');
  if (status.length !== t.length) throw new RangeError('status and times differ in length');
  if (!t.every((v) => Number.isFinite(v) && v >= 0))
    throw new DataError({}, 'survival times must be finite and ≥ 0');
  covariates.columns.forEach((column, j) => {
    const bad = column.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0)
      throw new DataError(
        { column: covariates.terms?.[j] ?? covariates.names[j], row: bad + 1 },
        `covariate value ${column[bad]} is not finite`,
      );
  });
  if (!status.some((s) => s === 1)) throw new StatisticsError('no events: a Cox model cannot be fitted');
  return p;
}

/**
 * Rows sorted by time, covariates centred and divided by their mean absolute deviation, as R's
 * coxfit6 does, so that convergence is judged on comparable scales; 0/1 indicators stay as they
 * are (R's `nocenter = c(-1, 0, 1)`).
 */
function prepare(t: Float64Array, status: Uint8Array, columns: readonly Float64Array[]) {
  const n = t.length;
  const p = columns.length;
  const order = Uint32Array.from(t.keys()).sort((a, b) => t[a] - t[b]);
  const means = new Float64Array(p);
  const scale = new Float64Array(p).fill(1);
  columns.forEach((column, j) => {
    if (column.every((v) => v === 0 || v === 1 || v === -1)) return;
    means[j] = column.reduce((s, v) => s + v, 0) / n;
    const spread = column.reduce((s, v) => s + Math.abs(v - means[j]), 0);
    scale[j] = spread > 0 ? n / spread : 1;
  });
  const x = new Float64Array(n * p);
  const sortedTime = new Float64Array(n);
  const sortedStatus = new Uint8Array(n);
  order.forEach((row, i) => {
    sortedTime[i] = t[row];
    sortedStatus[i] = status[row];
    for (let j = 0; j < p; j++) x[i * p + j] = (columns[j][row] - means[j]) * scale[j];
  });
  const data: CoxData = { n, p, time: sortedTime, status: sortedStatus, x };
  return { data, means, scale };
}

/** R's checks after coxfit6: a singular information matrix, or a remaining Newton step that is
 * still large relative to the coefficient (`toler.inf`), or no convergence at all. */
function checkEstimable(
  fit: NewtonResult,
  covariates: CoxCovariates,
  scale: Float64Array,
  control: { eps: number; tolerInf: number; iterMax: number },
): void {
  if (fit.initial.rank < covariates.columns.length) throw describeCollinearity(fit.initial, covariates);
  // as R, a fit stopped after 0 or 1 iterations on request is not judged
  if (control.iterMax <= 1) return;
  const p = covariates.columns.length;
  const running: number[] = [];
  for (let j = 0; j < p; j++) {
    let step = 0;
    for (let k = 0; k < p; k++) step += fit.score[k] * fit.variance[k * p + j];
    const coef = fit.beta[j] * scale[j];
    const remaining = Math.abs(step * scale[j]);
    const flagged =
      !Number.isFinite(step) || (remaining > control.eps && remaining > control.tolerInf * Math.abs(coef));
    if (flagged || fit.final.singular[j]) running.push(j);
  }
  if (running.length > 0 || !fit.converged) throw describeSeparation(fit, covariates, running, scale);
}

function predictor(columns: readonly Float64Array[], coef: Float64Array, means: Float64Array): Float64Array {
  let shift = 0;
  for (let j = 0; j < coef.length; j++) shift += coef[j] * means[j];
  const lp = new Float64Array(columns[0].length);
  for (let i = 0; i < lp.length; i++) {
    let eta = 0;
    for (let j = 0; j < coef.length; j++) eta += columns[j][i] * coef[j];
    lp[i] = eta - shift;
  }
  return lp;
}

function termTable(
  names: readonly string[],
  coef: Float64Array,
  variance: Float64Array,
  confLevel: number,
): CoxTerm[] {
  const p = coef.length;
  const q = normalQuantile(1 - (1 - confLevel) / 2);
  return names.map((term, j) => {
    const se = Math.sqrt(variance[j * p + j]);
    const z = coef[j] / se;
    return {
      term,
      coef: coef[j],
      hr: Math.exp(coef[j]),
      se,
      z,
      p: normalTwoSidedP(z),
      lower: Math.exp(coef[j] - q * se),
      upper: Math.exp(coef[j] + q * se),
    };
  });
}

function tests(fit: NewtonResult, coef: Float64Array, variance: Float64Array, tolerChol: number) {
  const df = coef.length;
  const test = (statistic: number): TestResult => ({ statistic, df, p: chiSquareSf(statistic, df) });
  return {
    likelihoodRatio: test(2 * (fit.loglik - fit.loglikInitial)),
    wald: test(quadraticForm(factorize(variance, df, tolerChol), coef)),
    score: test(fit.scoreTest),
  };
}
