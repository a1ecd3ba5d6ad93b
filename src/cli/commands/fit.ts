import { writeFileAtomic } from '../../core/atomic-write.js';
import { DataError } from '../../core/errors.js';
import { loadModel } from '../../generators/load.js';
import { modelFileOf } from '../../generators/pipeline.js';
import type { CommandContext } from '../io.js';
import { readAndFit } from './sampling.js';

export async function run(args: string[], options: Record<string, unknown>, context: CommandContext) {
  const { model } = await readAndFit(args[0], options, context);
  const text = `${JSON.stringify(modelFileOf(model))}\n`;
  // A file that would not load back (a non-finite parameter written as null) is refused now, not
  // at the first sample.
  try {
    loadModel(text, options.out as string);
  } catch (error) {
    throw new DataError(
      { file: args[0] },
      `the fitted model cannot be stored (${(error as Error).message}); look for extreme values in the data`,
    );
  }
  writeFileAtomic(options.out as string, text);
  context.io.stderr(`model written to ${options.out}\n`);
}
