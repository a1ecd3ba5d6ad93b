import { DEFAULT_SEED } from '../../core/rng.js';
import { readTable } from '../../data/io.js';
import type { Schema } from '../../data/schema.js';
import { unorderedTimesAdvice } from '../../data/schema-advice.js';
import type { Table } from '../../data/table.js';
import { fitModel, type Model, type PrivateFit, type SampleReport } from '../../generators/pipeline.js';
import { GENERATORS, generatorNamed } from '../../generators/registry.js';
import { datasetKey } from '../../privacy/dataset-key.js';
import type { CommandContext } from '../io.js';
import { privateFit } from './privacy.js';
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
  const generator = generatorNamed(options.model as string);
  const privacy = privateFit(file, generator, schemaOption(options), options);
  context.progress.step(`fitting ${options.model} on ${table.nRows} rows × ${table.nColumns} columns`);
  const model = fitModel(table, schema, generator, {
    seed: (options.seed as number | undefined) ?? DEFAULT_SEED,
    generatorOptions: generatorOptions(options),
    file,
    progress: context.progress.hook,
    privacy,
  });
  if (privacy?.ledger) context.io.stderr(`${describeSpend(table, privacy)}\n`);
  return { table, model };
}

/** "privacy: spent ε = 1, δ = 1e-6 on these data; ledger DATA.privacy-ledger.json: 2 spends, ε = 1.9 in all (of a budget of 3)". */
function describeSpend(table: Table, privacy: PrivateFit): string {
  const total = privacy.ledger!.total(datasetKey(table), privacy.delta);
  const budget = privacy.budget ? ` of a budget of ε = ${privacy.budget.epsilon}` : '';
  return `privacy: spent ε = ${privacy.epsilon}, δ = ${privacy.delta} on these data; ledger ${privacy.ledger!.path}: ${total.spends} ${total.spends === 1 ? 'spend' : 'spends'}, ε = ${Number(total.epsilon.toPrecision(3))} in all at δ = ${privacy.delta}${budget}`;
}

/** Advice on what the schema leaves open, on stderr (also with --quiet: it concerns the output). */
export function warnAboutSchema(schema: Schema, context: CommandContext): void {
  const advice = unorderedTimesAdvice(schema);
  if (advice) context.io.stderr(`warning: ${advice}\n`);
}

/**
 * Generator options from `--set key=value` pairs and `--min-leaf`. A value is read as JSON where it
 * parses, else as text, else as a list split at commas (`order=age,sex`), whichever the generator's
 * option accepts; what none fits is passed on for the generator to refuse by name.
 */
export function generatorOptions(options: Record<string, unknown>): Record<string, unknown> {
  const shape = optionShape(options.model);
  const result: Record<string, unknown> = {};
  for (const pair of (options.set as string[] | undefined) ?? []) {
    const at = pair.indexOf('=');
    const key = pair.slice(0, at);
    const readings = readingsOf(pair.slice(at + 1));
    result[key] = chooseReading(readings, shape?.[key]);
  }
  if (options.minLeaf !== undefined) result.minLeaf = options.minLeaf;
  return result;
}

function readingsOf(text: string): unknown[] {
  const json = (part: string): unknown => {
    try {
      return JSON.parse(part);
    } catch {
      return part;
    }
  };
  const list = text.split(',').map((part) => json(part.trim()));
  return [json(text), text, list];
}

type OptionSchema = {
  safeParse(value: unknown): {
    success: boolean;
    error?: { issues: Array<{ code: string; path: PropertyKey[] }> };
  };
};
type OptionShape = Record<string, OptionSchema>;

/**
 * The first reading the option accepts; failing that, one of the right type (so that the message
 * says what is wrong with the value, such as a column named twice, not that a list was expected).
 */
function chooseReading(readings: unknown[], accepts: OptionSchema | undefined): unknown {
  if (!accepts) return readings[0];
  const results = readings.map((value) => ({ value, result: accepts.safeParse(value) }));
  const wrongType = (r: (typeof results)[number]) =>
    r.result.error?.issues.some((issue) => issue.code === 'invalid_type' && issue.path.length === 0) ?? false;
  return (results.find((r) => r.result.success) ?? results.find((r) => !wrongType(r)) ?? results[0]).value;
}

function optionShape(model: unknown): OptionShape | undefined {
  const generator = GENERATORS.find((g) => g.name === model);
  return (generator?.options as { shape?: OptionShape } | undefined)?.shape;
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
