/**
 * `synthcohort federate fit|sample|validate|heterogeneity|status|demo`: the coordinator's commands.
 * The work is the library's (the coordinator client, the protocols, the sampler, the report
 * renderers); this file parses options and prints.
 */
import { writeFileAtomic } from '../../core/atomic-write.js';
import { UsageError } from '../../core/errors.js';
import { readSchemaFile, writeTable } from '../../data/io.js';
import type { Schema } from '../../data/schema.js';
import { loadModel } from '../../generators/load.js';
import { sampleModel } from '../../generators/pipeline.js';
import type { CoordinatorClient } from '../../server/coordinator/index.js';
import { runFederatedJob } from '../../server/coordinator/index.js';
import type { CommandContext } from '../io.js';
import { clientOf, jobOptions, showProgress } from './federate-client.js';

const DEFAULT_DELTA = 1e-6;

export async function fit(_args: string[], options: Record<string, unknown>, context: CommandContext) {
  const model = options.model as 'copula' | 'mst';
  const schema = readSchemaFile(options.schema as string);
  if (model === 'mst' && options.epsilon === undefined)
    throw new UsageError(
      '--epsilon: mst is differentially private and needs the budget ε this fit spends, such as --epsilon 3',
    );
  if (model !== 'mst' && options.epsilon !== undefined)
    throw new UsageError(`--epsilon: ${model} gives no differential-privacy guarantee; --epsilon is for mst`);
  const client = clientOf(options);
  if (!options.skipHeterogeneity) await heterogeneityLines(client, schema, options, context);
  const request =
    model === 'mst'
      ? {
          schema,
          epsilon: options.epsilon as number,
          delta: (options.delta as number | undefined) ?? DEFAULT_DELTA,
        }
      : { schema };
  const job = await runFederatedJob(
    client,
    { protocol: model, request, ...jobOptions(options) },
    showProgress(context, `fitting ${model}`),
  );
  const text = `${JSON.stringify(job.result.model)}\n`;
  // Checked as `sample` will read it, before it is written.
  loadModel(text, options.out as string);
  writeFileAtomic(options.out as string, text);
  context.io.stderr(
    `job ${job.id}: ${model} fitted across ${job.nodes.length} sites (${job.nodes.join(', ')}); model written to ${options.out}\n`,
  );
}

export async function sample(_args: string[], options: Record<string, unknown>, context: CommandContext) {
  const client = clientOf(options);
  const id = options.job as number;
  const result = await client.waitForResult(id, showProgress(context, 'waiting for the fit'));
  if (typeof result.model !== 'object' || result.model === null)
    throw new UsageError(`--job: job ${id} released no model; give the id of a federate fit job`);
  const text = `${JSON.stringify(result.model)}\n`;
  const model = loadModel(text, `the model of job ${id}`);
  if (typeof options.modelOut === 'string') writeFileAtomic(options.modelOut, text);
  const { table } = sampleModel(model, {
    rows: options.rows as number,
    seed: options.seed as number,
    progress: context.progress.hook,
  });
  await writeTable(options.out as string, table, model.schema);
  context.io.stderr(
    `${table.nRows} synthetic rows from job ${id}'s ${model.generator.name} model written to ${options.out}\n`,
  );
}

export async function status(_args: string[], options: Record<string, unknown>, context: CommandContext) {
  const client = clientOf(options);
  if (options.job === undefined) {
    context.io.stdout(`${JSON.stringify({ hub: client.hubUrl, nodes: await client.nodes() }, null, 2)}\n`);
    return;
  }
  context.io.stdout(`${JSON.stringify(await client.status(options.job as number), null, 2)}\n`);
}

/** Runs a heterogeneity job and prints what it flags, one line each, on stderr. */
async function heterogeneityLines(
  client: CoordinatorClient,
  schema: Schema,
  options: Record<string, unknown>,
  context: CommandContext,
): Promise<Record<string, unknown>> {
  const job = await runFederatedJob(
    client,
    { protocol: 'heterogeneity', request: { schema }, ...jobOptions(options) },
    showProgress(context, 'comparing the sites'),
  );
  const flagged = (job.result.flagged as unknown[] | undefined) ?? [];
  context.io.stderr(
    `job ${job.id}: heterogeneity across ${job.nodes.length} sites, ${flagged.length} flagged\n`,
  );
  for (const line of flagged)
    context.io.stderr(`  ${typeof line === 'string' ? line : JSON.stringify(line)}\n`);
  return job.result;
}

export async function heterogeneity(
  _args: string[],
  options: Record<string, unknown>,
  context: CommandContext,
) {
  const schema = readSchemaFile(options.schema as string);
  const result = await heterogeneityLines(clientOf(options), schema, options, context);
  if (typeof options.out === 'string') writeFileAtomic(options.out, `${JSON.stringify(result, null, 2)}\n`);
}

export async function validate(): Promise<void> {
  throw new UsageError('federate validate: not available in this build yet');
}

export async function demo(): Promise<void> {
  throw new UsageError('federate demo: not available in this build yet');
}
