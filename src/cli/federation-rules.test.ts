import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inferRules } from '../data/infer-rules.js';
import { writeTable } from '../data/io.js';
import { parseSchema, type Schema } from '../data/schema.js';
import { simulate } from '../simulate/index.js';
import { stopAll } from './commands/federate-signals.js';
import { startHub, startNode } from './test-support/federation.js';
import { expectBadInput, runCli, tempDir } from './test-support/run-cli.js';

afterAll(() => stopAll());

describe('federate rules through the CLI, against a hub and 3 nodes on 127.0.0.1', () => {
  it('writes the schema with the rules of the pooled patients added; refuses to overwrite its input', async () => {
    const root = tempDir();
    const hub = await startHub(root);
    const { coordinator } = hub;

    // The consortium's schema before rules: columns only, as a coordinator writes it.
    const { table, schema: declared } = simulate('aml', { patients: 900, centres: 3, seed: 4 });
    const bare: Schema = { ...declared, rules: [] };
    const schemaFile = join(root, 'schema.json');
    writeFileSync(schemaFile, JSON.stringify(bare));
    const centre = table.codes('centre');
    const running = [];
    for (const [code, name] of centre.levels.entries()) {
      const data = join(root, `${name}.csv`);
      await writeTable(
        data,
        table.filter((row) => centre.codes[row] === code),
        bare,
      );
      running.push(await startNode(hub, { name, data, schemaFile, stateDir: join(root, 'nodes', name) }));
    }

    const out = join(root, 'schema-rules.json');
    const run = await runCli('federate', 'rules', ...coordinator, '--schema', schemaFile, '--out', out);
    expect(run.code).toBe(0);
    const local = inferRules(table, bare);
    expect(run.stderr).toMatch(
      new RegExp(
        `job 1: ${local.rules.length} rules hold across 3 sites \\(C01, C02, C03\\), ${local.rules.length} new to the schema; schema written to `,
      ),
    );
    expect(run.stdout.trim().split('\n')).toEqual(local.notes);
    const written = parseSchema(JSON.parse(readFileSync(out, 'utf8')));
    expect(written.rules).toEqual(local.rules);
    expect(written.columns).toEqual(bare.columns);
    expect(written.rules).toContainEqual({
      type: 'implies',
      if: [{ column: 'treatment', equals: 'non_intensive' }],
      then: { column: 'hsct', equals: '0' },
      inferred: true,
    });

    // Run again on the completed schema: every rule is already stated, none added twice.
    const again = await runCli(
      'federate',
      'rules',
      ...coordinator,
      '--schema',
      out,
      '--out',
      join(root, 'again.json'),
    );
    expect(again.stderr).toMatch(/, 0 new to the schema;/);
    expect(JSON.parse(readFileSync(join(root, 'again.json'), 'utf8')).rules).toEqual(written.rules);

    await expectBadInput(
      /--out would overwrite --schema/,
      'federate',
      'rules',
      ...coordinator,
      '--schema',
      schemaFile,
      '--out',
      schemaFile,
    );
    await expectBadInput(
      /--false-rule-rate/,
      'federate',
      'rules',
      ...coordinator,
      '--schema',
      schemaFile,
      '--false-rule-rate',
      '2',
      '--out',
      join(root, 'x.json'),
    );
    expect(JSON.parse(readFileSync(schemaFile, 'utf8'))).toEqual(JSON.parse(JSON.stringify(bare)));

    stopAll();
    expect(await hub.run.done).toBe(0);
    for (const agent of running) expect(await agent.done).toBe(0);
  }, 120_000);
});
