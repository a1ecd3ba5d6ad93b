/**
 * Clinical utility: does the synthetic table support the same clinical conclusions as the real one?
 * Survival curves and medians, stratified log-rank conclusions, Cox hazard ratios, train-on-
 * synthetic-test-on-real prediction and declared replication analyses, combined into a 0..1 score
 * judged by `thresholds.utility`. Parts that cannot be computed are listed in `skipped`, never
 * given a made-up number. See docs/validation/utility.md.
 */
import { DataError, StatisticsError } from '../../core/errors.js';
import type { Table } from '../../data/table.js';
import { type Skipped, type ValidationInput, verdictFor, worstVerdict } from '../types.js';
import { alignLevels, timeUnit } from './align.js';
import { MAX_STRATIFIERS } from './constants.js';
import { chooseCovariates, givenCovariates } from './covariates.js';
import { compareCox, fitCoxCoded } from './cox-agreement.js';
import { coxDesign } from './cox-design.js';
import { utilityDiscrepancies } from './discrepancies.js';
import { type ReplicationSpec, replicate } from './replication.js';
import { chooseRiskGroup } from './risk-groups.js';
import { combineParts, meanOrNull } from './score.js';
import { compareStrata, rankStratifiers } from './stratified.js';
import { compareSurvival, type Endpoint } from './survival-agreement.js';
import { type TstrOutcome, tstrForTarget } from './tstr.js';
import { tstrSurvival } from './tstr-survival.js';
import type {
  CoxComparison,
  StratifiedComparison,
  SurvivalComparison,
  TstrResult,
  UtilityReport,
} from './types.js';

export { ReplicationAnalysis, ReplicationSpec } from './replication.js';
export type * from './types.js';

export interface UtilityOptions {
  /** Declared analyses to replicate. */
  readonly replication?: ReplicationSpec;
  /**
   * Cox terms for every endpoint, used as given, instead of the default (age-like columns and the
   * strongest baseline stratifiers, never a column measured after baseline).
   */
  readonly coxTerms?: readonly string[];
}

export function utility(input: ValidationInput, options: UtilityOptions = {}): UtilityReport {
  const { real, schema, thresholds, smallCell } = input;
  const synthetic = alignLevels(real, input.synthetic);
  const holdout = input.holdout ? alignLevels(real, input.holdout) : undefined;
  const skipped: Skipped[] = [];
  const survival: SurvivalComparison[] = [];
  const stratified: StratifiedComparison[] = [];
  const cox: CoxComparison[] = [];
  const coxTerms = new Map<string, readonly string[]>();
  for (const endpoint of input.endpoints) {
    const unit = timeUnit(endpoint.time, schema);
    const ranked = attempt(skipped, `stratified:${endpoint.name}`, () =>
      rankStratifiers(real, schema, endpoint, unit),
    );
    const riskGroup = ranked && chooseRiskGroup(real, schema, endpoint, ranked);
    const survivalResult = attempt(skipped, `survival:${endpoint.name}`, () =>
      compareSurvival(real, synthetic, endpoint, schema, smallCell, riskGroup),
    );
    if (!survivalResult || !ranked) continue;
    survival.push(survivalResult);
    for (const s of ranked.slice(0, MAX_STRATIFIERS)) {
      const c = compareStrata(real, synthetic, endpoint, s, thresholds.alpha, unit, smallCell);
      if (c) stratified.push(c);
      else
        skipped.push({
          metric: `stratified:${endpoint.name}:${s.column}`,
          reason: 'no events to test in the synthetic table',
        });
    }
    const covariates = options.coxTerms
      ? givenCovariates(schema, options.coxTerms)
      : chooseCovariates(real, schema, endpoint, ranked, smallCell);
    const terms = covariates.chosen;
    coxTerms.set(endpoint.name, terms);
    if (terms.length === 0) {
      skipped.push({
        metric: `cox:${endpoint.name}`,
        reason: 'no covariates: no age column and no baseline stratifier found',
      });
      continue;
    }
    const fitted = attempt(skipped, `cox:${endpoint.name}`, () => {
      const design = describeFailure('real', () => coxDesign(real, schema, endpoint, terms, smallCell));
      const r = describeFailure('real', () => fitCoxCoded(real, endpoint, design));
      const s = describeFailure('synthetic', () => fitCoxCoded(synthetic, endpoint, design));
      return compareCox(r, s, endpoint.name, { alpha: thresholds.alpha, schema, covariates, design });
    });
    if (fitted) cox.push(fitted);
  }
  const tstr = holdout ? runTstr(input, synthetic, holdout, coxTerms, skipped) : [];
  if (!holdout)
    skipped.push({
      metric: 'tstr',
      reason: 'needs a holdout table: TSTR is scored on real rows no model or generator saw',
    });
  const replication = options.replication
    ? replicate(options.replication, real, synthetic, input.endpoints, schema, thresholds.alpha, smallCell)
    : { results: [], skipped: [] };
  skipped.push(...replication.skipped);
  const stratifiedAgreement = stratified.length
    ? stratified.filter((s) => s.agrees).length / stratified.length
    : null;
  const parts = {
    survival: meanOrNull(survival.map((s) => s.score)),
    stratified: stratifiedAgreement,
    cox: meanOrNull(cox.map((c) => c.agreement)),
    tstr: meanOrNull(tstr.map((t) => t.ratio)),
    replication: meanOrNull(replication.results.map((r) => r.agreement)),
  };
  const { score, weights } = combineParts(parts);
  const discrepancies = utilityDiscrepancies(survival, stratified, cox, tstr, thresholds.alpha);
  const reversed = discrepancies.filter((d) => d.severity === 'fail');
  const diagnostics: string[] = [];
  if (reversed.length)
    diagnostics.push(
      `the verdict is fail whatever the score: ${reversed.length} clinical conclusion(s) reversed or lost (${reversed.map((d) => d.subject).join('; ')})`,
    );
  if (tstr.length > 0 && parts.tstr === null)
    diagnostics.push('no real-trained model beat chance on the holdout, so TSTR is left out of the score');
  if (score === null) {
    diagnostics.push('nothing could be compared: no endpoints, targets or analyses were usable');
    skipped.push({ metric: 'utility.score', reason: 'no part of the score could be computed' });
  }
  return {
    score,
    // A reversed or lost clinical conclusion cannot pass, however well the rest agrees.
    verdict: worstVerdict([verdictFor(score, thresholds.utility), reversed.length ? 'fail' : 'pass']),
    thresholds: { ...thresholds.utility, alpha: thresholds.alpha },
    smallCell,
    parts,
    weights,
    survival,
    stratified,
    stratifiedAgreement,
    cox,
    tstr,
    replication: replication.results,
    discrepancies,
    skipped,
    diagnostics,
  };
}

function runTstr(
  input: ValidationInput,
  synthetic: Table,
  holdout: Table,
  coxTerms: ReadonlyMap<string, readonly string[]>,
  skipped: Skipped[],
): TstrResult[] {
  if (input.targets.length === 0) {
    skipped.push({ metric: 'tstr', reason: 'no prediction targets (the targets option)' });
    return [];
  }
  const results: TstrResult[] = [];
  const tables = {
    real: input.real,
    synthetic,
    holdout,
    schema: input.schema,
    rng: input.rng.split('utility:tstr'),
  };
  for (const target of input.targets) {
    const endpoint = input.endpoints.find((e) => e.name === target || e.time === target);
    let outcome: TstrOutcome;
    if (endpoint) {
      const terms = coxTerms.get(endpoint.name) ?? [];
      outcome = tstrSurvival(input.real, synthetic, holdout, endpoint, terms);
    } else if (!input.real.has(target)) {
      outcome = {
        results: [],
        skipped: [{ metric: `tstr:${target}`, reason: 'no such column in the data' }],
      };
    } else {
      outcome = tstrForTarget(tables, target);
    }
    results.push(...outcome.results);
    skipped.push(...outcome.skipped);
  }
  return results;
}

/** Runs `f`; a StatisticsError or DataError becomes a skipped entry instead. */
function attempt<T>(skipped: Skipped[], metric: string, f: () => T): T | undefined {
  try {
    return f();
  } catch (error) {
    if (!(error instanceof StatisticsError || error instanceof DataError)) throw error;
    skipped.push({ metric, reason: error.message });
    return undefined;
  }
}

/** Prefixes the failure with the table it happened on. */
function describeFailure<T>(table: 'real' | 'synthetic', f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof StatisticsError) throw new StatisticsError(`${table} table: ${error.message}`);
    if (error instanceof DataError) throw new StatisticsError(`${table} table: ${error.message}`);
    throw error;
  }
}

export type { Endpoint };
