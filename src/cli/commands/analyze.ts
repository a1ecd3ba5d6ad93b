import { inFile } from '../../core/errors.js';
import { readTable } from '../../data/io.js';
import { analyze } from '../../survival/index.js';
import type { CommandContext } from '../io.js';
import { csvReadOptions, schemaOption } from './shared.js';

export async function run(args: string[], options: Record<string, unknown>, context: CommandContext) {
  const { table, schema } = await readTable(args[0], {
    ...csvReadOptions(options),
    schema: schemaOption(options),
  });
  context.progress.step(`analysing ${table.nRows} rows`);
  const result = inFile(args[0], () =>
    analyze(
      table,
      {
        time: options.time as string,
        event: options.event as string,
        eventValue: options.eventValue as string | undefined,
        origin: options.origin as string | undefined,
        group: options.group as string | undefined,
        cox: options.cox as string[] | undefined,
        at: options.at as number[] | undefined,
        ties: options.ties as 'efron' | 'breslow',
      },
      schema,
    ),
  );
  context.io.stdout(`${JSON.stringify(result, null, 2)}\n`);
}
