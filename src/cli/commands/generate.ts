import { UsageError } from '../../core/errors.js';
import { DEFAULT_SEED } from '../../core/rng.js';
import { writeTable } from '../../data/io.js';
import { pipelineReads } from '../../generators/generator.js';
import { sampleModel } from '../../generators/pipeline.js';
import { generatorNamed } from '../../generators/registry.js';
import { parseWhere } from '../../generators/where.js';
import type { CommandContext } from '../io.js';
import { describeSampling, readAndFit } from './sampling.js';

export async function run(args: string[], options: Record<string, unknown>, context: CommandContext) {
  // Refused before the fit, so that no budget is spent on a run that cannot finish.
  const generator = generatorNamed(options.model as string);
  if (options.dropCopies && !pipelineReads(generator.capabilities).copyRemoval)
    throw new UsageError(
      `--drop-copies: the ${generator.name} generator is differentially private, and comparing its rows with the training rows would read the data outside its guarantee (which already bounds what any row discloses); leave it out`,
    );
  const { table, model } = await readAndFit(args[0], options, context);
  // A copy of a real patient is a disclosure, whatever the generator; --keep-copies opts out. A
  // private generator may not have its rows compared with the data: its guarantee bounds what any
  // row discloses, so copies are not looked for unless --drop-copies insists (which is refused).
  const privateGenerator = !pipelineReads(model.generator.capabilities).copyRemoval;
  const dropCopies = privateGenerator ? Boolean(options.dropCopies) : !options.keepCopies;
  const { table: synthetic, report } = sampleModel(model, {
    rows: options.rows as number,
    seed: (options.seed as number | undefined) ?? DEFAULT_SEED,
    where: typeof options.where === 'string' ? parseWhere(options.where) : [],
    excludeCopiesOf: dropCopies ? table : undefined,
    progress: context.progress.hook,
  });
  await writeTable(options.out as string, synthetic, model.schema);
  if (options.quiet) return;
  context.io.stderr(`${describeSampling(options.out as string, synthetic.nRows, report)}\n`);
  if (privateGenerator)
    context.io.stderr(
      `note: not checked for copies of training patients: the ${model.generator.name} generator's differential privacy bounds what any row discloses\n`,
    );
}
