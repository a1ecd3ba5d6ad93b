/**
 * The federated generators against their central fits on the bench's AML case (issue 11, item 3):
 * bench/dp-tables.ts's simulated cohort, the shared 70/30 split (2,500 × 67 training rows,
 * 5 centres), scored as `npm run bench:dp` scores it (the SDMetrics-style quality of
 * bench/peers-quality.ts, synthetic against training, as many rows as training).
 *
 * - copula: `fitModel` on the pooled training rows with the federable options (rules off, copula
 *   survival: src/generators/copula/federable.ts) against `federatedCopulaFit` over the 5 centres.
 * - mst: central mst on the pooled rows against `mstProtocol` over the 5 centres (distributed
 *   discrete Gaussian), each variant's model file loaded back and sampled as `synthcohort sample`
 *   would. A variant may bring its own protocol (`mstProtocolWith`, for the tuning of
 *   docs/federation/federated-mst.md) and its own `honest`.
 *
 * The plain runner gives the same mst model as the secure one (tested in mst-protocol.test.ts);
 * the copula runs through the secure in-process runner, as `federatedCopulaFit` does.
 */
import type { Schema } from '../src/data/schema.js';
import type { Table } from '../src/data/table.js';
import { loadModel } from '../src/generators/load.js';
import { fitModel, type Model, sampleModel } from '../src/generators/pipeline.js';
import { seededRandomBits } from '../src/privacy/random-bits.js';
import { federatedCopulaFit } from '../src/workflows/federated/copula.js';
import { type MstJobResult, type MstRequest, mstProtocol } from '../src/workflows/federated/mst-protocol.js';
import { type FederatedProtocol, runProtocolPlain } from '../src/workflows/federated/protocol.js';
import { DP_DELTA } from './dp-report.js';
import { dpTable } from './dp-tables.js';
import { sdmetricsFrame } from './peers-frame.js';
import { qualityReport } from './peers-quality.js';
import { holdoutSplit } from './privacy-measure.js';

/** The copula's options a federated fit accepts (federable.ts). */
export const FEDERABLE_COPULA = { rules: false, survival: 'copula' } as const;

export interface Fitted {
  readonly quality: number;
  /** Wall time of the fit (every site and the hub in this process). */
  readonly seconds: number;
}

export interface CopulaRow {
  readonly seed: number;
  readonly central: Fitted;
  readonly federated: Fitted;
  readonly sites: number;
}

export interface MstVariant {
  readonly label: string;
  /** Shares each noisy sum counts on; default: a majority of the sites. */
  readonly honest?: number;
  readonly votes?: number;
  /** Default: `mstProtocol` as shipped. */
  readonly protocol?: FederatedProtocol<MstRequest, MstJobResult>;
}

export interface MstRow {
  readonly seed: number;
  readonly epsilon: number;
  readonly central: Fitted;
  /** In the order of the variants asked for. */
  readonly federated: ReadonlyArray<Fitted & { readonly label: string; readonly honest: number }>;
}

interface Case {
  readonly schema: Schema;
  readonly training: Table;
  readonly sites: Array<{ name: string; table: Table }>;
  readonly quality: (model: Model) => number;
}

function benchCase(seed: number): Case {
  const bench = dpTable('aml (simulated)');
  const { training } = holdoutSplit(bench, seed);
  const quality = (model: Model) => {
    const { table } = sampleModel(model, { rows: training.nRows, seed });
    return qualityReport(sdmetricsFrame(training, table, bench.schema)).quality;
  };
  return { schema: bench.schema, training, sites: byCentre(training), quality };
}

async function timed<T>(work: () => T | Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}

export async function federatedCopulaBench(seed: number): Promise<CopulaRow> {
  const { schema, training, sites, quality } = benchCase(seed);
  const central = await timed(() =>
    fitModel(training, schema, 'copula', { seed, generatorOptions: FEDERABLE_COPULA }),
  );
  const federated = await timed(() =>
    federatedCopulaFit(
      sites,
      schema,
      { copula: FEDERABLE_COPULA, jobId: `bench-${seed}` },
      seededRandomBits(seed),
    ),
  );
  if (federated.value.status !== 'fitted')
    throw new Error(`the federated copula aborted: ${federated.value.reason}`);
  return {
    seed,
    central: { quality: quality(central.value), seconds: central.seconds },
    federated: { quality: quality(federated.value.model), seconds: federated.seconds },
    sites: sites.length,
  };
}

export async function federatedMstBench(
  seed: number,
  epsilons: readonly number[],
  variants: readonly MstVariant[],
): Promise<MstRow[]> {
  const { schema, training, sites, quality } = benchCase(seed);
  const rows: MstRow[] = [];
  for (const epsilon of epsilons) {
    const central = await timed(() =>
      fitModel(training, schema, 'mst', {
        seed,
        privacy: { epsilon, delta: DP_DELTA, bits: seededRandomBits(seed) },
      }),
    );
    const federated: Array<Fitted & { label: string; honest: number }> = [];
    for (const variant of variants) {
      const request = { schema, epsilon, delta: DP_DELTA, honest: variant.honest, votes: variant.votes };
      const run = await timed(() =>
        runProtocolPlain(variant.protocol ?? mstProtocol, request, sites, seededRandomBits(seed)),
      );
      const outcome = run.value;
      if (outcome.status !== 'done') throw new Error(`the federated mst aborted: ${outcome.reason}`);
      const model = loadModel(JSON.stringify(outcome.result.model), 'federated mst');
      federated.push({
        label: variant.label,
        honest: outcome.result.privacy.honest,
        quality: quality(model),
        seconds: run.seconds,
      });
    }
    rows.push({
      seed,
      epsilon,
      central: { quality: quality(central.value), seconds: central.seconds },
      federated,
    });
  }
  return rows;
}

/** One site per centre, holding its own rows. */
function byCentre(table: Table): Array<{ name: string; table: Table }> {
  const centre = table.codes('centre');
  return centre.levels.map((name, c) => ({ name, table: table.filter((row) => centre.codes[row] === c) }));
}
