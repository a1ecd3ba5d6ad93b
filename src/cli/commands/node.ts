/**
 * `synthcohort node`: a hospital's member of the federation. Enrols once (`--enrol`), then answers
 * the hub's jobs with the site's own table until interrupted. It only connects outwards; the table
 * is read here and never written, and what leaves is what the job's protocol answers (masked sums,
 * shareable reports). One line per event on stderr.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, UsageError } from '../../core/errors.js';
import { formatOf, readTable } from '../../data/io.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { readTextTable } from '../../interop/harmonise/text-table.js';
import { secureRandomBits } from '../../privacy/random-bits.js';
import { unreachable } from '../../server/coordinator/index.js';
import { siteHandlers } from '../../server/coordinator/site-handlers.js';
import { enrolNode, NODE_FILES, type NodeEvent, readNodeIdentity, runNode } from '../../server/node/index.js';
import type { CommandContext } from '../io.js';
import { untilStopped } from './federate-signals.js';
import { csvReadOptions, schemaOption } from './shared.js';

export async function run(_args: string[], options: Record<string, unknown>, context: CommandContext) {
  const dir = options.state as string;
  const say = (line: string) => context.io.stderr(`${line}\n`);
  if (typeof options.enrol === 'string') {
    const missing = ['hub', 'ca', 'name'].filter((o) => typeof options[o] !== 'string');
    if (missing.length)
      throw new UsageError(`--enrol needs ${missing.map((o) => `--${o}`).join(' and ')} too`);
    const existed = existsSync(dir);
    // Only a folder enrolNode will use (new or empty) is cleaned after a failure.
    const fresh = !existed || readdirSync(dir).length === 0;
    const manifest = await enrolNode({
      hubUrl: options.hub as string,
      caPem: readFileSync(options.ca as string, 'utf8'),
      token: options.enrol,
      name: options.name as string,
      dir,
      bits: secureRandomBits(),
    }).catch((error: unknown) => {
      // Not enrolled: remove the key and CA enrolNode wrote (never anything else), so the same
      // command can be run again once the address, CA or token is right.
      if (fresh && !existsSync(join(dir, NODE_FILES.manifest))) {
        for (const file of [NODE_FILES.key, NODE_FILES.ca]) rmSync(join(dir, file), { force: true });
        if (!existed && existsSync(dir) && readdirSync(dir).length === 0) rmSync(dir, { recursive: true });
      }
      throw unreachable(error, options.hub as string);
    });
    say(`enrolled as '${manifest.name}' at ${manifest.hubUrl}; key and pinned CA in ${dir}`);
  }
  const identity = readNodeIdentity(dir);
  const data = options.data as string;
  const schema = schemaOption(options);
  const { table, unreadable, text } = await readNodeData(data, csvReadOptions(options), schema);
  const stop = untilStopped();
  try {
    const handlers = siteHandlers({
      name: identity.manifest.name,
      dir,
      table: () => {
        if (table === undefined) throw unreadable;
        return table;
      },
      text,
      ...(schema ? { schema } : {}),
      budget: {
        epsilon: (options.budgetEpsilon as number | undefined) ?? 10,
        delta: (options.budgetDelta as number | undefined) ?? 1e-6,
      },
    });
    const hubUrl = typeof options.hub === 'string' ? options.hub : identity.manifest.hubUrl;
    if (unreadable)
      say(
        `${unreadable.message}: until ${data} reads against the schema, the node answers only the harmonisation check (federate heterogeneity --harmonise) and declines other jobs`,
      );
    const rows = table?.nRows ?? text?.nRows ?? 0;
    say(
      `node '${identity.manifest.name}' serving ${hubUrl} with ${rows} rows of ${data} (outbound connections only); Ctrl-C to stop`,
    );
    await runNode({
      dir,
      hubUrl,
      ...(typeof options.ca === 'string' ? { caPem: readFileSync(options.ca, 'utf8') } : {}),
      handlers,
      signal: stop.signal,
      onEvent: (event) => say(describeEvent(event)),
    });
    say('node stopped');
  } finally {
    stop.dispose();
  }
}

/**
 * The node's table, read as its schema says, and the cells' text of the columns that schema
 * declares, identifiers left out: all a harmonisation check may read (a column the node's schema
 * does not declare is never reached, whatever a job's schema says). A table that does not read
 * against the node's schema is kept as the reason, when there is text to check: the check is how
 * the centre learns what to fix.
 */
export async function readNodeData(
  data: string,
  read: ReturnType<typeof csvReadOptions>,
  schema: Schema | undefined,
): Promise<{ table?: Table; unreadable?: InputError; text?: Table }> {
  const cells = formatOf(data) === 'parquet' ? undefined : readTextTable(data, { delimiter: read.delimiter });
  const declared = (by: Schema) =>
    cells?.select(by.columns.filter((c) => c.role !== 'id' && cells.has(c.name)).map((c) => c.name));
  try {
    const typed = await readTable(data, { ...read, schema });
    return { table: typed.table, text: declared(typed.schema) };
  } catch (error) {
    if (!(error instanceof InputError) || cells === undefined || schema === undefined) throw error;
    return { unreadable: error, text: declared(schema) };
  }
}

export function describeEvent(event: NodeEvent): string {
  switch (event.type) {
    case 'submitted':
      return `job ${event.jobId} round ${event.round}: answered (${event.outcome})`;
    case 'declined':
      return `job ${event.jobId} round ${event.round}: declined: ${event.reason}`;
    case 'error':
      return `error: ${event.error instanceof Error ? event.error.message : String(event.error)}; retrying in ${(event.retryInMs / 1000).toFixed(1)} s`;
  }
}
