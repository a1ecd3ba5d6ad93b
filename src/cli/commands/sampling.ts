import { readTable } from '../../data/io.js';
import type { Schema } from '../../data/schema.js';
import { unorderedTimesAdvice } from '../../data/schema-advice.js';
import type { Table } from '../../data/table.js';
import { fitModel, type Model, type SampleReport } from '../../generators/pipeline.js';
import type { CommandContext } from '../io.js';
import { csvReadOptions, schemaOption } from './shared.js';

/** What `fit` and `generate` share: read the data (with --schema, or inferred) and fit --model on it. */
export async function readAndFit(
  file: string,
  options: Record<string, unknown>,
  context: CommandContext,
): Promise<{ table: Table; model: Model }> {
  const { table, schema } = await readTable(file, {
    ...csvReadOptions(options),
    schema: schemaOption(options),
  });
  warnAboutSchema(schema, context);
  context.progress.step(`fitting ${options.model} on ${table.nRows} rows × ${table.nColumns} columns`);
  const model = fitModel(table, schema, options.model as string, {
    seed: options.seed as number,
    generatorOptions: generatorOptions(options),
    file,
  });
  return { table, model };
}

/** Advice on what the schema leaves open, on stderr (also with --quiet: it concerns the output). */
export function warnAboutSchema(schema: Schema, context: CommandContext): void {
  const advice = unorderedTimesAdvice(schema);
  if (advice) context.io.stderr(`warning: ${advice}\n`);
}

/** Generator options from `--set key=value` pairs (values read as JSON where they parse) and `--min-leaf`. */
export function generatorOptions(options: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const pair of (options.set as string[] | undefined) ?? []) {
    const at = pair.indexOf('=');
    const key = pair.slice(0, at);
    const text = pair.slice(at + 1);
    try {
      result[key] = JSON.parse(text);
    } catch {
      result[key] = text;
    }
  }
  if (options.minLeaf !== undefined) result.minLeaf = options.minLeaf;
  return result;
}

/** "synth.csv: 10000 rows (10412 drawn, 412 rejected and re-drawn: rfs_days <= os_days 400, …)". */
export function describeSampling(out: string, rows: number, report: SampleReport): string {
  const rejected = Object.values(report.rejected).reduce((a, b) => a + b, 0);
  const reasons = Object.entries(report.rejected)
    .sort((a, b) => b[1] - a[1])
    .map(([check, n]) => `${check} ${n}`)
    .join(', ');
  const surplus = report.drawn - rows - rejected;
  return `${out}: ${rows} ${rows === 1 ? 'row' : 'rows'} (${report.drawn} drawn; ${rejected} rejected and re-drawn${reasons ? `: ${reasons}` : ''}${surplus > 0 ? `; ${surplus} surplus discarded` : ''})`;
}
