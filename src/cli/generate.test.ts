import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectBadInput, runCli, tempDir } from './test-support/run-cli.js';

describe('synthcohort generate, fit and sample', () => {
  const dir = tempDir();

  it.each(['copula', 'cart'])(
    "generates R's lung table with %s, byte-identical for the same seed",
    async (model) => {
      const outputs = ['a.csv', 'b.csv'].map((name) => join(dir, `${model}-${name}`));
      for (const out of outputs) {
        const run = await runCli(
          'generate',
          'datasets/lung.csv',
          '--model',
          model,
          '--rows',
          '500',
          '--seed',
          '7',
          '--out',
          out,
        );
        expect(run.code).toBe(0);
        expect(run.stderr).toMatch(/500 rows \(\d+ drawn; \d+ rejected and re-drawn/);
      }
      const [a, b] = outputs.map((p) => readFileSync(p, 'utf8'));
      expect(a).toBe(b);
      expect(a.split('\n')[0]).toBe(
        readFileSync('datasets/lung.csv', 'utf8').split('\n')[0].replaceAll('"', ''),
      );
      expect(a.trim().split('\n')).toHaveLength(501);
    },
  );

  it('drops exact copies of training patients by default; --keep-copies keeps them', async () => {
    // nwtco: 4,028 children, 8 columns of few values — cart at minLeaf 5 copies a third of them.
    const rowsOf = (path: string) =>
      readFileSync(path, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',').slice(1).join(',').replaceAll('"', ''));
    const training = new Set(rowsOf('datasets/nwtco.csv'));
    const copies = async (...flags: string[]) => {
      const out = join(dir, `nwtco-${flags.length}.csv`);
      const args = ['datasets/nwtco.csv', '--model', 'cart', '--min-leaf', '5', '--rows', '1000'];
      const run = await runCli('generate', ...args, ...flags, '--out', out);
      expect(run.code).toBe(0);
      return { count: rowsOf(out).filter((row) => training.has(row)).length, stderr: run.stderr };
    };
    const dropped = await copies();
    expect(dropped.count).toBe(0);
    expect(dropped.stderr).toMatch(/copy of a training row \d+/);
    expect((await copies('--keep-copies')).count).toBeGreaterThan(100);
  });

  it('fits a model file, then samples a subgroup from it', async () => {
    const model = join(dir, 'model.json');
    expect(
      (
        await runCli(
          'fit',
          'datasets/pbc.csv',
          '--model',
          'cart',
          '--min-leaf',
          '8',
          '--seed',
          '1',
          '--out',
          model,
        )
      ).code,
    ).toBe(0);
    const file = JSON.parse(readFileSync(model, 'utf8'));
    expect(file).toMatchObject({ format: 'synthcohort-model', generator: 'cart', options: { minLeaf: 8 } });
    const out = join(dir, 'subgroup.csv');
    const run = await runCli(
      'sample',
      model,
      '--rows',
      '200',
      '--where',
      'sex=m',
      '--seed',
      '2',
      '--out',
      out,
    );
    expect(run.code).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1);
    const sex = readFileSync(out, 'utf8').split('\n')[0].split(',').indexOf('sex');
    expect(rows.every((r) => r.split(',')[sex] === 'm')).toBe(true);
  });

  it('reads a --set value as JSON, text or a comma-separated list, whichever the option takes', async () => {
    const model = join(dir, 'set.json');
    const run = await runCli(
      'fit',
      'datasets/lung.csv',
      '--model',
      'cart',
      '--set',
      'order=age,sex',
      '--set',
      'smoothing=none',
      '--set',
      'cp=0.001',
      '--out',
      model,
    );
    expect(run.code).toBe(0);
    const { options } = JSON.parse(readFileSync(model, 'utf8'));
    expect(options).toMatchObject({ order: ['age', 'sex'], smoothing: 'none', cp: 0.001 });
    expect(
      (await runCli('fit', 'datasets/lung.csv', '--model', 'cart', '--set', 'order=age', '--out', model))
        .code,
    ).toBe(0);
    expect(JSON.parse(readFileSync(model, 'utf8')).options.order).toEqual(['age']);
    await expectBadInput(
      /cart option 'order': order names a column twice/,
      'fit',
      'datasets/lung.csv',
      '--model',
      'cart',
      '--set',
      'order=age,age',
      '--out',
      model,
    );
  });

  it('lists the models', async () => {
    const run = await runCli('models');
    expect(run.stdout).toMatch(/^copula\s+.+\[federable\]$/m);
    expect(run.stdout).toMatch(/^cart\s+/m);
  });
});

describe('generators on the command line: bad input', () => {
  const dir = tempDir();
  const model = join(dir, 'model.json');

  it('refuses --rows 0', async () => {
    await expectBadInput(
      /--rows expects a whole number from 1 to 10,000,000, got '0'/,
      'generate',
      'datasets/lung.csv',
      '--model',
      'copula',
      '--rows',
      '0',
      '--out',
      join(dir, 'x.csv'),
    );
  });

  it('refuses fewer than 10 rows to fit on', async () => {
    const small = join(dir, 'small.csv');
    writeFileSync(small, readFileSync('datasets/lung.csv', 'utf8').split('\n').slice(0, 8).join('\n'));
    await expectBadInput(
      /small\.csv: 7 rows; a generator needs at least 10/,
      'fit',
      small,
      '--model',
      'cart',
      '--out',
      model,
    );
  });

  it('refuses an unknown column or value in --where', async () => {
    await runCli('fit', 'datasets/lung.csv', '--model', 'copula', '--out', model);
    await expectBadInput(
      /--where names column 'stage'/,
      'sample',
      model,
      '--rows',
      '5',
      '--where',
      'stage=4',
      '--out',
      join(dir, 'y.csv'),
    );
    await expectBadInput(
      /--where: the condition on 'sex' expects whole numbers/,
      'sample',
      model,
      '--rows',
      '5',
      '--where',
      'sex=x',
      '--out',
      join(dir, 'y.csv'),
    );
  });

  it('refuses a truncated model file', async () => {
    const text = readFileSync(model, 'utf8');
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, text.slice(0, 100));
    await expectBadInput(
      /cut\.json: not a complete JSON model file/,
      'sample',
      cut,
      '--rows',
      '5',
      '--out',
      join(dir, 'z.csv'),
    );
  });

  it('refuses training data of a different schema than the model', async () => {
    await expectBadInput(
      /pbc\.csv.*column/,
      'sample',
      model,
      '--rows',
      '5',
      '--training',
      'datasets/pbc.csv',
      '--out',
      join(dir, 'z.csv'),
    );
  });

  it('refuses a generator option it does not know or a bad value, naming the option', async () => {
    await expectBadInput(
      /^synthcohort: the copula generator has no option 'minLeaf'; its options: knots, /,
      'fit',
      'datasets/lung.csv',
      '--model',
      'copula',
      '--min-leaf',
      '3',
      '--out',
      join(dir, 'm.json'),
    );
    await expectBadInput(
      /^synthcohort: cart option 'smoothing': .*"auto"\|"density"\|"none"/,
      'fit',
      'datasets/lung.csv',
      '--model',
      'cart',
      '--set',
      'smoothing=true',
      '--out',
      join(dir, 'm.json'),
    );
  });

  it('refuses an empty --where rather than sampling everyone', async () => {
    await runCli('fit', 'datasets/lung.csv', '--model', 'copula', '--out', model);
    await expectBadInput(
      /--where expects column=value pairs/,
      'sample',
      model,
      '--rows',
      '5',
      '--where',
      '',
      '--out',
      join(dir, 'w.csv'),
    );
  });

  it('refuses an output folder that cannot be made, naming it', async () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    await expectBadInput(
      /plain-file/,
      'generate',
      'datasets/lung.csv',
      '--model',
      'copula',
      '--rows',
      '5',
      '--out',
      join(file, 'sub', 'synth.csv'),
    );
  });

  it('refuses an unknown model name', async () => {
    await expectBadInput(
      /unknown model 'gan'; expected one of copula, cart/,
      'fit',
      'datasets/lung.csv',
      '--model',
      'gan',
      '--out',
      model,
    );
  });
});
