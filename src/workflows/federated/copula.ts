/**
 * The copula fitted across sites through secure aggregation, every party in this process: the two
 * rounds of `docs/generators/copula.md`, each a secure sum of dense vectors, so the hub learns the
 * sums and nothing of any one site (docs/federation/federated-copula.md).
 *
 *   round 1  site: measureMarginals → dense counts (marginals-layout.ts) ─ secure sum ─┐
 *            hub:  decode → copulaTransforms (public, sent to the round's sites)       ┘
 *   round 2  site: measureMoments → counts and fixed-point sums (moments-layout.ts) ─ secure sum ─┐
 *            hub:  decode → estimateCopula → the model, as a local fit returns it                 ┘
 *
 * Dropouts: round 1 sums whichever sites reach the hub (at least t); those sites alone form
 * round 2, which needs every one of them, because a round-2 sum over fewer sites, set against
 * round 1, would disclose the missing site's counts. A site lost in round 2 before its masked input
 * aborts the job with no model and nothing released beyond round 1's sum.
 */
import { DataError, UsageError } from '../../core/errors.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import type { SecAggJob } from '../../federation/secagg/index.js';
import { requireFederable } from '../../generators/copula/federable.js';
import {
  CopulaOptions,
  copulaGenerator,
  copulaTransforms,
  estimateCopula,
  measureMarginals,
  measureMoments,
} from '../../generators/copula/index.js';
import { transformsHash } from '../../generators/copula/measurements.js';
import { momentFeatures } from '../../generators/copula/moment-features.js';
import type { Model } from '../../generators/pipeline.js';
import { modelledColumns } from '../../generators/prepare.js';
import type { RandomBits } from '../../privacy/random-bits.js';
import {
  type AggregationOutcome,
  aggregateInProcess,
  type DropPoint,
  type SiteTraffic,
} from './aggregate.js';
import {
  decodeMarginals,
  encodeMarginals,
  MAX_GRID_ENTRIES,
  marginalsLayout,
  packCounts,
  packedCountLimit,
  unpackCounts,
} from './marginals-layout.js';
import { decodeMoments, encodeMoments, momentsLayout } from './moments-layout.js';

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

export function federatedCopulaFit(
  sites: readonly FederatedSite[],
  schema: Schema,
  options: FederatedCopulaOptions,
  random: RandomBits,
): FederatedCopulaResult {
  const copula = CopulaOptions.parse(options.copula ?? { rules: false, survival: 'copula' });
  requireFederable(copula);
  if (sites.length < 2)
    throw new UsageError(`sites: a federated fit needs at least 2 sites, got ${sites.length}`, 'sites');
  const t = options.threshold;
  if (t !== undefined && !(Number.isInteger(t) && 2 * t > sites.length && t <= sites.length))
    throw new UsageError(
      `threshold must be an integer with n/2 < t ≤ n = ${sites.length}, got ${t}`,
      'threshold',
    );
  const columns = modelledColumns(schema);
  const layout = marginalsLayout(schema, columns, options.maxGridEntries ?? MAX_GRID_ENTRIES);
  const maxSiteRows = options.maxSiteRows ?? packedCountLimit(sites.length);
  if (!Number.isSafeInteger(maxSiteRows) || maxSiteRows < 1 || maxSiteRows > packedCountLimit(sites.length))
    throw new UsageError(
      `maxSiteRows must be an integer in 1..${packedCountLimit(sites.length)} for ${sites.length} sites (their counts are summed in 32 bits), got ${maxSiteRows}`,
      'maxSiteRows',
    );
  const rounds: RoundRecord[] = [];

  // Round 1: every site's dense counts, summed.
  const first = runRound(1, sites, options, Math.ceil(layout.length / 2), random, (site) => {
    if (site.table.nRows > maxSiteRows)
      throw new DataError(
        {},
        `site '${site.name}' holds ${site.table.nRows} rows; the job allows at most ${maxSiteRows} (maxSiteRows)`,
      );
    return packCounts(
      encodeMarginals(measureMarginals(site.table.select(columns), schema, copula), layout),
      maxSiteRows,
    );
  });
  rounds.push(first.record);
  if (first.outcome.status === 'aborted')
    return { status: 'aborted', round: 1, reason: first.outcome.reason, rounds };
  const merged = decodeMarginals(unpackCounts(first.outcome.result.sum, layout.length), layout);
  const transforms = copulaTransforms(merged, schema, copula);

  // Round 2: the sites of round 1's sum, every one of them, under the public transforms.
  const joined = first.outcome.result.included.map((node) => sites[node - 1]);
  const features = momentFeatures(transforms).map((f) => f.label);
  const moments = momentsLayout(transforms, features, joined.length);
  const second = runRound(2, joined, options, moments.length, random, (site) =>
    encodeMoments(measureMoments(site.table.select(columns), transforms), moments),
  );
  rounds.push({ ...second.record, fractionBits: moments.cross.fractionBits });
  if (second.outcome.status === 'aborted')
    return { status: 'aborted', round: 2, reason: second.outcome.reason, rounds };
  const summed = decodeMoments(second.outcome.result.sum, moments, transformsHash(transforms));
  const params = estimateCopula({ transforms, moments: summed }, schema, copula);
  // The sampler gets the completed schema, as a local fit's does (`fitModel` → `generator.fit`).
  const complete = withMergedDecimals(schema, merged);
  const model: Model = {
    generator: copulaGenerator,
    fitted: copulaGenerator.restore(params, complete, copula),
    schema: complete,
    options: copula,
    trainingRows: params.rows,
  };
  return { status: 'fitted', model, rounds };
}

function runRound(
  round: 1 | 2,
  sites: readonly FederatedSite[],
  options: FederatedCopulaOptions,
  length: number,
  random: RandomBits,
  vector: (site: FederatedSite) => Uint32Array,
): { outcome: AggregationOutcome; record: RoundRecord } {
  const n = sites.length;
  // Round 2 has fewer sites when some dropped in round 1: the job's t, raised to a majority of them.
  const threshold = Math.min(n, Math.max(options.threshold ?? 0, Math.floor(n / 2) + 1));
  const job: SecAggJob = {
    version: 1,
    jobId: `${options.jobId}.round-${round}`,
    participants: n,
    threshold,
    length,
  };
  const dropAfter = new Map<number, DropPoint>();
  for (const d of options.dropouts ?? []) {
    const node = sites.findIndex((s) => s.name === d.site) + 1;
    if (d.round === round && node > 0) dropAfter.set(node, d.after);
  }
  const outcome = aggregateInProcess({
    job,
    vector: (node) => vector(sites[node - 1]),
    dropAfter,
    everyInputOrNothing: round === 2,
    observeHub: options.observeHub && ((node, message) => options.observeHub!(round, node, message)),
    random: random.split(`round ${round}`),
  });
  const names = sites.map((s) => s.name);
  const included = outcome.status === 'summed' ? outcome.result.included.map((node) => names[node - 1]) : [];
  const traffic = Object.fromEntries([...outcome.traffic].map(([node, t]) => [names[node - 1], t]));
  return { outcome, record: { round, sites: names, included, threshold, length, traffic } };
}

/** As a local fit completes the schema: a numeric column without declared decimals gets the union's. */
function withMergedDecimals(schema: Schema, merged: ReturnType<typeof decodeMarginals>): Schema {
  return {
    ...schema,
    columns: schema.columns.map((spec) => {
      const column = merged.columns.find((c) => c.name === spec.name);
      if (spec.kind !== 'numeric' || spec.decimals !== undefined || column?.type !== 'number') return spec;
      return column.decimals === null ? spec : { ...spec, decimals: column.decimals };
    }),
  };
}
