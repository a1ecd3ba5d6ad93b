/** The select command's run function, called directly (the lead registers SELECT_COMMANDS). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readSchemaFile, readTable, writeTable } from '../../data/io.js';
import { parseSchema } from '../../data/schema.js';
import { numberColumn } from '../../data/table.js';
import { simulateAml } from '../../simulate/index.js';
import { type CliIo, progressFor } from '../io.js';
import { tempDir } from '../test-support/run-cli.js';
import { run } from './select.js';
import { SELECT_COMMANDS } from './select-commands.js';

function context() {
  const printed = { stdout: '' };
  const io: CliIo = {
    stdout: (text) => {
      printed.stdout += text;
    },
    stderr: () => {},
    stderrIsTty: false,
  };
  return { printed, context: { io, progress: progressFor(io, true) } };
}

async function cohortFiles() {
  const dir = tempDir();
  const { table, schema } = simulateAml({ patients: 300, centres: 2, seed: 21 });
  const withTwin = table.withColumn('wbc_copy', numberColumn(Float64Array.from(table.numbers('wbc'))));
  const fullSchema = parseSchema({
    ...schema,
    columns: [...schema.columns, { name: 'wbc_copy', kind: 'numeric' }],
  });
  const data = join(dir, 'cohort.csv');
  const schemaFile = join(dir, 'schema.json');
  await writeTable(data, withTwin, fullSchema);
  writeFileSync(schemaFile, JSON.stringify(fullSchema));
  return { dir, data, schemaFile };
}

describe('synthcohort select', () => {
  test('writes selection.json, prints the suggestions; --apply writes the retained columns and the trimmed schema', async () => {
    const { dir, data, schemaFile } = await cohortFiles();
    const out = join(dir, 'selection.json');
    const first = context();
    await run([data], { schema: schemaFile, out, rules: true }, first.context);
    const selection = JSON.parse(readFileSync(out, 'utf8'));
    expect(selection.dropped).toEqual(['wbc_copy']);
    expect(first.printed.stdout).toMatch(/keep \d+, drop 1/);
    expect(first.printed.stdout).toMatch(/drop {2}wbc_copy +redundant with 'wbc'/);
    expect(first.printed.stdout.trim().split('\n').at(-1)).toBe(out);

    // The user also drops rfs_days.
    selection.retained = selection.retained.filter((n: string) => n !== 'rfs_days');
    writeFileSync(out, JSON.stringify(selection));
    const selected = join(dir, 'selected.csv');
    const schemaOut = join(dir, 'selected-schema.json');
    const second = context();
    await run(
      [data],
      { schema: schemaFile, apply: out, out: selected, schemaOut, rules: true },
      second.context,
    );
    expect(second.printed.stdout).toMatch(/dropped: rfs_days, wbc_copy/);
    expect(second.printed.stdout).toMatch(
      /note: 'rfs_days' was dropped, though the schema needs it: the time of the rfs endpoint/,
    );
    expect(second.printed.stdout).toMatch(/endpoints removed: rfs/);
    expect(second.printed.stdout).toMatch(/rule removed: rfs_days <= os_days/);
    const trimmed = readSchemaFile(schemaOut);
    const back = await readTable(selected, { schema: trimmed });
    expect(back.table.names).toEqual(selection.retained);
    expect(back.table.nRows).toBe(300);
  });

  test('--out must be JSON without --apply, and --schema-out needs --apply', async () => {
    const { dir, data } = await cohortFiles();
    await expect(run([data], { out: join(dir, 'x.csv') }, context().context)).rejects.toThrow(
      /a \.json file/,
    );
    await expect(
      run([data], { out: join(dir, 'x.json'), schemaOut: join(dir, 's.json') }, context().context),
    ).rejects.toThrow(/--schema-out goes with --apply/);
  });

  test('the share flags refuse values outside 0..1', () => {
    const flag = SELECT_COMMANDS[0].options.find((o) => o.flags.startsWith('--redundancy'))!;
    expect(flag.parse?.('0.8', undefined)).toBe(0.8);
    expect(() => flag.parse?.('1.2', undefined)).toThrow(/--redundancy expects a share/);
  });

  test('measures the missing cells of a column the schema declares not nullable instead of refusing the file', async () => {
    const { dir, data, schemaFile } = await cohortFiles();
    const [header, ...rows] = readFileSync(data, 'utf8').trim().split('\n');
    const hb = header.split(',').indexOf('hb');
    const holed = rows.map((row, i) => {
      const cells = row.split(',');
      if (i % 2 === 0) cells[hb] = '';
      return cells.join(',');
    });
    writeFileSync(data, `${[header, ...holed].join('\n')}\n`);
    expect(readSchemaFile(schemaFile).columns.find((c) => c.name === 'hb')?.nullable).toBe(false);
    const out = join(dir, 'selection.json');
    await run([data], { schema: schemaFile, out, rules: true }, context().context);
    const selection = JSON.parse(readFileSync(out, 'utf8'));
    const entry = selection.columns.find((c: { name: string }) => c.name === 'hb');
    expect(entry.missing).toBeCloseTo(0.5, 2);
  });
});
