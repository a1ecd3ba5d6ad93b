/**
 * Messages for a Cox model that cannot be estimated, naming the terms so that the user knows
 * what to drop or merge.
 */
import { StatisticsError } from '../core/errors.js';
import { type Factorization, factorize, solve } from './cholesky.js';
import type { CoxCovariates } from './cox.js';
import type { NewtonResult } from './cox-newton.js';

const quote = (names: readonly string[]) => names.map((name) => `'${name}'`).join(', ');

/**
 * A dropped pivot means that column is a linear combination of earlier ones (in the information
 * metric); regressing it on the kept earlier columns names its partners.
 */
export function describeCollinearity(f: Factorization, covariates: CoxCovariates): StatisticsError {
  const p = f.n;
  const parts: string[] = [];
  let first: number | undefined;
  for (let j = 0; j < p; j++) {
    if (!f.singular[j]) continue;
    first ??= j;
    const partners = partnersOf(j, f, covariates);
    parts.push(
      partners.length
        ? `'${covariates.names[j]}' is a linear combination of ${quote(partners)}`
        : `'${covariates.names[j]}' is constant`,
    );
  }
  return new StatisticsError(
    `collinear terms in the Cox model: ${parts.join('; ')}. Remove one of them (or merge the categories).`,
    { column: covariates.terms?.[first ?? 0] },
  );
}

function partnersOf(j: number, f: Factorization, covariates: CoxCovariates): string[] {
  const kept: number[] = [];
  for (let k = 0; k < j; k++) if (!f.singular[k]) kept.push(k);
  if (kept.length === 0) return [];
  // the information matrix is not kept, so rebuild the covariance of the columns directly
  const m = kept.length;
  const cross = (a: Float64Array, b: Float64Array) => {
    const ma = mean(a);
    const mb = mean(b);
    let s = 0;
    for (let i = 0; i < a.length; i++) s += (a[i] - ma) * (b[i] - mb);
    return s;
  };
  const gram = new Float64Array(m * m);
  const rhs = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    rhs[a] = cross(covariates.columns[kept[a]], covariates.columns[j]);
    for (let b = 0; b < m; b++)
      gram[a * m + b] = cross(covariates.columns[kept[a]], covariates.columns[kept[b]]);
  }
  const weights = solve(factorize(gram, m, 1e-10), rhs);
  const sd = (k: number) => Math.sqrt(cross(covariates.columns[k], covariates.columns[k]));
  const target = sd(j);
  return kept
    .filter((k, a) => target > 0 && Math.abs(weights[a] * sd(k)) > 1e-6 * target)
    .map((k) => covariates.names[k]);
}

function mean(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

export function describeSeparation(
  fit: NewtonResult,
  covariates: CoxCovariates,
  running: number[],
  scale: Float64Array,
): StatisticsError {
  const names = running.length ? running : largestCoefficient(fit, scale);
  const terms = names.map((j) => covariates.names[j]);
  const what = fit.converged
    ? 'the log-likelihood converged while the coefficient kept growing'
    : `the fit did not converge in ${fit.iterations} iterations`;
  return new StatisticsError(
    `the Cox model cannot be estimated: ${what}, so the hazard ratio for ${quote(terms)} is infinite or zero ` +
      '(separation: e.g. a group with no events, or a covariate that perfectly orders the event times). ' +
      'Merge sparse categories or drop the term.',
    { column: covariates.terms?.[names[0]] },
  );
}

function largestCoefficient(fit: NewtonResult, scale: Float64Array): number[] {
  let best = 0;
  for (let j = 1; j < fit.beta.length; j++)
    if (Math.abs(fit.beta[j] * scale[j]) > Math.abs(fit.beta[best] * scale[best])) best = j;
  return [best];
}
