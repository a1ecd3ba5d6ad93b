/**
 * The private path through the CLI: --epsilon/--delta on fit and generate, the ledger beside the
 * data, --budget refusing an over-budget fit with exit 2 and one line, and the refusals that keep
 * anything but the generator's own measurements from reading the data.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectBadInput, runCli, tempDir } from './test-support/run-cli.js';

describe('differentially private fits on the CLI', () => {
  const dir = tempDir();
  const data = join(dir, 'cohort', 'cohort.csv');
  const schema = join(dir, 'cohort', 'schema.json');
  const mst = (...extra: string[]) => ['--model', 'mst', '--schema', schema, ...extra];

  beforeAll(async () => {
    const run = await runCli(
      'simulate',
      'aml',
      '--patients',
      '600',
      '--seed',
      '1',
      '--out',
      join(dir, 'cohort'),
    );
    expect(run.code).toBe(0);
  });

  it('generates with mst, reproducibly for a given --seed, and records each spend in the ledger beside the data', async () => {
    const outputs = ['a.csv', 'b.csv'].map((name) => join(dir, name));
    for (const out of outputs) {
      const run = await runCli(
        'generate',
        data,
        ...mst('--rows', '300', '--epsilon', '1', '--delta', '1e-6', '--seed', '7', '--out', out),
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(
        /privacy: spent ε = 1, δ = 0\.000001 on these data; ledger .*privacy-ledger\.json/,
      );
      expect(run.stderr).toMatch(/not checked for copies of training patients/);
    }
    const [a, b] = outputs.map((p) => readFileSync(p, 'utf8'));
    expect(a).toBe(b);
    expect(a.trim().split('\n')).toHaveLength(301);
    const ledger = JSON.parse(readFileSync(`${data}.privacy-ledger.json`, 'utf8'));
    const [spends] = Object.values(ledger.datasets) as Array<{
      spends: Array<{ generator: string; epsilon: number }>;
    }>;
    expect(spends.spends.map((s) => [s.generator, s.epsilon])).toEqual([
      ['mst', 1],
      ['mst', 1],
    ]);
  });

  it('refuses a fit that would exceed --budget: exit 2, one line saying what is left, nothing recorded', async () => {
    const ledger = join(dir, 'budget-ledger.json');
    const args = (out: string) =>
      mst('--epsilon', '1', '--budget', '1.2', '--ledger', ledger, '--seed', '3', '--out', join(dir, out));
    expect((await runCli('fit', data, ...args('m1.json'))).code).toBe(0);
    await expectBadInput(
      /privacy budget exceeded for this dataset: .*leaving ρ = .* \(ε = 0\.\d+ at δ = 0\.000001\)/,
      'fit',
      data,
      ...args('m2.json'),
    );
    expect(existsSync(join(dir, 'm2.json'))).toBe(false);
    const recorded = JSON.parse(readFileSync(ledger, 'utf8'));
    expect(Object.values(recorded.datasets as Record<string, { spends: unknown[] }>)[0].spends).toHaveLength(
      1,
    );
  });

  it('writes a model file with the spend and the measurements but not the seed, and samples from it', async () => {
    const model = join(dir, 'model.json');
    const run = await runCli('fit', data, ...mst('--epsilon', '2', '--seed', '424242', '--out', model));
    expect(run.code, run.stderr).toBe(0);
    const text = readFileSync(model, 'utf8');
    const file = JSON.parse(text);
    expect(file.trainingRows).toBe(0);
    expect(file.params.measurements.privacy).toMatchObject({ epsilon: 2, delta: 1e-6 });
    expect(file.params.measurements.oneWay.measurements.length).toBeGreaterThan(50);
    expect(text).not.toMatch(/424242/);
    const sampled = await runCli('sample', model, '--rows', '50', '--out', join(dir, 'from-model.csv'));
    expect(sampled.code, sampled.stderr).toBe(0);
  });

  it('refuses what would read the data outside the guarantee, naming the flag', async () => {
    const out = join(dir, 'refused.csv');
    await expectBadInput(
      /--epsilon: the mst generator is differentially private/,
      'generate',
      data,
      ...mst('--rows', '10', '--out', out),
    );
    await expectBadInput(
      /give --schema/,
      'generate',
      data,
      '--model',
      'mst',
      '--rows',
      '10',
      '--epsilon',
      '1',
      '--out',
      out,
    );
    await expectBadInput(
      /--drop-copies: the mst generator is differentially private/,
      'generate',
      data,
      ...mst('--rows', '10', '--epsilon', '1', '--drop-copies', '--out', out),
    );
    await expectBadInput(
      /--epsilon: the copula generator gives no differential-privacy guarantee/,
      'generate',
      data,
      '--model',
      'copula',
      '--rows',
      '10',
      '--epsilon',
      '1',
      '--out',
      out,
    );
    await expectBadInput(
      /--budget needs --epsilon/,
      'fit',
      data,
      '--model',
      'copula',
      '--budget',
      '3',
      '--out',
      out,
    );
    await expectBadInput(
      /--delta expects a number between 0 and 1/,
      'fit',
      data,
      ...mst('--epsilon', '1', '--delta', '2', '--out', out),
    );
  });

  it('lists mst with its guarantee', async () => {
    const run = await runCli('models');
    expect(run.stdout).toMatch(
      /^mst +MST .*\[\(ε, δ\)-differential privacy via zCDP: needs --epsilon .*2 rounds of data access\]$/m,
    );
  });
});
