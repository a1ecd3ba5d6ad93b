/**
 * `synthcohort federate fit|sample|validate|heterogeneity|rules|status|demo`: the coordinator's commands.
 * The work is the library's (the coordinator client, the protocols, the sampler, the report
 * renderers); this file parses options and prints.
 */

import { join } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { UsageError } from '../../core/errors.js';
import { formatCsv } from '../../data/csv/write.js';
import { readSchemaFile, readTable, writeTable } from '../../data/io.js';
import { parseSchema, type Schema } from '../../data/schema.js';
import { loadModel } from '../../generators/load.js';
import { sampleModel } from '../../generators/pipeline.js';
import { FederatedReport } from '../../report/federated.js';
import { runFederatedDemo } from '../../server/coordinator/demo.js';
import type { CoordinatorClient } from '../../server/coordinator/index.js';
import { resolveNodes, runFederatedJob } from '../../server/coordinator/index.js';
import { MIN_HETEROGENEITY_SITES } from '../../workflows/federated/heterogeneity.js';
import { renderHeterogeneity } from '../../workflows/federated/heterogeneity-render.js';
import { HeterogeneityReport } from '../../workflows/federated/heterogeneity-report.js';
import { federatedVerdictLines } from '../../workflows/federated/report-files.js';
import { RULES_PROTOCOL } from '../../workflows/federated/rules-protocol.js';
import { writeFederatedReport } from '../../workflows/validate.js';
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

/**
 * Runs a heterogeneity job and prints its lines (what it flags, one line each) on stderr. With
 * fewer sites than the comparison needs, says so and returns nothing: one site's counts would
 * follow from the pooled counts minus the others'.
 */
async function heterogeneityLines(
  client: CoordinatorClient,
  schema: Schema,
  options: Record<string, unknown>,
  context: CommandContext,
  harmonise = false,
): Promise<HeterogeneityReport | undefined> {
  const sites = (await resolveNodes(client, options.nodes as string[] | undefined)).length;
  if (sites < MIN_HETEROGENEITY_SITES) {
    context.io.stderr(
      `heterogeneity not checked: it needs at least ${MIN_HETEROGENEITY_SITES} sites, the job has ${sites}\n`,
    );
    return undefined;
  }
  const job = await runFederatedJob(
    client,
    { protocol: 'heterogeneity', request: { schema, harmonise }, ...jobOptions(options) },
    showProgress(context, 'comparing the sites'),
  );
  const report = HeterogeneityReport.parse(job.result);
  context.io.stderr(`job ${job.id}: ${renderHeterogeneity(report).join('\n')}\n`);
  return report;
}

export async function heterogeneity(
  _args: string[],
  options: Record<string, unknown>,
  context: CommandContext,
) {
  const schema = readSchemaFile(options.schema as string);
  const mapping = typeof options.harmonise === 'string' ? options.harmonise : undefined;
  const report = await heterogeneityLines(clientOf(options), schema, options, context, mapping !== undefined);
  if (report && typeof options.out === 'string')
    writeFileAtomic(options.out, `${JSON.stringify(report, null, 2)}\n`);
  if (report?.harmonise && mapping !== undefined) {
    writeFileAtomic(mapping, `${JSON.stringify(report.harmonise.mapping, null, 2)}\n`);
    context.io.stderr(
      `Proposed mapping (${report.harmonise.mapping.transformations.length} transformation(s), none confirmed) written to ${mapping}: each centre confirms its own and applies them to its table with synthcohort harmonise DATA --centre NAME --apply ${mapping}.\n`,
    );
  }
}

/**
 * Infers the rules every patient of every site obeys, from pooled counts (the rules protocol), and
 * writes the schema with them added: fit the copula with it so that its patients obey them too.
 */
export async function rules(_args: string[], options: Record<string, unknown>, context: CommandContext) {
  const schema = readSchemaFile(options.schema as string);
  const thresholds = {
    ...(options.minSupport === undefined ? {} : { minSupport: options.minSupport as number }),
    ...(options.falseRuleRate === undefined ? {} : { falseRuleRate: options.falseRuleRate as number }),
  };
  const job = await runFederatedJob(
    clientOf(options),
    { protocol: RULES_PROTOCOL, request: { schema, options: thresholds }, ...jobOptions(options) },
    showProgress(context, 'counting at the sites'),
  );
  const completed = parseSchema(job.result.schema, `the schema of job ${job.id}`);
  const added = completed.rules.length - schema.rules.length;
  const notes = Array.isArray(job.result.notes) ? (job.result.notes as string[]) : [];
  writeFileAtomic(options.out as string, `${JSON.stringify(completed, null, 2)}\n`);
  context.io.stdout(`${notes.join('\n')}${notes.length ? '\n' : ''}`);
  context.io.stderr(
    `job ${job.id}: ${notes.length} rules hold across ${job.nodes.length} sites (${job.nodes.join(', ')}), ${added} new to the schema; schema written to ${options.out}\n`,
  );
}

export async function validate(_args: string[], options: Record<string, unknown>, context: CommandContext) {
  const schema = readSchemaFile(options.schema as string);
  // Read and checked here first: a cohort the sites would refuse is refused before any job starts.
  const { table } = await readTable(options.synthetic as string, { schema });
  const synthetic = formatCsv(table, schema);
  const job = await runFederatedJob(
    clientOf(options),
    { protocol: 'validate', request: { schema, synthetic }, ...jobOptions(options) },
    showProgress(context, `validating ${table.nRows} synthetic rows at every site`),
  );
  const report = FederatedReport.parse(job.result);
  const files = writeFederatedReport(report, options.out as string);
  context.io.stdout(
    `${[
      `job ${job.id}: validated at ${job.nodes.length} sites`,
      ...federatedVerdictLines(report),
      `Report: ${files.html}`,
      `        ${files.json}`,
      `Each centre's shareable report: ${join(options.out as string, '<centre>')}/report.html`,
    ].join('\n')}\n`,
  );
}

export async function demo(_args: string[], options: Record<string, unknown>, context: CommandContext) {
  const out = options.out as string;
  const started = performance.now();
  const result = await runFederatedDemo({
    out,
    centres: options.nodes as number,
    patients: options.patients as number,
    seed: options.seed as number,
    onStep: (message) => context.progress.step(message),
    onJob: (status) => {
      const round = status.rounds.at(-1);
      if (round)
        context.progress.step(
          `job ${status.id}: ${round.purpose} ${round.status}, ${round.submitted.length} answered`,
        );
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const lines = [
    `Simulated ${options.patients} AML patients in ${result.centres.length} centres (${result.centres.map((c) => `${c.name} ${c.rows}`).join(', ')}); ${result.shiftedCentre} reports haemoglobin in g/L${result.ownWayCentre ? `; ${result.ownWayCentre} exports its own labels and a decimal comma` : ''}.`,
    `A hub on 127.0.0.1 (state in ${result.hubDir}) and one node per centre (${join(out, 'nodes')}/<centre>), talking HTTPS; no patient row left a node.`,
    '',
    ...(result.heterogeneity ? renderHeterogeneity(result.heterogeneity) : []),
    ...(result.mappingFile ? [`Proposed harmonisation mapping: ${result.mappingFile}`] : []),
    ...result.harmonised.map(
      (h) =>
        `Centre ${h.centre} confirmed and applied ${h.transformations.map((t) => `${t.kind} ${t.column}`).join(', ')} to its own table before the fits, at the centre: ${h.file}`,
    ),
    `Rules every patient obeys, from pooled counts (job ${result.rules.job}): ${result.rules.found} found, ${result.rules.added} added to the schema (${result.rules.schemaFile}); the copula is fitted with them, mst with the declared schema only (rules learnt from the data would cost privacy its ε does not cover).`,
    '',
  ];
  for (const fit of result.fits) {
    lines.push(
      `${fit.model}${fit.model === 'mst' ? ' (ε = 3)' : ''}, fitted across the centres (job ${fit.job}): ${fit.rows} synthetic patients, validated at every centre.`,
      ...federatedVerdictLines(fit.report),
      `Report: ${fit.files.html}`,
      `        ${fit.files.json}`,
      '',
    );
  }
  lines.push(
    `Data:   ${out}/ (schema.json, schema-rules.json, data/<centre>.csv, copula/ and mst/ with model.json, synthetic.csv, <centre>/report.html)`,
    `Each centre's own reports: ${join(out, 'nodes')}/<centre>/reports/`,
    `Done in ${seconds.toFixed(0)} s.`,
    '',
  );
  context.io.stdout(lines.join('\n'));
}
