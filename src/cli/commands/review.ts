/**
 * `synthcohort review`: serves the clinician review app for one site (src/server/review) until
 * interrupted. The synthetic cohort, its report and model become the app's first cohort (once: a
 * restart with the same files finds it again); the site's real table, when given, stays in this
 * process's memory — aggregates for step 1, refitting after accepted rules, the blinded test.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { readTable } from '../../data/io.js';
import type { Schema } from '../../data/schema.js';
import { parseModelFile } from '../../generators/model-file.js';
import { startReviewApp } from '../../server/review/app.js';
import type { CommandContext } from '../io.js';
import { databaseOf, listenOf } from './federate-kinds.js';
import { aborted, untilStopped } from './federate-signals.js';
import { schemaOption } from './shared.js';

export async function run(_args: string[], options: Record<string, unknown>, context: CommandContext) {
  const syntheticFile = options.synthetic as string;
  const model = typeof options.model === 'string' ? readFileSync(options.model, 'utf8') : undefined;
  const schema = await cohortSchema(options, model);
  const site =
    typeof options.data === 'string'
      ? { table: (await readTable(options.data, { schema })).table, schema, file: options.data }
      : undefined;
  const stop = untilStopped();
  try {
    const app = await startReviewApp({
      dir: options.state as string,
      listen: listenOf(options.listen as string),
      database: databaseOf(options),
      site,
      cohort: {
        name:
          typeof options.name === 'string' ? options.name : basename(syntheticFile, extname(syntheticFile)),
        purpose: typeof options.purpose === 'string' ? options.purpose : '',
        syntheticCsv: readFileSync(syntheticFile, 'utf8'),
        ...(model === undefined ? { schema } : { model }),
        ...(typeof options.report === 'string' ? { report: readFileSync(options.report, 'utf8') } : {}),
      },
    }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE')
        throw new UsageError(`--listen: cannot listen on ${options.listen}: the port is in use`);
      throw error;
    });
    const lines = [`review app at ${app.url}/review/`];
    if (app.coordinator)
      lines.push(
        `coordinator account '${app.coordinator.name}', password (shown this once, stored hashed): ${app.coordinator.password}`,
        'sign in, then add reviewers and assign them the cohort under People',
      );
    context.io.stdout(`${lines.join('\n')}\n`);
    context.progress.step('serving until interrupted (Ctrl-C)');
    await aborted(stop.signal);
    await app.close();
    context.io.stderr('review app stopped\n');
  } finally {
    stop.dispose();
  }
}

/** The cohort's schema: the model's, else --schema, else inferred from the synthetic file. */
async function cohortSchema(options: Record<string, unknown>, model: string | undefined): Promise<Schema> {
  if (model !== undefined) return parseModelFile(model, options.model as string).schema;
  return schemaOption(options) ?? (await readTable(options.synthetic as string)).schema;
}
