/**
 * Federated harmonisation through the CLI: a hub and three nodes on loopback, each node holding
 * one simulated AML centre's own file. C01 writes haemoglobin in g/L (the simulator's lab unit
 * shift); C02 writes sex as 'M'/'F', so its file does not read against the consortium schema and
 * its node answers only the harmonisation check. `federate heterogeneity --harmonise` proposes the
 * mapping; C02 confirms its own transformation and `harmonise --centre` makes a file that reads.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvWithSchema } from '../data/csv/read.js';
import { readSchemaFile } from '../data/io.js';
import { stopAll } from './commands/federate-signals.js';
import type { BackgroundRun } from './test-support/background-cli.js';
import { startHub, startNode } from './test-support/federation.js';
import { runCli, tempDir } from './test-support/run-cli.js';

const CENTRES = ['C01', 'C02', 'C03'];
const root = tempDir();
const running: BackgroundRun[] = [];
afterAll(async () => {
  stopAll();
  await Promise.all(running.map((run) => run.done));
});

/** `cohort.csv` split into one file per centre, as each centre exports its own patients. */
function splitByCentre(cohort: string): Record<string, string> {
  const [header, ...rows] = readFileSync(cohort, 'utf8').trim().split('\n');
  const names = header.split(',');
  const centre = names.indexOf('centre');
  const sex = names.indexOf('sex');
  const files: Record<string, string> = {};
  for (const name of CENTRES) {
    const own = rows
      .map((row) => row.split(','))
      .filter((cells) => cells[centre] === name)
      .map((cells) => {
        // C02's export writes its own labels: the consortium's 'male'/'female' are 'M'/'F' there.
        if (name === 'C02') cells[sex] = { male: 'M', female: 'F' }[cells[sex]] ?? cells[sex];
        return cells.join(',');
      });
    files[name] = join(root, `${name}.csv`);
    writeFileSync(files[name], `${[header, ...own].join('\n')}\n`);
  }
  return files;
}

describe('federate heterogeneity --harmonise with a hub and three nodes', () => {
  it("finds C02's labels (its table does not read) and C01's unit; C02 applies its own transformation", async () => {
    const data = join(root, 'simulated');
    const simulated = await runCli(
      'simulate',
      'aml',
      '--patients',
      '300',
      '--centres',
      '3',
      '--lab-unit-shift',
      '--seed',
      '1',
      '--out',
      data,
    );
    expect(simulated.code).toBe(0);
    const schemaFile = join(data, 'schema.json');
    const files = splitByCentre(join(data, 'cohort.csv'));

    const hub = await startHub(root);
    running.push(hub.run);
    const nodes: Record<string, BackgroundRun> = {};
    for (const name of CENTRES) {
      nodes[name] = await startNode(hub, {
        name,
        data: files[name],
        schemaFile,
        stateDir: join(root, `node-${name}`),
      });
      running.push(nodes[name]);
    }
    // C02's node still starts, says why its table does not read and what it answers meanwhile.
    expect(nodes.C02.stderr()).toMatch(
      /C02\.csv.*column 'sex': '[MF]' is not one of the categories female, male.*: until .*C02\.csv reads against the schema, the node answers only the harmonisation check \(federate heterogeneity --harmonise\) and declines other jobs\n/,
    );
    expect(nodes.C03.stderr()).not.toContain('answers only the harmonisation check');

    const mappingFile = join(root, 'mapping.json');
    const reportFile = join(root, 'report.json');
    const checked = await runCli(
      'federate',
      'heterogeneity',
      ...hub.coordinator,
      '--schema',
      schemaFile,
      '--harmonise',
      mappingFile,
      '--out',
      reportFile,
    );
    expect(checked.code).toBe(0);
    expect(checked.stderr).toMatch(/centre C01: hb median .* likely g\/L/);
    expect(checked.stderr).toMatch(/centre C02: sex has 2 label\(s\) outside the consortium's levels/);
    expect(checked.stderr).toContain(`written to ${mappingFile}`);

    const mapping = JSON.parse(readFileSync(mappingFile, 'utf8'));
    const proposed = mapping.transformations as {
      kind: string;
      centre: string;
      column: string;
      confirmed: boolean;
    }[];
    expect(proposed.map((t) => `${t.kind} ${t.centre} ${t.column}`)).toEqual([
      'scale C01 hb',
      'relabel C02 sex',
    ]);
    expect(proposed.every((t) => !t.confirmed)).toBe(true);
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    expect(report.harmonise.mapping).toEqual(mapping);
    expect(
      report.harmonise.findings.map((f: { kind: string; centre: string }) => `${f.kind} ${f.centre}`),
    ).toEqual(['unit C01', 'labels C02']);

    // C02 confirms its own transformation and applies it to its own file.
    const confirmed = join(root, 'mapping-C02.json');
    for (const t of proposed) if (t.centre === 'C02') t.confirmed = true;
    writeFileSync(confirmed, JSON.stringify(mapping));
    const out = join(root, 'harmonised-C02');
    const applied = await runCli(
      'harmonise',
      files.C02,
      '--schema',
      schemaFile,
      '--centre',
      'C02',
      '--apply',
      confirmed,
      '--out',
      out,
    );
    expect(applied.code).toBe(0);
    const harmonised = readCsvWithSchema(join(out, 'harmonised.csv'), readSchemaFile(schemaFile));
    const own = readFileSync(files.C02, 'utf8').trim().split('\n').length - 1;
    expect(harmonised.nRows).toBe(own);
    expect(new Set(harmonised.codes('sex').levels)).toEqual(new Set(['female', 'male']));
    // The centre's own report names every label it wrote, the ones too rare to leave the node included.
    const centreReport = readFileSync(join(out, 'report.md'), 'utf8');
    expect(centreReport).toMatch(/^# Harmonisation of centre C02\n/);
    expect(centreReport).toMatch(/ {2}- `M` \(\d+ rows\) → male \(synonym\)/);
  }, 60_000);
});
