/**
 * The federated mst against central mst at the same ε (issue 11, item 3: within 0.02 of central
 * mst's quality). The bench's AML case (bench/dp-tables.ts: 2,500 × 67 training rows after the
 * shared 70/30 split, 5 centres, seed 1), scored as `npm run bench:dp` scores it (the SDMetrics-style
 * quality of bench/peers-quality.ts, synthetic against training). Central: mst fitted on the pooled
 * training rows. Federated: the same rows split by centre into 5 sites, fitted by `mstProtocol`
 * (distributed discrete Gaussian, a majority of sites honest), the model file loaded back and
 * sampled as `synthcohort sample` would. The lead calls `federatedMstBench` from bench/run.ts.
 */
import type { Table } from '../src/data/table.js';
import { loadModel } from '../src/generators/load.js';
import { fitModel, type Model, sampleModel } from '../src/generators/pipeline.js';
import { seededRandomBits } from '../src/privacy/random-bits.js';
import { mstProtocol } from '../src/workflows/federated/mst-protocol.js';
import { runProtocolPlain } from '../src/workflows/federated/protocol.js';
import { DP_DELTA } from './dp-report.js';
import { dpTable } from './dp-tables.js';
import { sdmetricsFrame } from './peers-frame.js';
import { qualityReport } from './peers-quality.js';
import { holdoutSplit } from './privacy-measure.js';

export interface FederatedMstRow {
  readonly epsilon: number;
  readonly centralQuality: number;
  readonly federatedQuality: number;
  /** Wall time of the federated fit (every site and the hub in this process, sums in the clear). */
  readonly seconds: number;
  readonly centralSeconds: number;
  readonly sites: number;
  /** Shares each noisy sum counts on (a majority of the sites unless `honest` is given). */
  readonly honest: number;
}

export interface FederatedMstBenchOptions {
  readonly epsilons?: readonly number[];
  readonly seed?: number;
  /** Shares the guarantee counts on; default: a majority of the sites. */
  readonly honest?: number;
  /** Edges each site votes for; default: the protocol's. */
  readonly votes?: number;
}

export async function federatedMstBench(options: FederatedMstBenchOptions = {}): Promise<FederatedMstRow[]> {
  const seed = options.seed ?? 1;
  const bench = dpTable('aml (simulated)');
  const { training } = holdoutSplit(bench, seed);
  const sites = byCentre(training);
  const quality = (model: Model) => {
    const { table } = sampleModel(model, { rows: training.nRows, seed });
    return qualityReport(sdmetricsFrame(training, table, bench.schema)).quality;
  };
  const rows: FederatedMstRow[] = [];
  for (const epsilon of options.epsilons ?? [1, 3]) {
    let started = performance.now();
    const central = fitModel(training, bench.schema, 'mst', {
      seed,
      privacy: { epsilon, delta: DP_DELTA, bits: seededRandomBits(seed) },
    });
    const centralSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const request = {
      schema: bench.schema,
      epsilon,
      delta: DP_DELTA,
      honest: options.honest,
      votes: options.votes,
    };
    const outcome = await runProtocolPlain(mstProtocol, request, sites, seededRandomBits(seed));
    const seconds = (performance.now() - started) / 1000;
    if (outcome.status !== 'done') throw new Error(`the federated mst aborted: ${outcome.reason}`);
    const federated = loadModel(JSON.stringify(outcome.result.model), 'federated mst');
    rows.push({
      epsilon,
      centralQuality: quality(central),
      federatedQuality: quality(federated),
      seconds,
      centralSeconds,
      sites: sites.length,
      honest: outcome.result.privacy.honest,
    });
  }
  return rows;
}

/** One site per centre, holding its own rows. */
function byCentre(table: Table): Array<{ name: string; table: Table }> {
  const centre = table.codes('centre');
  return centre.levels.map((name, c) => ({ name, table: table.filter((row) => centre.codes[row] === c) }));
}
