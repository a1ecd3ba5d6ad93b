/**
 * A federation of real processes for the fault tests: `synthcohort hub init` and `hub start` in a
 * child, one `synthcohort node` child per site, each holding one centre of a simulated AML cohort in
 * a CSV file of its own, and the coordinator's client in the test's process. Each site's file has a
 * planted LDH value of its own (`plantedLdh`), so that a test can search the hub's state for it.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTable, writeTable } from '../../data/io.js';
import type { Schema } from '../../data/schema.js';
import { numberColumn, type Table } from '../../data/table.js';
import { simulate } from '../../simulate/index.js';
import { type CoordinatorClient, createCoordinatorClient } from '../coordinator/index.js';
import type { JobStatusResponse } from '../hub/messages.js';
import { type Child, checkProgram, runProgram, startChild } from './children.js';

/** The copula without rules (a copula fitted from measurements), as the federated suite runs it. */
export const COPULA = { rules: false, survival: 'copula' } as const;

/** Site `index`'s planted LDH value (U/L): in the schema's bounds, far above any simulated one, distinct per site. */
export const plantedLdh = (index: number) => 19_871 + index;

export interface Federation {
  root: string;
  hubDir: string;
  caPath: string;
  caPem: string;
  /** https://127.0.0.1:port; a restarted hub listens on the same port. */
  url: string;
  hub: Child;
  /** Every hub process started, in order: their output is searched too. */
  hubs: Child[];
  database?: string;
  client: CoordinatorClient;
  schema: Schema;
  schemaPath: string;
  names: readonly string[];
  nodes: Record<string, Child>;
  nodeDirs: Record<string, string>;
  files: Record<string, string>;
  /** Each site's table as its node reads it (the CSV with the schema). */
  tables: Record<string, Table>;
  /** Each data file's bytes and mtime when it was written. */
  written: Record<string, { bytes: Buffer; mtimeMs: number }>;
}

export interface FederationOptions {
  names: readonly string[];
  patientsPerSite: number;
  seed: number;
  /** A PostgreSQL address for the hub instead of its embedded database. */
  database?: string;
}

export async function startFederation(options: FederationOptions): Promise<Federation> {
  checkProgram();
  const { names, database } = options;
  const root = mkdtempSync(join(tmpdir(), 'synthcohort-faults-'));
  const hubDir = join(root, 'hub');
  const dbArgs = database ? ['--database', database] : [];
  const init = await runProgram(['hub', 'init', '--state', hubDir, '--hostname', '127.0.0.1', ...dbArgs]);
  if (init.code !== 0) throw new Error(`hub init failed (${init.code}): ${init.stderr}`);
  const caPath = join(hubDir, 'ca.pem');
  const caPem = readFileSync(caPath, 'utf8');
  const hub = await startHub({ hubDir, database }, '127.0.0.1:0');
  const url = hub.url;
  const client = createCoordinatorClient({ hubUrl: url, caPem, token: init.stdout.trim() });

  const { table, schema } = simulate('aml', {
    patients: options.patientsPerSite * names.length,
    centres: names.length,
    seed: options.seed,
  });
  const schemaPath = join(root, 'schema.json');
  writeFileSync(schemaPath, `${JSON.stringify(schema, null, 2)}\n`);
  const centre = table.codes('centre');
  const files: Record<string, string> = {};
  const tables: Record<string, Table> = {};
  const written: Federation['written'] = {};
  for (const [c, name] of names.entries()) {
    const rows = table.filter((row) => centre.codes[row] === c);
    const ldh = rows.numbers('ldh').slice();
    ldh[0] = plantedLdh(c);
    files[name] = join(root, `data-${name}.csv`);
    await writeTable(files[name], rows.withColumn('ldh', numberColumn(ldh)), schema);
    tables[name] = (await readTable(files[name], { schema })).table;
    written[name] = { bytes: readFileSync(files[name]), mtimeMs: statSync(files[name]).mtimeMs };
  }
  const f: Federation = {
    root,
    hubDir,
    caPath,
    caPem,
    url,
    hub: hub.child,
    hubs: [hub.child],
    client,
    schema,
    schemaPath,
    names,
    nodes: {},
    nodeDirs: {},
    files,
    tables,
    written,
    ...(database ? { database } : {}),
  };
  await Promise.all(names.map(async (name) => enrolSite(f, name, (await client.addNode(name)).token)));
  return f;
}

async function startHub(
  where: { hubDir: string; database?: string },
  listen: string,
): Promise<{ child: Child; url: string }> {
  const child = startChild('hub', [
    'hub',
    'start',
    '--state',
    where.hubDir,
    '--listen',
    listen,
    ...(where.database ? ['--database', where.database] : []),
  ]);
  const url = (await child.waitFor(/hub listening at (https:\/\/127\.0\.0\.1:\d+)/, 60_000))[1];
  return { child, url };
}

/** Starts the hub again on the same state folder and port (after a crash or a stop). */
export async function restartHub(f: Federation): Promise<void> {
  const { child, url } = await startHub(f, `127.0.0.1:${new URL(f.url).port}`);
  if (url !== f.url) throw new Error(`the restarted hub listens at ${url}, not ${f.url}`);
  f.hub = child;
  f.hubs.push(child);
}

/** Enrols site `name` with `token` into a new state folder and starts its node; waits until it serves. */
export async function enrolSite(f: Federation, name: string, token: string, dir?: string): Promise<Child> {
  const state = dir ?? join(f.root, `node-${name}`);
  const child = startChild(`node ${name}`, [
    'node',
    '--hub',
    f.url,
    '--ca',
    f.caPath,
    '--enrol',
    token,
    '--name',
    name,
    '--data',
    f.files[name],
    '--schema',
    f.schemaPath,
    '--state',
    state,
  ]);
  await child.waitFor(new RegExp(`node '${name}' serving`), 60_000);
  f.nodes[name] = child;
  f.nodeDirs[name] = state;
  return child;
}

export interface CopulaJob {
  nodes: readonly string[];
  minNodes: number;
  threshold: number;
  roundSeconds: number;
  deadlineSeconds?: number;
}

/** Creates a `federated` copula job over `nodes`; its id. */
export function createCopulaJob(f: Federation, job: CopulaJob): Promise<number> {
  return f.client.createJob({
    kind: 'federated',
    parameters: { protocol: 'copula', nodes: [...job.nodes], request: { schema: f.schema, copula: COPULA } },
    minNodes: job.minNodes,
    threshold: job.threshold,
    deadlineSeconds: job.deadlineSeconds ?? 120,
    roundSeconds: job.roundSeconds,
  });
}

/** Polls job `id`'s status every 50 ms until `check` holds (or the job ends); fails after `ms`. */
export async function waitForStatus(
  f: Federation,
  id: number,
  check: (status: JobStatusResponse) => boolean,
  what: string,
  ms = 60_000,
): Promise<JobStatusResponse> {
  const until = Date.now() + ms;
  for (;;) {
    const status = await f.client.status(id);
    if (check(status)) return status;
    if (status.status === 'done' || status.status === 'aborted')
      throw new Error(`job ${id} ended (${status.status}: ${status.abortReason}) before ${what}`);
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Whether `node` has a stored submission in the round of `purpose`. */
export const submitted = (status: JobStatusResponse, purpose: string, node: string) =>
  status.rounds.some((r) => r.purpose === purpose && r.submitted.includes(node));

/** Waits until job `id` is final (at most `ms`): its status and, when done, its result. */
export async function finalOutcome(f: Federation, id: number, ms = 90_000) {
  const until = Date.now() + ms;
  for (;;) {
    const status = await f.client.status(id);
    if (status.status === 'aborted') return { status, result: undefined };
    if (status.status === 'done') {
      const result = await f.client.waitForResult(id);
      return { status, result };
    }
    if (Date.now() > until) throw new Error(`job ${id} still '${status.status}' after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Each data file's bytes and mtime against what was written: the names of the files that changed. */
export function changedDataFiles(f: Federation): string[] {
  return f.names.filter(
    (name) =>
      !readFileSync(f.files[name]).equals(f.written[name].bytes) ||
      statSync(f.files[name]).mtimeMs !== f.written[name].mtimeMs,
  );
}
