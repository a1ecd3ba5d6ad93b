/**
 * A federation started through the CLI for a test, as a consortium starts one: `hub init` and
 * `hub start` on 127.0.0.1, then per centre `hub add-node` and `node --enrol … --data --schema`.
 * Everything runs in this process (see background-cli.ts); `stopAll()` ends it.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import { type BackgroundRun, runInBackground } from './background-cli.js';
import { runCli } from './run-cli.js';

export interface CliHub {
  readonly dir: string;
  readonly ca: string;
  readonly url: string;
  /** `--hub URL --ca CA --token T`, for every `federate` command. */
  readonly coordinator: string[];
  readonly run: BackgroundRun;
}

/** A hub in `root/hub`, listening on a free port of 127.0.0.1. */
export async function startHub(root: string): Promise<CliHub> {
  const dir = join(root, 'hub');
  const ca = join(dir, 'ca.pem');
  const init = await runCli('hub', 'init', '--state', dir);
  expect(init.code).toBe(0);
  const run = runInBackground('hub', 'start', '--state', dir, '--listen', '127.0.0.1:0');
  const url = (await run.waitFor(/hub listening at (https:\/\/127\.0\.0\.1:\d+)/))[1];
  return { dir, ca, url, coordinator: ['--hub', url, '--ca', ca, '--token', init.stdout.trim()], run };
}

/** Node `name` enrolled at the hub, serving `data` read against `schemaFile`, state in `stateDir`. */
export async function startNode(
  hub: CliHub,
  node: { name: string; data: string; schemaFile: string; stateDir: string },
): Promise<BackgroundRun> {
  const added = await runCli('hub', 'add-node', node.name, '--state', hub.dir);
  expect(added.code).toBe(0);
  const run = runInBackground(
    'node',
    ...['--hub', hub.url, '--ca', hub.ca, '--enrol', added.stdout.trim(), '--name', node.name],
    ...['--data', node.data, '--schema', node.schemaFile, '--state', node.stateDir],
  );
  await run.waitFor(/serving/);
  return run;
}
