import { existsSync, linkSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DataError, InputError } from '../core/errors.js';
import { simulate } from '../simulate/index.js';
import { readTable, writeTable } from './io.js';
import { parseSchema } from './schema.js';
import { splitFile } from './split-file.js';
import { temporaryFile, temporaryFolder } from './test-support/tables.js';

const AML = fileURLToPath(new URL('../../datasets/aml-simulated.csv', import.meta.url));

const lines = (path: string) => readFileSync(path, 'utf8').split('\n').slice(0, -1);

/** Every line of the input is in exactly one part, byte for byte, each part in the input's order. */
function expectInterleaving(input: string[], training: string[], holdout: string[]): void {
  expect(training[0]).toBe(input[0]);
  expect(holdout[0]).toBe(input[0]);
  let [t, h] = [1, 1];
  for (const line of input.slice(1)) {
    if (t < training.length && training[t] === line) t++;
    else if (h < holdout.length && holdout[h] === line) h++;
    else expect.fail(`input line '${line}' is in neither part where expected`);
  }
  expect([t, h]).toEqual([training.length, holdout.length]);
}

describe('splitFile', () => {
  it('keeps every cell of datasets/aml-simulated.csv: the parts interleave back into the input', async () => {
    const out = temporaryFolder();
    const result = await splitFile(AML, { holdout: 0.3, seed: 1, out });
    expect([result.training.rows, result.holdout.rows]).toEqual([1750, 750]);
    expect(result.stratifiedBy).toBeNull();
    expectInterleaving(lines(AML), lines(result.training.path), lines(result.holdout.path));
    expect(readdirSync(out).sort()).toEqual(['holdout.csv', 'training.csv']);
  });

  it('copies rows exactly as the file holds them: delimiter, quotes, NA, decimals, CRLF, no final line end', async () => {
    const rows = [
      'id;centre;note;dose;flag',
      '007;A;"semi;colon";1,50;NA',
      '2;A;"say ""hi""";2,0;',
      '3;B; padded ;3;null',
      '4;B;"multi\nline";1e3;1',
      '5;A;plain;0,125;0',
      '6;B;x;7;1',
    ];
    const input = temporaryFile('quirky.csv', `\ufeff${rows.join('\r\n')}`);
    const out = temporaryFolder();
    const result = await splitFile(input, { holdout: 0.5, seed: 3, out, decimalComma: true });
    expect(result.stratifiedBy).toBe('centre');
    const parts = [result.training.path, result.holdout.path].map((path) => readFileSync(path, 'utf8'));
    for (const part of parts) {
      expect(part.startsWith(`${rows[0]}\r\n`)).toBe(true);
      expect(part.endsWith('\r\n')).toBe(true);
    }
    const records = parts.flatMap((part) => part.split('\r\n').slice(1, -1));
    expect(records.sort()).toEqual(rows.slice(1).sort());
  });

  it('stratifies by the centre column when there is one: every centre keeps the share within a row', async () => {
    const { table, schema } = simulate('aml', { patients: 1000, centres: 4, seed: 3 });
    const input = join(temporaryFolder(), 'cohort.csv');
    await writeTable(input, table, schema);
    const result = await splitFile(input, { holdout: 0.3, seed: 9, out: temporaryFolder() });
    expect(result.stratifiedBy).toBe('centre');
    expect(result.strata).toHaveLength(4);
    for (const stratum of result.strata)
      expect(Math.abs(stratum.holdout - 0.3 * stratum.rows)).toBeLessThan(1);
    const holdout = (await readTable(result.holdout.path, { schema })).table;
    expect(holdout.nRows).toBe(300);
  });

  it('is deterministic with the seed: byte-identical parts', async () => {
    const [a, b] = [temporaryFolder(), temporaryFolder()];
    await splitFile(AML, { holdout: 0.25, seed: 5, out: a });
    await splitFile(AML, { holdout: 0.25, seed: 5, out: b });
    for (const name of ['training.csv', 'holdout.csv'])
      expect(readFileSync(join(a, name))).toEqual(readFileSync(join(b, name)));
  });

  it('stratifies by another column, by the schema’s centre role, or not at all', async () => {
    const { table, schema } = simulate('aml', { patients: 400, centres: 3, seed: 2 });
    const input = join(temporaryFolder(), 'cohort.csv');
    await writeTable(input, table, schema);
    const bySex = await splitFile(input, { holdout: 0.4, seed: 1, out: temporaryFolder(), stratify: 'sex' });
    expect(bySex.stratifiedBy).toBe('sex');
    expect(bySex.strata.map((s) => s.value)).toEqual(['female', 'male']);
    const plain = await splitFile(input, { holdout: 0.4, seed: 1, out: temporaryFolder(), stratify: false });
    expect([plain.stratifiedBy, plain.strata]).toEqual([null, []]);
    // A centre column the name does not give away, declared in the schema.
    const unit = temporaryFile('unit.csv', 'unit,age\nx,50\ny,60\nx,70\ny,80\nx,55\n');
    const declared = parseSchema({
      version: 1,
      columns: [
        { name: 'unit', kind: 'categorical', role: 'centre', categories: ['x', 'y'] },
        { name: 'age', kind: 'integer' },
      ],
    });
    const byUnit = await splitFile(unit, { holdout: 0.4, seed: 1, out: temporaryFolder(), schema: declared });
    expect(byUnit.stratifiedBy).toBe('unit');
  });

  it('reports a stratum too small to split, kept whole in training', async () => {
    const input = temporaryFile(
      'sites.csv',
      `site,age\n${['a', 'a', 'a', 'a', 'b'].map((s, i) => `${s},${50 + i}`).join('\n')}\n`,
    );
    const result = await splitFile(input, { holdout: 0.5, seed: 1, out: temporaryFolder() });
    expect(result.strata).toEqual([
      { value: 'a', rows: 4, holdout: 2 },
      { value: 'b', rows: 1, holdout: 0 },
    ]);
  });

  it('refuses an unknown stratify column, naming it and the file', async () => {
    const error = await splitFile(AML, {
      holdout: 0.3,
      seed: 1,
      out: temporaryFolder(),
      stratify: 'site',
    }).catch((e) => e);
    expect(error).toBeInstanceOf(DataError);
    expect(error.where).toMatchObject({ column: 'site', file: AML });
    expect(error.message).toMatch(/no such column to stratify by/);
  });

  it('never overwrites its input: the same path, a symbolic link or a hard link to it', async () => {
    const folder = temporaryFolder();
    const input = join(folder, 'training.csv');
    const content = readFileSync(AML);
    writeFileSync(input, content);
    await expect(splitFile(input, { holdout: 0.3, seed: 1, out: folder })).rejects.toThrow(InputError);
    const linked = temporaryFolder();
    symlinkSync(folder, join(linked, 'parts'));
    await expect(splitFile(input, { holdout: 0.3, seed: 1, out: join(linked, 'parts') })).rejects.toThrow(
      /would overwrite the data file .* through a symbolic link/,
    );
    const hard = temporaryFolder();
    linkSync(input, join(hard, 'holdout.csv'));
    await expect(splitFile(input, { holdout: 0.3, seed: 1, out: hard })).rejects.toThrow(
      /through a hard link/,
    );
    expect(readFileSync(input)).toEqual(content);
    expect(readdirSync(folder)).toEqual(['training.csv']);
  });

  it('writes the parts of a Parquet file as CSV', async () => {
    const { table, schema } = simulate('scd', { patients: 120, centres: 2, seed: 4 });
    const input = join(temporaryFolder(), 'cohort.parquet');
    await writeTable(input, table, schema);
    const result = await splitFile(input, { holdout: 0.25, seed: 1, out: temporaryFolder() });
    expect(result.stratifiedBy).toBe('centre');
    expect(existsSync(result.training.path)).toBe(true);
    const back = await readTable(result.training.path, { schema });
    expect(back.table.names).toEqual(table.names);
    expect(back.table.nRows + result.holdout.rows).toBe(120);
  });
});
