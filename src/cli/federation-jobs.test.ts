import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTable } from '../data/io.js';
import { simulate } from '../simulate/index.js';
import { stopAll } from './commands/federate-signals.js';
import { startHub, startNode } from './test-support/federation.js';
import { expectBadInput, runCli, tempDir } from './test-support/run-cli.js';

afterAll(() => stopAll());

describe('federate fit, sample, validate and status through the CLI, against a hub and 3 nodes on 127.0.0.1', () => {
  it('fits the copula across the nodes, samples it, validates the sample at every node', async () => {
    const root = tempDir();
    const hub = await startHub(root);
    const { coordinator, url, ca } = hub;

    // Three centres, each with its own file; no node sees another's.
    const { table, schema } = simulate('aml', { patients: 450, centres: 3, seed: 4 });
    const schemaFile = join(root, 'schema.json');
    writeFileSync(schemaFile, JSON.stringify(schema));
    const centre = table.codes('centre');
    const nodes = centre.levels.map((name) => ({ name, data: join(root, `${name}.csv`) }));
    for (const [code, node] of nodes.entries())
      await writeTable(
        node.data,
        table.filter((row) => centre.codes[row] === code),
        schema,
      );
    const running = [];
    for (const node of nodes)
      running.push(await startNode(hub, { ...node, schemaFile, stateDir: join(root, 'nodes', node.name) }));

    const model = join(root, 'model.json');
    const fit = await runCli(
      'federate',
      'fit',
      ...coordinator,
      '--model',
      'copula',
      '--schema',
      schemaFile,
      '--out',
      model,
    );
    expect(fit.stderr).toMatch(/Heterogeneity across 3 centres \(450 patients/);
    expect(fit.code).toBe(0);
    const job = Number(fit.stderr.match(/job (\d+): copula fitted across 3 sites \(C01, C02, C03\)/)?.[1]);
    expect(job).toBe(2);
    const fitted = JSON.parse(readFileSync(model, 'utf8'));
    expect(fitted.generator).toBe('copula');

    const synthetic = join(root, 'synthetic.csv');
    const sample = await runCli(
      'federate',
      'sample',
      ...coordinator,
      '--job',
      String(job),
      '--rows',
      '300',
      '--seed',
      '3',
      '--out',
      synthetic,
    );
    expect(sample.code).toBe(0);
    const rows = readFileSync(synthetic, 'utf8').trim().split('\n');
    expect(rows).toHaveLength(301);
    expect(rows[0]).toBe(readFileSync(nodes[0].data, 'utf8').split('\n')[0]);

    const out = join(root, 'report');
    const validate = await runCli(
      'federate',
      'validate',
      ...coordinator,
      '--synthetic',
      synthetic,
      '--schema',
      schemaFile,
      '--out',
      out,
    );
    expect(validate.code).toBe(0);
    expect(validate.stdout).toMatch(
      /^job 3: validated at 3 sites\nVerdict: (pass|warn|fail) over 3 centres, 450 patients/,
    );
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.centres.map((c: { name: string }) => c.name)).toEqual(['C01', 'C02', 'C03']);
    for (const centre of ['C01', 'C02', 'C03'])
      expect(readdirSync(join(out, centre)).sort()).toEqual(['report.html', 'report.json']);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(
      /^<!doctype html>[\s\S]*Federated validation report/,
    );
    // Each node wrote its own full report where its staff read it.
    expect(readdirSync(join(root, 'nodes', 'C02', 'reports', 'job-3')).sort()).toEqual([
      'report.html',
      'report.json',
    ]);

    const status = await runCli('federate', 'status', ...coordinator, '--job', String(job));
    expect(JSON.parse(status.stdout)).toMatchObject({ id: job, kind: 'federated', status: 'done' });
    // A status names who took part, never what they sent.
    expect(status.stdout).not.toMatch(/"payload"|\d+\.\d{6}/);

    // A job that released no model, and a private fit without ε, are refused with one line.
    await expectBadInput(
      /--job: job 3 released no model/,
      'federate',
      'sample',
      ...coordinator,
      '--job',
      '3',
      '--rows',
      '5',
      '--out',
      join(root, 's.csv'),
    );
    await expectBadInput(
      /--epsilon: mst is differentially private/,
      'federate',
      'fit',
      ...coordinator,
      '--model',
      'mst',
      '--schema',
      schemaFile,
      '--out',
      join(root, 'm.json'),
    );
    await expectBadInput(
      /--nodes: 'zz' not enrolled at the hub; enrolled: C01, C02, C03/,
      'federate',
      'fit',
      ...coordinator,
      '--model',
      'copula',
      '--schema',
      schemaFile,
      '--nodes',
      'C01,zz',
      '--out',
      join(root, 'm.json'),
    );
    await expectBadInput(
      /--token: the hub refused the coordinator token/,
      'federate',
      'status',
      '--hub',
      url,
      '--ca',
      ca,
      '--token',
      'scc_wrong',
    );

    stopAll();
    expect(await hub.run.done).toBe(0);
    for (const agent of running) expect(await agent.done).toBe(0);
  }, 120_000);
});
