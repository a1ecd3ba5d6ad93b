import { readTable, writeTable } from '../../data/io.js';
import { fitModel, sampleModel } from '../../generators/pipeline.js';
import { parseWhere } from '../../generators/where.js';
import type { CommandContext } from '../io.js';
import { describeSampling, generatorOptions } from './sampling.js';
import { csvReadOptions, schemaOption } from './shared.js';

export async function run(args: string[], options: Record<string, unknown>, context: CommandContext) {
  const file = args[0];
  const { table, schema } = await readTable(file, {
    ...csvReadOptions(options),
    schema: schemaOption(options),
  });
  context.progress.step(`fitting ${options.model} on ${table.nRows} rows × ${table.nColumns} columns`);
  const model = fitModel(table, schema, options.model as string, {
    seed: options.seed as number,
    generatorOptions: generatorOptions(options),
    file,
  });
  context.progress.step(`sampling ${options.rows} rows`);
  const { table: synthetic, report } = sampleModel(model, {
    rows: options.rows as number,
    seed: options.seed as number,
    where: typeof options.where === 'string' ? parseWhere(options.where) : [],
    excludeCopiesOf: options.dropCopies ? table : undefined,
  });
  await writeTable(options.out as string, synthetic, model.schema);
  if (!options.quiet)
    context.io.stderr(`${describeSampling(options.out as string, synthetic.nRows, report)}\n`);
}
