import { writeFileAtomic } from '../../core/atomic-write.js';
import { readTable } from '../../data/io.js';
import { fitModel, modelFileOf } from '../../generators/pipeline.js';
import type { CommandContext } from '../io.js';
import { generatorOptions } from './sampling.js';
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
  writeFileAtomic(options.out as string, `${JSON.stringify(modelFileOf(model))}\n`);
  context.io.stderr(`model written to ${options.out}\n`);
}
