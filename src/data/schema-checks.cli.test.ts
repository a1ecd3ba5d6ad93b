import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectBadInput, runCli, tempDir } from '../cli/test-support/run-cli.js';

/** `fit` refuses a schema `generate` could not honour, before fitting anything. */
describe('fit and generate check the schema completely', () => {
  let dir: string;
  let schema: { columns: Array<Record<string, unknown>>; rules: unknown[] };
  beforeAll(async () => {
    dir = tempDir();
    expect((await runCli('simulate', 'aml', '--patients', '120', '--seed', '1', '--out', dir)).code).toBe(0);
    schema = JSON.parse(readFileSync(join(dir, 'schema.json'), 'utf8'));
  }, 30_000);

  const edited = (name: string, edit: (s: typeof schema) => void): string => {
    const copy = structuredClone(schema);
    edit(copy);
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(copy));
    return path;
  };

  const fitArgs = (schemaPath: string) => {
    const out = join(dir, `${schemaPath}.model.json`);
    return ['fit', join(dir, 'cohort.csv'), '--model', 'cart', '--schema', schemaPath, '--out', out];
  };

  it.each([
    [
      'a compare rule between a category and a number',
      (s: typeof schema) => s.rules.push({ type: 'compare', left: 'sex', op: '<', right: 'age' }),
      /cat-num\.json, column 'sex': the compare rule 'sex < age' orders values, but sex is categorical/,
      'cat-num.json',
    ],
    [
      'age < age',
      (s: typeof schema) => s.rules.push({ type: 'compare', left: 'age', op: '<', right: 'age' }),
      /self\.json, column 'age': the compare rule 'age < age' compares the column with itself\n/,
      'self.json',
    ],
    [
      'a derived rule pointing at an input column',
      (s: typeof schema) => s.rules.push({ type: 'derived', column: 'npm1', derivation: 'eln2022' }),
      /on-input\.json, column 'npm1': .*would overwrite an input of the eln2022 derivation/,
      'on-input.json',
    ],
    [
      'a derived rule whose input column is missing',
      (s: typeof schema) => {
        s.columns = s.columns.filter((c) => c.name !== 'tp53');
      },
      /no-input\.json, column 'tp53': the eln2022 derivation of column 'eln2022' reads this column, which the schema does not declare/,
      'no-input.json',
    ],
    [
      'a minimum of 1e999',
      (s: typeof schema) => {
        s.columns.find((c) => c.name === 'age')!.min = Number.POSITIVE_INFINITY;
      },
      /infinite\.json, column 'age': columns\.2\.min: must be a finite number\n/,
      'infinite.json',
    ],
  ])('fit refuses %s: exit 2, one line naming the file and the column', async (_, edit, pattern, name) => {
    // JSON.stringify writes Infinity as null; write 1e999 as a user would.
    const path = edited(name, edit);
    writeFileSync(path, readFileSync(path, 'utf8').replace('"min":null', '"min":1e999'));
    await expectBadInput(pattern, ...fitArgs(path));
    expect(existsSync(`${path}.model.json`)).toBe(false);
  });

  it('counts the other problems in the one line', async () => {
    const path = edited('several.json', (s) => {
      s.rules.push({ type: 'compare', left: 'sex', op: '<', right: 'age' });
      s.rules.push({ type: 'compare', left: 'os_days', op: '<', right: 'rfs_days' });
      s.rules.push({ type: 'compare', left: 'age', op: '>', right: 500 });
    });
    await expectBadInput(/column 'sex': .* \(and 2 more problems\)\n/, ...fitArgs(path));
  });

  it('generate refuses the same schema', async () => {
    const path = edited('generate.json', (s) =>
      s.rules.push({ type: 'compare', left: 'age', op: '<', right: 'age' }),
    );
    await expectBadInput(
      /generate\.json, column 'age'/,
      'generate',
      join(dir, 'cohort.csv'),
      '--model',
      'copula',
      '--rows',
      '10',
      '--schema',
      path,
      '--out',
      join(dir, 'never.csv'),
    );
    expect(existsSync(join(dir, 'never.csv'))).toBe(false);
  });
});
