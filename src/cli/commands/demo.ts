import { join } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { Rng } from '../../core/rng.js';
import { writeTable } from '../../data/io.js';
import { splitTable } from '../../data/split.js';
import { fitModel, sampleModel } from '../../generators/pipeline.js';
import { simulate } from '../../simulate/index.js';
import { validate } from '../../validate/index.js';
import { provenanceOf } from '../../validate/provenance.js';
import type { CommandContext } from '../io.js';
import { summaryLines, writeReport } from './validate.js';

const PATIENTS = 2500;
const CENTRES = 5;
const HOLDOUT_SHARE = 0.3;
const MODEL = 'cart';

/**
 * The whole local job with no input from the user: simulate a multi-centre AML cohort, keep 30 % of
 * it aside as a holdout, fit a generator on the rest, sample as many synthetic patients, validate
 * them against the training and holdout patients, and write the reports.
 */
export async function run(_args: string[], options: Record<string, unknown>, context: CommandContext) {
  const out = options.out as string;
  const seed = options.seed as number;
  const rng = Rng.from(seed).split('demo');
  context.progress.step(`simulating ${PATIENTS} AML patients in ${CENTRES} centres`);
  const { table, schema } = simulate('aml', { patients: PATIENTS, centres: CENTRES, seed });
  const { training, holdout } = splitTable(table, HOLDOUT_SHARE, rng.split('split'));
  const paths = {
    cohort: join(out, 'cohort.csv'),
    training: join(out, 'training.csv'),
    holdout: join(out, 'holdout.csv'),
    synthetic: join(out, 'synthetic.csv'),
  };
  await writeTable(paths.cohort, table, schema);
  await writeTable(paths.training, training, schema);
  await writeTable(paths.holdout, holdout, schema);
  writeFileAtomic(join(out, 'schema.json'), `${JSON.stringify(schema, null, 2)}\n`);

  context.progress.step(`fitting ${MODEL} on ${training.nRows} training patients`);
  const model = fitModel(training, schema, MODEL, { seed, progress: context.progress.hook });
  const { table: synthetic } = sampleModel(model, {
    rows: training.nRows,
    seed,
    excludeCopiesOf: training,
    progress: context.progress.hook,
  });
  await writeTable(paths.synthetic, synthetic, model.schema);

  const report = validate(
    training,
    synthetic,
    {
      schema: model.schema,
      holdout,
      seed,
      files: { real: paths.training, synthetic: paths.synthetic, holdout: paths.holdout },
      model: provenanceOf(model, { fit: seed, sample: seed }),
    },
    { progress: context.progress.hook },
  );
  const written = writeReport(report, out);
  context.io.stdout(
    [
      `Simulated ${PATIENTS} AML patients in ${CENTRES} centres: ${training.nRows} for training, ${holdout.nRows} held out.`,
      `Generated ${synthetic.nRows} synthetic patients with the ${MODEL} generator.`,
      '',
      ...summaryLines(report),
      '',
      `Report: ${written.html}`,
      `        ${written.json}`,
      `Data:   ${out}/ (cohort, training, holdout, synthetic CSV and schema.json)`,
      '',
    ].join('\n'),
  );
}
