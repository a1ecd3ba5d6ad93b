import { readFileSync } from 'node:fs';
import { readTable, withoutByteOrderMark, writeTable } from '../../data/io.js';
import { loadModel } from '../../generators/load.js';
import { sampleModel } from '../../generators/pipeline.js';
import { parseWhere } from '../../generators/where.js';
import type { CommandContext } from '../io.js';
import { describeSampling, warnAboutSchema } from './sampling.js';

export async function run(args: string[], options: Record<string, unknown>, context: CommandContext) {
  const model = loadModel(withoutByteOrderMark(readFileSync(args[0], 'utf8')), args[0]);
  warnAboutSchema(model.schema, context);
  const training =
    typeof options.training === 'string'
      ? (await readTable(options.training, { schema: model.schema })).table
      : undefined;
  const { table, report } = sampleModel(model, {
    rows: options.rows as number,
    seed: options.seed as number,
    where: typeof options.where === 'string' ? parseWhere(options.where) : [],
    excludeCopiesOf: training,
    progress: context.progress.hook,
  });
  await writeTable(options.out as string, table, model.schema);
  if (options.quiet) return;
  context.io.stderr(`${describeSampling(options.out as string, table.nRows, report)}\n`);
  // A model file holds no training rows, so only the training table can tell a copy of a patient.
  if (!training)
    context.io.stderr(
      'note: not checked for exact copies of training patients; give --training DATA to drop them\n',
    );
}
