/**
 * TSTR for a survival endpoint: a Cox model on a handful of covariates fitted on the real training
 * table and on the synthetic one, each scored by Harrell's C-index of its linear predictor on the
 * real holdout.
 */
import { DataError, StatisticsError } from '../../core/errors.js';
import type { Table } from '../../data/table.js';
import { type CoxFit, concordance, modelMatrix, survivalInput } from '../../survival/index.js';
import { fitCox } from './cox-agreement.js';
import type { Endpoint } from './survival-agreement.js';
import { skillRatio, type TstrOutcome } from './tstr.js';
import type { TstrResult } from './types.js';

export function tstrSurvival(
  real: Table,
  synthetic: Table,
  holdout: Table,
  endpoint: Endpoint,
  terms: readonly string[],
): TstrOutcome {
  const metric = `tstr:${endpoint.name}`;
  if (terms.length === 0)
    return { results: [], skipped: [{ metric, reason: 'no covariates for a Cox model' }] };
  try {
    return { results: [score(real, synthetic, holdout, endpoint, terms)], skipped: [] };
  } catch (error) {
    if (!(error instanceof StatisticsError || error instanceof DataError)) throw error;
    return { results: [], skipped: [{ metric, reason: `Cox model failed: ${error.message}` }] };
  }
}

function score(
  real: Table,
  synthetic: Table,
  holdout: Table,
  endpoint: Endpoint,
  terms: readonly string[],
): TstrResult {
  const fits = [fitCox(real, endpoint, terms), fitCox(synthetic, endpoint, terms)];
  const test = survivalInput(holdout, { ...endpoint, others: terms });
  const matrix = modelMatrix(holdout, terms, test.rows);
  const cIndex = (fit: CoxFit) => {
    const lp = new Float64Array(test.rows.length);
    fit.terms.forEach((term, j) => {
      // A level the holdout lacks is a dummy of zeros: leaving it out is exact.
      const at = matrix.names.indexOf(term.term);
      if (at < 0) return;
      const column = matrix.columns[at];
      for (let i = 0; i < lp.length; i++) lp[i] += fit.terms[j].coef * column[i];
    });
    return concordance(test.time, test.status, lp).concordance;
  };
  const trainRealTestReal = cIndex(fits[0]);
  const trainSyntheticTestReal = cIndex(fits[1]);
  return {
    target: endpoint.name,
    model: 'cox',
    metric: 'c-index',
    trainRealTestReal,
    trainSyntheticTestReal,
    ratio: skillRatio('c-index', trainRealTestReal, trainSyntheticTestReal),
    trainRows: { real: fits[0].n, synthetic: fits[1].n },
    testRows: test.rows.length,
    features: fits[0].terms.length,
  };
}
