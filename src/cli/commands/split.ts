import { type SplitFileResult, splitFile } from '../../data/split-file.js';
import type { CommandContext } from '../io.js';
import { csvReadOptions, schemaOption } from './shared.js';

export async function run(args: string[], options: Record<string, unknown>, context: CommandContext) {
  context.progress.step(`splitting ${args[0]}`);
  const result = await splitFile(args[0], {
    ...csvReadOptions(options),
    holdout: options.holdout as number,
    seed: options.seed as number,
    out: options.out as string,
    stratify: options.stratify as string | false | undefined,
    schema: schemaOption(options),
  });
  context.io.stdout(`${summaryLines(result).join('\n')}\n`);
}

/** `parts/training.csv: 1750 rows, parts/holdout.csv: 750 rows (stratified by centre, 5 strata)`. */
function summaryLines(result: SplitFileResult): string[] {
  const { training, holdout, stratifiedBy, strata } = result;
  const how = stratifiedBy
    ? `stratified by ${stratifiedBy}, ${strata.length} ${strata.length === 1 ? 'stratum' : 'strata'}`
    : 'not stratified';
  const lines = [`${training.path}: ${training.rows} rows, ${holdout.path}: ${holdout.rows} rows (${how})`];
  // A count, not the values: a stratum of one or two rows names a patient's value.
  const whole = strata.filter((s) => s.holdout === 0);
  if (whole.length > 0)
    lines.push(
      `  ${whole.length} of the ${strata.length} values of ${stratifiedBy} have too few rows to split: kept whole in training`,
    );
  return lines;
}
