import { writeFileAtomic } from '../../core/atomic-write.js';
import { modelFileOf } from '../../generators/pipeline.js';
import type { CommandContext } from '../io.js';
import { readAndFit } from './sampling.js';

export async function run(args: string[], options: Record<string, unknown>, context: CommandContext) {
  const { model } = await readAndFit(args[0], options, context);
  writeFileAtomic(options.out as string, `${JSON.stringify(modelFileOf(model))}\n`);
  context.io.stderr(`model written to ${options.out}\n`);
}
