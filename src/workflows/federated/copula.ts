/**
 * The copula fitted across sites through secure aggregation, every party in this process: the
 * copula protocol (copula-protocol.ts) run by the in-process runner (in-process.ts), its result
 * restored as the model a local fit returns (docs/federation/federated-copula.md).
 *
 * Dropouts: 'marginals' (round 1) sums whichever sites reach the hub (at least t); those sites
 * alone form 'moments' (round 2), which needs every one of them, because a round-2 sum over fewer
 * sites, set against round 1, would disclose the missing site's counts. A site lost in round 2
 * before its masked input aborts the job with no model and nothing released beyond round 1's sum.
 */
import { UsageError } from '../../core/errors.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { type CopulaParams, copulaGenerator } from '../../generators/copula/index.js';
import type { Model } from '../../generators/pipeline.js';
import { fittedColumns } from '../../generators/prepare.js';
import type { RandomBits } from '../../privacy/random-bits.js';
import { copulaOptionsOf, copulaProtocol, momentsFractionBits } from './copula-protocol.js';
import { type DropPoint, type PhaseTraffic, runProtocolInProcess, type SiteTraffic } from './in-process.js';
import { MAX_GRID_ENTRIES, marginalsLayout, packedCountLimit } from './marginals-layout.js';
import type { PhasePlan } from './protocol.js';

export interface FederatedSite {
  /** How records and errors name the site (a centre code); never sent to the hub with data. */
  readonly name: string;
  readonly table: Table;
}

export interface FederatedCopulaOptions {
  /** The copula's options; `rules: false` and `survival: 'copula'` are required (`federable.ts`). */
  readonly copula?: unknown;
  readonly jobId: string;
  /** t of secure aggregation: the fewest sites a round continues with (default: a majority). */
  readonly threshold?: number;
  /** The most rows any site may hold: the public bound every count is checked against (default: the most that n sites' counts packed in 32 bits allow, ⌊(2^32 − 1)/n⌋). */
  readonly maxSiteRows?: number;
  readonly maxGridEntries?: number;
  /** In-process fault injection: a site that goes silent after a step of a round. */
  readonly dropouts?: ReadonlyArray<{
    readonly site: string;
    readonly round: 1 | 2;
    readonly after: DropPoint;
  }>;
  /** Sees every message the hub receives, as JSON (for tests of what the hub holds). */
  readonly observeHub?: (round: 1 | 2, node: number, message: unknown) => void;
}

/** What crossed the network in one round: public by construction. */
export interface RoundRecord {
  readonly round: 1 | 2;
  readonly sites: string[];
  /** Sites whose input the sum holds. */
  readonly included: string[];
  readonly threshold: number;
  /** Ring entries per site (8 bytes each). */
  readonly length: number;
  readonly fractionBits?: number;
  readonly traffic: Record<string, SiteTraffic>;
}

export type FederatedCopulaResult =
  | { readonly status: 'fitted'; readonly model: Model; readonly rounds: RoundRecord[] }
  | {
      readonly status: 'aborted';
      readonly round: 1 | 2;
      readonly reason: string;
      readonly rounds: RoundRecord[];
    };

const PHASES = ['marginals', 'moments'] as const;

/**
 * Checks the job up front (throwing, as a local fit does) and returns the run: options, threshold,
 * the number-column bounds and every site's row count against `maxSiteRows`.
 */
export function federatedCopulaFit(
  sites: readonly FederatedSite[],
  schema: Schema,
  options: FederatedCopulaOptions,
  random: RandomBits,
): Promise<FederatedCopulaResult> {
  const copula = copulaOptionsOf(options);
  if (sites.length < 2)
    throw new UsageError(`sites: a federated fit needs at least 2 sites, got ${sites.length}`, 'sites');
  const t = options.threshold;
  if (t !== undefined && !(Number.isInteger(t) && 2 * t > sites.length && t <= sites.length))
    throw new UsageError(
      `threshold must be an integer with n/2 < t ≤ n = ${sites.length}, got ${t}`,
      'threshold',
    );
  marginalsLayout(schema, fittedColumns(schema), options.maxGridEntries ?? MAX_GRID_ENTRIES);
  const maxSiteRows = options.maxSiteRows ?? packedCountLimit(sites.length);
  if (!Number.isSafeInteger(maxSiteRows) || maxSiteRows < 1 || maxSiteRows > packedCountLimit(sites.length))
    throw new UsageError(
      `maxSiteRows must be an integer in 1..${packedCountLimit(sites.length)} for ${sites.length} sites (their counts are summed in 32 bits), got ${maxSiteRows}`,
      'maxSiteRows',
    );
  // In process every site is here: a site above the bound is the caller's mistake, not a dropout.
  const large = sites.find((s) => s.table.nRows > maxSiteRows);
  if (large)
    throw new UsageError(
      `site '${large.name}' holds ${large.table.nRows} rows; the job allows at most ${maxSiteRows} (maxSiteRows)`,
      'maxSiteRows',
    );
  return run(sites, { schema, copula, maxSiteRows, maxGridEntries: options.maxGridEntries }, options, random);
}

async function run(
  sites: readonly FederatedSite[],
  parameters: unknown,
  options: FederatedCopulaOptions,
  random: RandomBits,
): Promise<FederatedCopulaResult> {
  const roundOf = (phase: string) => (PHASES.indexOf(phase as (typeof PHASES)[number]) + 1) as 1 | 2;
  const outcome = await runProtocolInProcess(copulaProtocol, parameters, sites, random, {
    jobId: options.jobId,
    threshold: options.threshold,
    dropouts: options.dropouts?.map((d) => ({ site: d.site, phase: PHASES[d.round - 1], after: d.after })),
    observeHub: options.observeHub && ((o) => options.observeHub!(roundOf(o.phase), o.node, o.message)),
  });
  const rounds = outcome.traffic.map((phase, i) => roundRecord(phase, outcome.phases[i]?.plan));
  if (outcome.status === 'aborted')
    return {
      status: 'aborted',
      round: Math.min(outcome.traffic.length, 2) as 1 | 2,
      reason: outcome.reason,
      rounds,
    };
  const file = outcome.result.model;
  const fitted = copulaGenerator.restore(
    file.params as CopulaParams,
    file.schema as Schema,
    file.options as ReturnType<typeof copulaOptionsOf>,
  );
  const model: Model = {
    generator: copulaGenerator,
    fitted,
    schema: file.schema as Schema,
    options: file.options,
    trainingRows: file.trainingRows,
  };
  return { status: 'fitted', model, rounds };
}

function roundRecord(phase: PhaseTraffic, plan?: PhasePlan): RoundRecord {
  const round = (PHASES.indexOf(phase.phase as (typeof PHASES)[number]) + 1) as 1 | 2;
  return {
    round,
    sites: [...phase.sites],
    included: [...phase.included],
    threshold: phase.threshold,
    length: phase.length ?? 0,
    ...(round === 2 && plan ? { fractionBits: momentsFractionBits(plan) } : {}),
    traffic: { ...phase.traffic },
  };
}
