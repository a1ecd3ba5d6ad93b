import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectBadInput, runCli, tempDir, tempFile } from './test-support/run-cli.js';

async function simulated(patients: number, centres: number): Promise<string> {
  const out = tempDir();
  const run = await runCli(
    'simulate',
    'aml',
    '--patients',
    String(patients),
    '--centres',
    String(centres),
    '--seed',
    '2',
    '--out',
    out,
  );
  expect(run.code).toBe(0);
  return join(out, 'cohort.csv');
}

describe('synthcohort split', () => {
  it('writes training.csv and holdout.csv stratified by centre and says so on stdout', async () => {
    const cohort = await simulated(2500, 5);
    const out = join(tempDir(), 'parts');
    const run = await runCli('split', cohort, '--holdout', '0.3', '--seed', '1', '--out', out);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `${join(out, 'training.csv')}: 1750 rows, ${join(out, 'holdout.csv')}: 750 rows (stratified by centre, 5 strata)\n`,
    );
    expect(readdirSync(out).sort()).toEqual(['holdout.csv', 'training.csv']);
    const header = readFileSync(cohort, 'utf8').split('\n')[0];
    for (const name of ['training.csv', 'holdout.csv'])
      expect(readFileSync(join(out, name), 'utf8').split('\n')[0]).toBe(header);
    const again = join(tempDir(), 'parts');
    await runCli('split', cohort, '--holdout', '0.3', '--seed', '1', '--out', again);
    expect(readFileSync(join(again, 'holdout.csv'))).toEqual(readFileSync(join(out, 'holdout.csv')));
  });

  it('stratifies by another column with --stratify, or not at all with --no-stratify', async () => {
    const cohort = await simulated(300, 3);
    const bySex = await runCli('split', cohort, '--holdout', '0.2', '--stratify', 'sex', '--out', tempDir());
    expect(bySex.stdout).toMatch(/\(stratified by sex, 2 strata\)\n$/);
    const plain = await runCli('split', cohort, '--holdout', '0.2', '--no-stratify', '--out', tempDir());
    expect(plain.stdout).toMatch(/: 240 rows, .*: 60 rows \(not stratified\)\n$/);
  });

  it('says how many strata were too small to split, without naming their values', async () => {
    const data = tempFile('sites.csv', 'site,age\na,50\na,51\na,52\na,53\nb,54\nc,55\nc,56\n');
    const run = await runCli('split', data, '--holdout', '0.5', '--out', tempDir());
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[1]).toBe(
      '  1 of the 3 values of site have too few rows to split: kept whole in training',
    );
  });

  it('refuses a split that leaves a part empty, and strata of single rows', async () => {
    const data = tempFile(
      'ten.csv',
      `id,age\n${Array.from({ length: 10 }, (_, i) => `P${i},${40 + i}`).join('\n')}\n`,
    );
    await expectBadInput(
      /ten\.csv: holding out 0\.99 of 10 rows leaves the training part empty/,
      'split',
      data,
      '--holdout',
      '0.99',
      '--out',
      tempDir(),
    );
    await expectBadInput(
      /ten\.csv, column 'age': 10 values, 10 of them on a single row/,
      'split',
      data,
      '--holdout',
      '0.3',
      '--stratify',
      'age',
      '--out',
      tempDir(),
    );
    await expectBadInput(
      /ten\.csv, column 'id': an identifier cannot stratify a split/,
      'split',
      data,
      '--holdout',
      '0.3',
      '--stratify',
      'id',
      '--out',
      tempDir(),
    );
  });

  it('exits 2 naming --holdout for a share outside (0, 1)', async () => {
    for (const share of ['0', '1', '1.5', '-0.3', 'abc', '30%'])
      await expectBadInput(
        /^synthcohort: --holdout expects a share between 0 and 1 \(exclusive\), such as 0\.3, got/,
        'split',
        'datasets/lung.csv',
        '--holdout',
        share,
        '--out',
        tempDir(),
      );
  });

  it('exits 2 naming an unknown --stratify column and the file', async () => {
    await expectBadInput(
      /^synthcohort: datasets\/lung\.csv, column 'centre': no such column to stratify by/,
      'split',
      'datasets/lung.csv',
      '--holdout',
      '0.3',
      '--stratify',
      'centre',
      '--out',
      tempDir(),
    );
  });

  it('exits 2 rather than overwrite its input, which stays as it was', async () => {
    const folder = tempDir();
    const input = join(folder, 'holdout.csv');
    const content = 'age,os_days,os_status\n50,10,1\n60,20,0\n70,30,1\n';
    writeFileSync(input, content);
    await expectBadInput(
      /holdout\.csv: --out would overwrite the data file .*holdout\.csv/,
      'split',
      input,
      '--holdout',
      '0.3',
      '--out',
      folder,
    );
    expect(readFileSync(input, 'utf8')).toBe(content);
    expect(readdirSync(folder)).toEqual(['holdout.csv']);
  });
});
