import { writeTable } from '../../data/io.js';
import { sampleModel } from '../../generators/pipeline.js';
import { parseWhere } from '../../generators/where.js';
import type { CommandContext } from '../io.js';
import { describeSampling, readAndFit } from './sampling.js';

export async function run(args: string[], options: Record<string, unknown>, context: CommandContext) {
  const { table, model } = await readAndFit(args[0], options, context);
  const { table: synthetic, report } = sampleModel(model, {
    rows: options.rows as number,
    seed: options.seed as number,
    where: typeof options.where === 'string' ? parseWhere(options.where) : [],
    // A copy of a real patient is a disclosure, whatever the generator; --keep-copies opts out.
    excludeCopiesOf: options.keepCopies ? undefined : table,
    progress: context.progress.hook,
  });
  await writeTable(options.out as string, synthetic, model.schema);
  if (!options.quiet)
    context.io.stderr(`${describeSampling(options.out as string, synthetic.nRows, report)}\n`);
}
