import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stopAll } from './commands/federate-signals.js';
import { runInBackground } from './test-support/background-cli.js';
import { expectBadInput, runCli, tempDir } from './test-support/run-cli.js';

// One hub for the whole file: making its embedded database is the slow part (~5 s).
const root = tempDir();
const hubDir = join(root, 'hub');
const ca = join(hubDir, 'ca.pem');
afterAll(() => stopAll());

describe('synthcohort hub init, start, add-node and node', () => {
  let token = '';
  let url = '';

  it('init makes the state folder and prints the coordinator token once, on stdout', async () => {
    const run = await runCli('hub', 'init', '--state', hubDir);
    expect(run.code).toBe(0);
    token = run.stdout.trim();
    expect(token).toMatch(/^scc_[A-Za-z0-9_-]{43}$/);
    expect(run.stderr).toContain(ca);
    expect(statSync(join(hubDir, 'ca-key.pem')).mode & 0o777).toBe(0o600);
    // The token is stored hashed: no file of the folder holds it in clear.
    expect(readFileSync(join(hubDir, 'hub.json'), 'utf8')).not.toContain(token);
  });

  it('init refuses a folder that is not empty (exit 2, one line)', async () => {
    await expectBadInput(/--state: .*hub is not empty/, 'hub', 'init', '--state', hubDir);
  });

  it('start serves on 127.0.0.1; add-node works while it runs; a node enrols; status lists it; SIGTERM stops both', async () => {
    const hub = runInBackground('hub', 'start', '--state', hubDir, '--listen', '127.0.0.1:0');
    url = (await hub.waitFor(/hub listening at (https:\/\/127\.0\.0\.1:\d+)/))[1];
    expect(hub.stdout()).toContain(`CA certificate: ${ca}`);
    const admin = join(hubDir, 'admin.json');
    expect(statSync(admin).mode & 0o777).toBe(0o600);

    const added = await runCli('hub', 'add-node', 'alpha', '--state', hubDir);
    expect(added.code).toBe(0);
    const enrolment = added.stdout.trim();
    expect(enrolment).toMatch(/^sce_/);
    expect(added.stderr).toContain("node 'alpha'");

    const data = tempDir();
    expect((await runCli('simulate', 'aml', '--patients', '60', '--out', data)).code).toBe(0);
    const nodeDir = join(root, 'node-alpha');
    const node = runInBackground(
      'node',
      '--hub',
      url,
      '--ca',
      ca,
      '--enrol',
      enrolment,
      '--name',
      'alpha',
      '--data',
      join(data, 'cohort.csv'),
      '--schema',
      join(data, 'schema.json'),
      '--state',
      nodeDir,
    );
    await node.waitFor(/node 'alpha' serving .* with 60 rows/);
    expect(node.stderr()).toContain("enrolled as 'alpha'");

    const status = await runCli('federate', 'status', '--hub', url, '--ca', ca, '--token', token);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual({ hub: url, nodes: ['alpha'] });

    // The enrolment token was spent: a second node cannot use it.
    const again = await runCli(
      'node',
      '--hub',
      url,
      '--ca',
      ca,
      '--enrol',
      enrolment,
      '--name',
      'alpha',
      '--data',
      join(data, 'cohort.csv'),
      '--state',
      join(root, 'node-copy'),
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already used/);

    stopAll();
    expect(await hub.done).toBe(0);
    expect(await node.done).toBe(0);
    expect(node.stderr()).toContain('node stopped');
    expect(existsSync(admin)).toBe(false);

    // With the hub stopped, add-node opens the database itself.
    const offline = await runCli('hub', 'add-node', 'bravo', '--state', hubDir);
    expect(offline.code).toBe(0);
    expect(offline.stdout.trim()).toMatch(/^sce_/);
  }, 60_000);
});

describe('federation commands refuse bad input with exit 2 and one line', () => {
  it('names the flag at fault', async () => {
    const pem = join(hubDir, 'ca.pem');
    await expectBadInput(
      /--listen expects HOST:PORT/,
      'hub',
      'start',
      '--state',
      hubDir,
      '--listen',
      'nowhere',
    );
    await expectBadInput(
      /--state: .* is not a hub state folder/,
      'hub',
      'start',
      '--state',
      root,
      '--listen',
      '127.0.0.1:0',
    );
    await expectBadInput(
      /--database expects a postgres:\/\//,
      'hub',
      'init',
      '--state',
      join(root, 'h2'),
      '--database',
      'mysql://x',
    );
    await expectBadInput(
      /--valid-days expects at most 30/,
      'hub',
      'add-node',
      'x',
      '--state',
      hubDir,
      '--valid-days',
      '99',
    );
    await expectBadInput(
      /--hub must start with https:\/\//,
      'federate',
      'status',
      '--hub',
      'http://127.0.0.1:1',
      '--ca',
      pem,
      '--token',
      't',
    );
    await expectBadInput(
      /--hub: cannot reach the hub at https:\/\/127\.0\.0\.1:1: connection refused/,
      'federate',
      'status',
      '--hub',
      'https://127.0.0.1:1',
      '--ca',
      pem,
      '--token',
      't',
    );
    await expectBadInput(
      /--model expects one of copula, mst, got 'cart'/,
      'federate',
      'fit',
      '--hub',
      'https://h',
      '--ca',
      pem,
      '--token',
      't',
      '--model',
      'cart',
      '--schema',
      pem,
      '--out',
      join(root, 'm.json'),
    );
    await expectBadInput(
      /--nodes expects names separated by commas/,
      'federate',
      'heterogeneity',
      '--hub',
      'https://h',
      '--ca',
      pem,
      '--token',
      't',
      '--schema',
      pem,
      '--nodes',
      'a,,b',
    );
    await expectBadInput(
      /missing\.pem: /,
      'federate',
      'status',
      '--hub',
      'https://h',
      '--ca',
      join(root, 'missing.pem'),
      '--token',
      't',
    );
    await expectBadInput(
      /--ca: .* is not a PEM certificate/,
      'federate',
      'status',
      '--hub',
      'https://h',
      '--ca',
      join(hubDir, 'hub.json'),
      '--token',
      't',
    );
    await expectBadInput(
      /--enrol needs --hub and --ca and --name too/,
      'node',
      '--enrol',
      'sce_x',
      '--data',
      pem,
      '--state',
      join(root, 'n'),
    );
    await expectBadInput(
      /--state: .* holds no enrolled node/,
      'node',
      '--data',
      pem,
      '--state',
      join(root, 'n'),
    );
  });
});
