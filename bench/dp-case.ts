/**
 * One case of `npm run bench:dp` in its own process, so that its peak memory is its own:
 *   node .bench-build/bench/dp-case.js TABLE GENERATOR EPSILON SEED
 * (EPSILON `-` for a non-private generator). Splits the table 70/30 as bench/privacy-measure.ts does,
 * fits on the training rows, samples as many rows, scores them and prints one JSON line. The timed
 * part is fit + sample; the peak memory includes the set-up (reading, splitting, the holdout's
 * distances), as in bench/run.ts.
 */
import { fitModel, sampleModel } from '../src/generators/pipeline.js';
import { generatorNamed } from '../src/generators/registry.js';
import { seededRandomBits } from '../src/privacy/random-bits.js';
import { coMutationDirections, kmDistances, mutationColumns } from './dp-measure.js';
import { DP_DELTA } from './dp-report.js';
import { dpTable } from './dp-tables.js';
import { sdmetricsFrame } from './peers-frame.js';
import { qualityReport } from './peers-quality.js';
import { holdoutSplit, privacyOf } from './privacy-measure.js';

const [tableName, generatorName, epsilonText, seedText] = process.argv.slice(2);
const seed = Number(seedText);
const bench = dpTable(tableName);
const split = holdoutSplit(bench, seed);
const generator = generatorNamed(generatorName);
const epsilon = epsilonText === '-' ? undefined : Number(epsilonText);

const started = process.hrtime.bigint();
const model = fitModel(split.training, bench.schema, generator, {
  seed,
  // A seeded noise stream makes the bench reproducible; a real fit draws secret bits (docs/generators/mst.md).
  privacy: epsilon === undefined ? undefined : { epsilon, delta: DP_DELTA, bits: seededRandomBits(seed) },
});
const fitted = process.hrtime.bigint();
const { table: synthetic } = sampleModel(model, { rows: split.training.nRows, seed });
const done = process.hrtime.bigint();

const { copies, closer } = privacyOf(bench.schema, split, synthetic);
const coMutation =
  mutationColumns(bench.schema).length > 1
    ? coMutationDirections(bench.schema, split.training, synthetic)
    : undefined;
const result = {
  rows: split.training.nRows,
  columns: bench.schema.columns.length,
  fitSeconds: Number(fitted - started) / 1e9,
  sampleSeconds: Number(done - fitted) / 1e9,
  peakMiB: process.resourceUsage().maxRSS / 1024,
  quality: qualityReport(sdmetricsFrame(split.training, synthetic, bench.schema)).quality,
  km: kmDistances(bench.schema, split.training, synthetic),
  coMutation,
  copies,
  closer,
  holdout: { copies: split.holdoutCopies, closer: split.holdoutCloser },
};
process.stdout.write(`${JSON.stringify(result)}\n`);
