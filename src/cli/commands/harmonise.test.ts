/** The harmonise command, run in-process through its run function (registered by the lead). */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvFile, tempFolder } from '../../interop/harmonise/test-support/cohorts.js';
import { simulateAml } from '../../simulate/index.js';
import { checkFiles } from '../files.js';
import type { CommandContext } from '../io.js';
import { run } from './harmonise.js';
import { HARMONISE_COMMANDS } from './harmonise-commands.js';

function context(): CommandContext & { out: () => string } {
  let out = '';
  return {
    io: {
      stdout: (t) => {
        out += t;
      },
      stderr: () => {},
      stderrIsTty: false,
    },
    progress: { step: () => {}, hook: () => {}, end: () => {} },
    out: () => out,
  };
}

describe('synthcohort harmonise', () => {
  const { table, schema } = simulateAml({ patients: 600, centres: 4, seed: 3, labUnitShiftCentre: 2 });
  const data = csvFile(table, schema);
  const schemaFile = join(dirname(data), 'schema.json');
  writeFileSync(schemaFile, JSON.stringify(schema));
  const spec = HARMONISE_COMMANDS[0];

  it('proposes, and applies only what the user confirmed', async () => {
    const input = readFileSync(data);
    const out = tempFolder();
    const proposing = context();
    await run([data], { schema: schemaFile, out }, proposing);
    expect(proposing.out()).toMatch(
      /1 finding\(s\), 1 proposed transformation\(s\):\n {2}centre C02: hb median/,
    );
    expect(proposing.out()).toContain('"confirmed": true');
    const mappingFile = join(out, 'mapping.json');
    const mapping = JSON.parse(readFileSync(mappingFile, 'utf8'));
    expect(mapping.transformations.map((t: { confirmed: boolean }) => t.confirmed)).toEqual([false]);

    const unconfirmed = context();
    await run([data], { schema: schemaFile, out, apply: mappingFile }, unconfirmed);
    expect(unconfirmed.out()).toMatch(
      /^Applied 0 confirmed transformation\(s\); 1 not confirmed, not applied\./,
    );

    mapping.transformations[0].confirmed = true;
    writeFileSync(mappingFile, JSON.stringify(mapping));
    checkFiles(spec.files!, [data], { schema: schemaFile, out, apply: mappingFile });
    const applying = context();
    await run([data], { schema: schemaFile, out, apply: mappingFile }, applying);
    expect(applying.out()).toMatch(/scale +C02 hb: \d+ cell\(s\) rewritten\n/);
    expect(existsSync(join(out, 'harmonised.csv'))).toBe(true);
    expect(readFileSync(data)).toEqual(input);
  });

  it('confirms and applies every proposal in one run with --accept-all', async () => {
    const out = tempFolder();
    const c = context();
    await run([data], { out, acceptAll: true }, c);
    expect(c.out()).toContain('Applied all 1 transformation(s) (--accept-all).');
    expect(readFileSync(join(out, 'harmonised.csv'), 'utf8').split('\n')[0]).toBe(
      readFileSync(data, 'utf8').split('\n')[0],
    );
  });

  it('never writes over its input', () => {
    const folder = dirname(data);
    const victim = join(folder, 'harmonised.csv');
    writeFileSync(victim, readFileSync(data));
    expect(() => checkFiles(spec.files!, [victim], { out: folder })).toThrow(/harmonised\.csv/);
  });

  it("applies a federation's mapping to one centre's own table with --centre, even without the centre column", async () => {
    // The mapping as `federate heterogeneity --harmonise` writes it: every centre's proposals.
    const proposed = tempFolder();
    await run([data], { schema: schemaFile, out: proposed }, context());
    const mapping = JSON.parse(readFileSync(join(proposed, 'mapping.json'), 'utf8'));
    mapping.transformations.push({
      kind: 'relabel',
      centre: 'C03',
      column: 'sex',
      labels: { M: 'male' },
      confidence: 'high',
      confirmed: true,
    });
    for (const t of mapping.transformations) t.confirmed = true;
    const mappingFile = join(proposed, 'federated-mapping.json');
    writeFileSync(mappingFile, JSON.stringify(mapping));
    // C02's node holds its own rows only, and no centre column.
    const centre = table.codes('centre');
    const own = table
      .filter((row) => centre.levels[centre.codes[row]] === 'C02')
      .select(table.names.filter((n) => n !== 'centre'));
    const local = csvFile(own, { ...schema, columns: schema.columns.filter((c) => c.name !== 'centre') });
    const out = tempFolder();
    const c = context();
    await run([local], { schema: schemaFile, centre: 'C02', apply: mappingFile, out }, c);
    expect(c.out()).toMatch(
      /^Applied 1 confirmed transformation\(s\); 0 not confirmed, not applied\.\n {2}scale +C02 hb: \d+ cell/,
    );
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toMatch(/^# Harmonisation of centre C02\n/);
    expect(report).toContain('## hb (g/dL)');
    const hb = (file: string) => {
      const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
      const at = header.split(',').indexOf('hb');
      return rows.map((r) => Number(r.split(',')[at]));
    };
    const before = hb(local);
    const after = hb(join(out, 'harmonised.csv'));
    after.forEach((v, i) => {
      expect(v).toBeCloseTo(before[i] / 10, 10);
    });

    await expect(
      run([local], { schema: schemaFile, centre: 'C09', apply: mappingFile, out }, context()),
    ).rejects.toThrow(/the mapping proposes nothing for centre 'C09' \(it names C02, C03\)/);
    await expect(run([local], { schema: schemaFile, centre: 'C02', out }, context())).rejects.toThrow(
      /--centre: names the centre whose transformations --apply applies/,
    );
  });
});
