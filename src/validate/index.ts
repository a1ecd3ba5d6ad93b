/**
 * `validate`: fidelity, utility and privacy of a synthetic table against the real one (and a real
 * holdout the generator never saw), as one JSON report with a verdict per dimension. Each
 * dimension lives in its own folder; this file only assembles them.
 */
import { UsageError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import { VERSION } from '../version.js';
import {
  type Endpoint,
  endpointsFor,
  quasiIdentifiersFor,
  type RequestedEndpoint,
  targetsFor,
  usableEndpoints,
} from './endpoints.js';
import { type FidelityReport, fidelity } from './fidelity/index.js';
import { checkHoldoutOverlap, type HoldoutOverlap } from './holdout-overlap.js';
import { type PrivacyReport, privacy } from './privacy/index.js';
import { checkComparableNumbers, checkSameColumns } from './table-checks.js';
import { Thresholds, type ThresholdsInput } from './thresholds.js';
import { type Skipped, type ValidationInput, type Verdict, worstVerdict } from './types.js';
import { type ReplicationSpec, type UtilityReport, utility } from './utility/index.js';

/** Bumped when a key of report.json changes meaning or disappears (additions keep it). */
export const REPORT_VERSION = '1.0';

export interface ValidateOptions {
  schema: Schema;
  holdout?: Table;
  survival?: readonly RequestedEndpoint[];
  targets?: readonly string[];
  quasiIdentifiers?: readonly string[];
  thresholds?: ThresholdsInput;
  replication?: ReplicationSpec;
  /** Cox covariates for every endpoint (`--cox "age+eln2022"`); default: chosen from the data. */
  coxTerms?: readonly string[];
  seed: number;
  /** Counts of real patients below this are suppressed in the report (default 5). */
  smallCell?: number;
  /** File names for messages and the report. */
  files?: { real?: string; synthetic?: string; holdout?: string };
}

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
  fidelity: FidelityReport;
  utility: UtilityReport;
  privacy: PrivacyReport;
  /** Everything that was not computed, from every dimension, with the reason. */
  skipped: Skipped[];
}

export function validate(real: Table, synthetic: Table, options: ValidateOptions): Report {
  const files = options.files ?? {};
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
  const named = endpointsFor(options.schema, options.survival ?? [], real);
  checkDeclaredAnalyses(options, named);
  const { endpoints, skipped } = usableEndpoints(named, tables);
  const thresholds = Thresholds.parse(options.thresholds ?? {});
  const rng = Rng.from(options.seed).split('validate');
  const input: ValidationInput = {
    real,
    synthetic,
    holdout: options.holdout,
    schema: options.schema,
    endpoints,
    targets: targetsFor(options.schema, options.targets ?? []),
    quasiIdentifiers: quasiIdentifiersFor(options.schema, options.quasiIdentifiers),
    thresholds,
    rng,
    smallCell: options.smallCell ?? 5,
  };
  const fidelityReport = fidelity({ ...input, rng: rng.split('fidelity') });
  const utilityReport = utility(
    { ...input, rng: rng.split('utility') },
    { replication: options.replication, coxTerms: options.coxTerms },
  );
  const privacyReport = privacy({ ...input, rng: rng.split('privacy') });
  return {
    version: REPORT_VERSION,
    tool: { name: 'synthcohort', version: VERSION },
    seed: options.seed,
    files,
    verdict: worstVerdict([fidelityReport.verdict, utilityReport.verdict, privacyReport.verdict]),
    rows: { real: real.nRows, synthetic: synthetic.nRows, holdout: options.holdout?.nRows ?? null },
    holdoutOverlap: overlap ?? null,
    thresholds,
    fidelity: fidelityReport,
    utility: utilityReport,
    privacy: privacyReport,
    skipped: [...skipped, ...fidelityReport.skipped, ...utilityReport.skipped, ...privacyReport.skipped],
  };
}

/** What the user typed (`--cox`, a replication file) must name columns and endpoints that exist. */
function checkDeclaredAnalyses(options: ValidateOptions, endpoints: readonly Endpoint[]): void {
  const has = (name: string) => options.schema.columns.some((c) => c.name === name);
  for (const term of options.coxTerms ?? [])
    if (!has(term)) throw new UsageError(`--cox names column '${term}', which the tables do not have`);
  for (const analysis of options.replication?.analyses ?? []) {
    const where = `--replication: analysis '${analysis.name}'`;
    if (!endpoints.some((e) => e.name === analysis.endpoint))
      throw new UsageError(
        `${where} names endpoint '${analysis.endpoint}'; the endpoints are ${endpoints.map((e) => e.name).join(', ') || 'none'}`,
      );
    for (const column of [...(analysis.groupBy ? [analysis.groupBy] : []), ...(analysis.cox ?? [])])
      if (!has(column))
        throw new UsageError(`${where} names column '${column}', which the tables do not have`);
  }
}
