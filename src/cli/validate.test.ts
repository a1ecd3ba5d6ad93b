import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectBadInput, runCli, tempDir } from './test-support/run-cli.js';

describe('synthcohort validate', () => {
  it.each([
    ['lung', 'copula', 'time:status:2'],
    ['pbc', 'cart', 'time:status:2'],
  ])("validates %s's %s output with the contract's report keys", async (dataset, model, survival) => {
    const dir = tempDir();
    const real = `datasets/${dataset}.csv`;
    const synthetic = join(dir, 'synthetic.csv');
    expect(
      (
        await runCli(
          'generate',
          real,
          '--model',
          model,
          '--rows',
          '300',
          '--seed',
          '3',
          '--out',
          synthetic,
          '--quiet',
        )
      ).code,
    ).toBe(0);
    const run = await runCli(
      'validate',
      '--real',
      real,
      '--synthetic',
      synthetic,
      '--survival',
      survival,
      '--out',
      join(dir, 'report'),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Verdict: (pass|warn|fail)\n {2}validity .*\n {2}fidelity /);
    const report = JSON.parse(readFileSync(join(dir, 'report', 'report.json'), 'utf8'));
    expect(report).toMatchObject({
      version: expect.any(String),
      verdict: expect.stringMatching(/^(pass|warn|fail)$/),
    });
    expect(report.rows).toEqual({ real: expect.any(Number), synthetic: 300, holdout: null });
    expect(report.fidelity.score).toBeGreaterThanOrEqual(0);
    expect(report.fidelity.columns[0]).toMatchObject({
      name: expect.any(String),
      test: expect.any(String),
      score: expect.any(Number),
    });
    expect(typeof report.fidelity.correlation.meanAbsDiff).toBe('number');
    expect(report.fidelity).toHaveProperty('csf');
    expect(report.utility.survival[0]).toMatchObject({
      endpoint: 'time',
      logrank: { chisq: expect.any(Number), p: expect.any(Number) },
    });
    expect(report.privacy.dcr.syntheticToReal).toMatchObject({
      p5: expect.any(Number),
      median: expect.any(Number),
    });
    expect(report.privacy.mia.auc).toBeNull();
    expect(report.skipped.length).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'report', 'report.html'))).toBe(true);
  });

  it('fits the declared Cox covariates, and refuses an unknown one', async () => {
    const dir = tempDir();
    const run = await runCli(
      'validate',
      '--real',
      'datasets/lung.csv',
      '--synthetic',
      'datasets/lung.csv',
      '--survival',
      'time:status',
      '--cox',
      'age+sex',
      '--out',
      dir,
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.utility.cox[0].terms).toEqual(['age', 'sex']);
    expect(report.utility.cox[0].hazardRatios.map((h: { term: string }) => h.term)).toEqual(['age', 'sex']);
    await expectBadInput(
      /--cox names column 'stage'/,
      'validate',
      '--real',
      'datasets/lung.csv',
      '--synthetic',
      'datasets/lung.csv',
      '--cox',
      'age+stage',
      '--out',
      dir,
    );
  });

  it('suppresses counts below --small-cell in the report, and refuses 0', async () => {
    const dir = tempDir();
    const args = ['validate', '--real', 'datasets/lung.csv', '--synthetic', 'datasets/lung.csv'];
    const run = await runCli(...args, '--survival', 'time:status', '--small-cell', '20', '--out', dir);
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.fidelity.smallCell).toBe(20);
    // Numbers at risk below 20 real patients are not shown.
    const atRisk: Array<number | null> = report.utility.survival[0].curves.real.atRisk;
    expect(atRisk.filter((n) => n !== null && n > 0 && n < 20)).toEqual([]);
    expect(atRisk.some((n) => n !== null && n >= 20)).toBe(true);
    await expectBadInput(
      /--small-cell expects a whole number of at least 1/,
      ...args,
      '--small-cell',
      '0',
      '--out',
      dir,
    );
  });

  it('refuses a replication file naming an unknown endpoint or column', async () => {
    const dir = tempDir();
    const spec = join(dir, 'replication.json');
    const run = (analysis: object) => {
      writeFileSync(spec, JSON.stringify({ analyses: [{ name: 'A', ...analysis }] }));
      return [
        'validate',
        '--real',
        'datasets/lung.csv',
        '--synthetic',
        'datasets/lung.csv',
        '--survival',
        'time:status',
        '--replication',
        spec,
        '--out',
        dir,
      ];
    };
    await expectBadInput(
      /synthcohort: --replication: analysis 'A' names endpoint 'os'; the endpoints are time/,
      ...run({ endpoint: 'os', groupBy: 'sex' }),
    );
    await expectBadInput(/analysis 'A' names column 'stage'/, ...run({ endpoint: 'time', groupBy: 'stage' }));
  });

  it('names the column when the synthetic file has another type', async () => {
    const dir = tempDir();
    const lines = readFileSync('datasets/lung.csv', 'utf8').split('\n');
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      [lines[0], ...lines.slice(1, 40).map((l) => l.replace(/^([^,]*),/, 'x$1,'))].join('\n'),
    );
    const run = await runCli(
      'validate',
      '--real',
      'datasets/lung.csv',
      '--synthetic',
      bad,
      '--out',
      join(dir, 'r'),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.csv, row 1, column 'inst'/);
    expect(existsSync(join(dir, 'r', 'report.json'))).toBe(false);
  });

  it('refuses a thresholds file with a mistake, naming the file', async () => {
    const dir = tempDir();
    const thresholds = join(dir, 't.json');
    writeFileSync(thresholds, JSON.stringify({ privacy: { pass: 0.5, warn: 0.9 } }));
    const run = await runCli(
      'validate',
      '--real',
      'datasets/lung.csv',
      '--synthetic',
      'datasets/lung.csv',
      '--thresholds',
      thresholds,
      '--out',
      dir,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/t\.json: privacy: warn must not exceed pass/);
  });

  it('records the generator and options of --model, and no seed it cannot know', async () => {
    const dir = tempDir();
    const model = join(dir, 'model.json');
    const synthetic = join(dir, 's.csv');
    const fit = ['datasets/lung.csv', '--model', 'cart', '--set', 'minLeaf=20', '--seed', '4', '--quiet'];
    expect((await runCli('fit', ...fit, '--out', model)).code).toBe(0);
    expect((await runCli('sample', model, '--rows', '200', '--out', synthetic, '--quiet')).code).toBe(0);
    const validate = ['validate', '--real', 'datasets/lung.csv', '--synthetic', synthetic];
    const run = await runCli(...validate, '--survival', 'time:status:2', '--model', model, '--out', dir);
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    const file = JSON.parse(readFileSync(model, 'utf8'));
    expect(report.model).toEqual({
      generator: 'cart',
      options: file.options,
      version: file.libraryVersion,
      schemaHash: file.schemaHash,
      fitSeed: null,
      sampleSeed: null,
      file: model,
      note: expect.stringMatching(/records no fitting seed/),
    });
    expect(report.model.options.minLeaf).toBe(20);
    // Without --model the report says nothing about how the table was made.
    const plain = await runCli(...validate, '--out', join(dir, 'plain'));
    expect(plain.code).toBe(0);
    // What to look at first is printed with the verdicts: here, what no holdout leaves unmeasured.
    expect(plain.stdout).toMatch(
      /\nFirst to look at:\n(.*\n)*? {2}warn privacy: Membership inference and attribute disclosure were not measured/,
    );
    expect(JSON.parse(readFileSync(join(dir, 'plain', 'report.json'), 'utf8')).model).toBeNull();
    // A model file edited after it was written is refused, named.
    writeFileSync(model, readFileSync(model, 'utf8').replace('"minLeaf":20', '"minLeaf":21'));
    await expectBadInput(/model\.json: checksum does not match/, ...validate, '--model', model, '--out', dir);
  });
});
