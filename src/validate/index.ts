/**
 * `validate`: fidelity, utility and privacy of a synthetic table against the real one (and a real
 * holdout the generator never saw), as one JSON report with a verdict per dimension. Each
 * dimension lives in its own folder; this file only assembles them.
 */
import { UsageError } from '../core/errors.js';
import type { ProgressHook } from '../core/progress.js';
import { Rng } from '../core/rng.js';
import type { Table } from '../data/table.js';
import { VERSION } from '../version.js';
import {
  type Endpoint,
  endpointsFor,
  quasiIdentifiersFor,
  targetsFor,
  usableEndpoints,
} from './endpoints.js';
import { type FidelityReport, fidelity } from './fidelity/index.js';
import { checkHoldoutOverlap, type HoldoutOverlap } from './holdout-overlap.js';
import {
  type ModelProvenance,
  parseValidateOptions,
  type ValidateHooks,
  type ValidateOptions,
  type ValidateOptionsInput,
} from './options.js';
import { type PrivacyReport, privacy } from './privacy/index.js';
import { checkComparableNumbers, checkSameColumns } from './table-checks.js';
import type { Thresholds } from './thresholds.js';
import { type Discrepancy, type Skipped, type ValidationInput, type Verdict, worstVerdict } from './types.js';
import { type UtilityReport, utility } from './utility/index.js';
import { capFidelity, type ValidityCap, type ValidityReport, validity } from './validity/index.js';

/** Bumped when a key of report.json changes meaning or disappears (additions keep it). */
export const REPORT_VERSION = '1.0';

export {
  ModelProvenance,
  parseValidateOptions,
  type ValidateHooks,
  ValidateOptions,
  type ValidateOptionsInput,
} from './options.js';

export interface Report {
  version: string;
  tool: { name: 'synthcohort'; version: string };
  seed: number;
  files: { real?: string; synthetic?: string; holdout?: string };
  verdict: Verdict;
  rows: { real: number; synthetic: number; holdout: number | null };
  /** Holdout rows identical to a training row: as few as chance allows, else `validate` refuses. */
  holdoutOverlap: HoldoutOverlap | null;
  thresholds: Thresholds;
  /** How the synthetic table was made, as its model file tells it; null when no model was given. */
  model: ModelProvenance | null;
  /** What a clinician should see first, from every part: failures first, then the largest. */
  discrepancies: Discrepancy[];
  /** Rules every row must obey, and the share of real and synthetic rows breaking each. */
  validity: ValidityReport;
  /** `cappedBy: 'validity'` when a broken rule made its verdict `fail` (see validity). */
  fidelity: FidelityReport & ValidityCap;
  utility: UtilityReport;
  privacy: PrivacyReport;
  /** Everything that was not computed, from every dimension, with the reason. */
  skipped: Skipped[];
}

/** The parts, in the order they run and are told to `hooks.progress`. */
const PARTS = ['validity', 'fidelity', 'utility', 'privacy'] as const;

export function validate(
  real: Table,
  synthetic: Table,
  input: ValidateOptionsInput,
  hooks: ValidateHooks = {},
): Report {
  const options = parseValidateOptions(input);
  const { files } = options;
  checkSameColumns(real, synthetic, files.synthetic);
  if (options.holdout) checkSameColumns(real, options.holdout, files.holdout);
  checkComparableNumbers(real, files.real);
  checkComparableNumbers(synthetic, files.synthetic);
  if (options.holdout) checkComparableNumbers(options.holdout, files.holdout);
  const overlap = options.holdout
    ? checkHoldoutOverlap(real, options.holdout, options.schema, files)
    : undefined;
  const tables: Array<readonly [string, Table]> = [
    ['real', real],
    ['synthetic', synthetic],
    ...(options.holdout ? [['holdout', options.holdout] as const] : []),
  ];
  const named = endpointsFor(options.schema, options.survival, real);
  checkDeclaredAnalyses(options, named);
  const { endpoints, skipped } = usableEndpoints(named, tables);
  const { thresholds } = options;
  const rng = Rng.from(options.seed).split('validate');
  const validation: ValidationInput = {
    real,
    synthetic,
    holdout: options.holdout,
    schema: options.schema,
    endpoints,
    targets: targetsFor(options.schema, options.targets),
    quasiIdentifiers: quasiIdentifiersFor(options.schema, options.quasiIdentifiers),
    thresholds,
    rng,
    smallCell: options.smallCell,
    foundRules: options.foundRules,
  };
  const told = partProgress(hooks.progress);
  const validityReport = told('validity', () => validity(validation));
  const fidelityReport = capFidelity(
    told('fidelity', () => fidelity({ ...validation, rng: rng.split('fidelity') })),
    validityReport,
  );
  const utilityReport = told('utility', () =>
    utility(
      { ...validation, rng: rng.split('utility') },
      { replication: options.replication, coxTerms: options.coxTerms },
    ),
  );
  const privacyReport = told('privacy', () => privacy({ ...validation, rng: rng.split('privacy') }));
  return {
    version: REPORT_VERSION,
    tool: { name: 'synthcohort', version: VERSION },
    seed: options.seed,
    files,
    verdict: worstVerdict([fidelityReport.verdict, utilityReport.verdict, privacyReport.verdict]),
    rows: { real: real.nRows, synthetic: synthetic.nRows, holdout: options.holdout?.nRows ?? null },
    holdoutOverlap: overlap ?? null,
    thresholds,
    model: options.model ?? null,
    discrepancies: gatherDiscrepancies([validityReport, fidelityReport, utilityReport, privacyReport]),
    validity: validityReport,
    fidelity: fidelityReport,
    utility: utilityReport,
    privacy: privacyReport,
    skipped: [...skipped, ...fidelityReport.skipped, ...utilityReport.skipped, ...privacyReport.skipped],
  };
}

/**
 * Every part's findings in one list: failures before warnings, then the largest first; parts that
 * list none yet (`discrepancies` absent) add nothing.
 */
export function gatherDiscrepancies(parts: readonly object[]): Discrepancy[] {
  const rank = (d: Discrepancy) => (d.severity === 'fail' ? 0 : 1);
  return parts
    .flatMap((p) => ('discrepancies' in p ? (p.discrepancies as readonly Discrepancy[]) : []))
    .sort((a, b) => rank(a) - rank(b) || b.magnitude - a.magnitude);
}

/** Runs each part and tells the hook when it is done: "validating: part 3/4 utility". */
function partProgress(progress: ProgressHook | undefined) {
  let done = 0;
  // A first event at 0 starts the clock of whoever shows the progress.
  progress?.({ task: 'validating', unit: 'part', done, total: PARTS.length });
  return <T>(part: (typeof PARTS)[number], work: () => T): T => {
    const result = work();
    done++;
    progress?.({ task: 'validating', unit: 'part', done, total: PARTS.length, item: part });
    return result;
  };
}

/** The analyses the caller named (coxTerms, replication) must name columns and endpoints that exist. */
function checkDeclaredAnalyses(options: ValidateOptions, endpoints: readonly Endpoint[]): void {
  const has = (name: string) => options.schema.columns.some((c) => c.name === name);
  for (const term of options.coxTerms ?? [])
    if (!has(term))
      throw new UsageError(`coxTerms names column '${term}', which the tables do not have`, 'coxTerms');
  for (const analysis of options.replication?.analyses ?? []) {
    const where = `replication: analysis '${analysis.name}'`;
    if (!endpoints.some((e) => e.name === analysis.endpoint))
      throw new UsageError(
        `${where} names endpoint '${analysis.endpoint}'; the endpoints are ${endpoints.map((e) => e.name).join(', ') || 'none'}`,
        'replication',
      );
    for (const column of [...(analysis.groupBy ? [analysis.groupBy] : []), ...(analysis.cox ?? [])])
      if (!has(column))
        throw new UsageError(
          `${where} names column '${column}', which the tables do not have`,
          'replication',
        );
  }
}
