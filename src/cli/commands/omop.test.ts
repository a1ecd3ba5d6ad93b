import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError, UsageError } from '../../core/errors.js';
import { writeTable } from '../../data/io.js';
import { simulateAml } from '../../simulate/index.js';
import { progressFor } from '../io.js';
import { tempDir } from '../test-support/run-cli.js';
import { exportCommand, importCommand } from './omop.js';

function context() {
  const out = { stdout: '', stderr: '' };
  const io = {
    stdout: (t: string) => {
      out.stdout += t;
    },
    stderr: (t: string) => {
      out.stderr += t;
    },
    stderrIsTty: false,
  };
  return { out, context: { io, progress: progressFor(io, true) } };
}

async function cohortFiles(options: { labUnitShiftCentre?: number } = {}) {
  const dir = tempDir();
  const { table, schema } = simulateAml({ patients: 60, centres: 2, seed: 9, ...options });
  const data = join(dir, 'cohort.csv');
  const schemaFile = join(dir, 'schema.json');
  await writeTable(data, table, schema);
  // A lax schema (hb up to 500) lets a unit error through to the export's own checks.
  const lax = { ...schema, columns: schema.columns.map((c) => (c.name === 'hb' ? { ...c, max: 500 } : c)) };
  writeFileSync(schemaFile, JSON.stringify(options.labUnitShiftCentre ? lax : schema));
  return { dir, data, schemaFile };
}

describe('omop export and import commands', () => {
  it('write a cohort to a CDM folder and read the same table back', async () => {
    const { dir, data, schemaFile } = await cohortFiles();
    const folder = join(dir, 'cdm');
    const exported = context();
    await exportCommand.run(
      [data],
      { schema: schemaFile, mapping: 'aml', folder, seed: 1 },
      exported.context,
    );
    expect(exported.out.stdout).toMatch(/60 person, 60 observation_period/);
    expect(existsSync(join(folder, 'measurement.csv'))).toBe(true);
    expect(readFileSync(join(folder, 'person.csv'), 'utf8')).not.toContain('AML-0000');

    const out = join(dir, 'back.csv');
    const schemaOut = join(dir, 'back.schema.json');
    const imported = context();
    await importCommand.run([], { mapping: 'aml', folder, out, schemaOut }, imported.context);
    expect(imported.out.stdout).toContain('60 patients');
    const strip = (text: string) => text.split('\n').map((line) => line.replace(/^[^,]*,/, ''));
    expect(strip(readFileSync(out, 'utf8'))).toEqual(strip(readFileSync(data, 'utf8')));
    expect(JSON.parse(readFileSync(schemaOut, 'utf8')).endpoints).toHaveLength(2);
  });

  it('refuses to write a cohort that fails the plausibility checks, naming the person and table', async () => {
    const { dir, data, schemaFile } = await cohortFiles({ labUnitShiftCentre: 1 });
    const folder = join(dir, 'cdm');
    const run = exportCommand.run(
      [data],
      { schema: schemaFile, mapping: 'aml', folder, seed: 1 },
      context().context,
    );
    await expect(run).rejects.toThrow(DataError);
    await expect(run).rejects.toThrow(/nothing written: measurement \d+ of person \d+: hb \d+/);
    expect(existsSync(folder)).toBe(false);
  });

  it('needs exactly one of --database and --folder', async () => {
    const { data, schemaFile } = await cohortFiles();
    await expect(
      exportCommand.run([data], { schema: schemaFile, mapping: 'aml', seed: 1 }, context().context),
    ).rejects.toThrow(UsageError);
  });
});
