import { execFileSync } from 'node:child_process';
import {
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectBadInput, runCli, tempDir } from './test-support/run-cli.js';

/** A small table every command can read: 40 patients, a survival endpoint, two categories. */
function smallCohort(): string {
  const lines = ['patient_id,age,sex,arm,os_days,os_status'];
  for (let i = 1; i <= 40; i++)
    lines.push(
      `P${1000 + i},${40 + ((i * 7) % 35)},${i % 2 ? 'f' : 'm'},${i % 3 ? 'a' : 'b'},${30 + ((i * 37) % 900)},${i % 4 ? 1 : 0}`,
    );
  return `${lines.join('\n')}\n`;
}

describe('outputs never destroy inputs', () => {
  const dir = tempDir();
  const data = join(dir, 'data.csv');
  const schema = join(dir, 's.json');
  const model = join(dir, 'model.json');
  const contents = new Map<string, string>();

  beforeAll(async () => {
    writeFileSync(data, smallCohort());
    expect((await runCli('schema', data, '--out', schema)).code).toBe(0);
    expect((await runCli('fit', data, '--model', 'copula', '--out', model)).code).toBe(0);
    symlinkSync(data, join(dir, 'link.csv'));
    linkSync(data, join(dir, 'hard.csv'));
    for (const file of [data, schema, model]) contents.set(file, readFileSync(file, 'utf8'));
  });

  const unchanged = () => {
    for (const [file, text] of contents) expect(readFileSync(file, 'utf8'), file).toBe(text);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  };

  const refusals: Array<[string, () => string[], RegExp]> = [
    [
      'generate over its data',
      () => ['generate', data, '--model', 'cart', '--rows', '5', '--out', data],
      /data\.csv: --out would overwrite the data file .*data\.csv; write the output to another path/,
    ],
    [
      'fit over its data',
      () => ['fit', data, '--model', 'cart', '--out', data],
      /--out would overwrite the data file/,
    ],
    ['schema over its data', () => ['schema', data, '--out', data], /--out would overwrite the data file/],
    [
      'fit over its schema',
      () => ['fit', data, '--model', 'cart', '--schema', schema, '--out', schema],
      /s\.json: --out would overwrite --schema .*s\.json/,
    ],
    [
      'sample over its training table',
      () => ['sample', model, '--rows', '5', '--training', data, '--out', data],
      /--out would overwrite --training/,
    ],
    [
      'sample over its model file',
      () => ['sample', model, '--rows', '5', '--out', model],
      /--out would overwrite the model file/,
    ],
    [
      'generate through a symbolic link',
      () => ['generate', join(dir, 'link.csv'), '--model', 'cart', '--rows', '5', '--out', data],
      /data\.csv: --out would overwrite the data file .*link\.csv through a symbolic link/,
    ],
    [
      'generate through a hard link',
      () => ['generate', join(dir, 'hard.csv'), '--model', 'cart', '--rows', '5', '--out', data],
      /through a hard link/,
    ],
    [
      'generate through a linked folder',
      () => ['generate', data, '--model', 'cart', '--rows', '5', '--out', join(dir, 'again', 'data.csv')],
      /again\/data\.csv: --out would overwrite the data file/,
    ],
    [
      'validate writing report.json over an input',
      () => [
        'validate',
        '--real',
        data,
        '--synthetic',
        data,
        '--thresholds',
        join(dir, 'report.json'),
        '--out',
        dir,
      ],
      /report\.json: --out would overwrite --thresholds/,
    ],
    [
      'split writing training.csv over its data',
      () => ['split', join(dir, 'training.csv'), '--holdout', '0.3', '--out', dir],
      /training\.csv: --out would overwrite the data file/,
    ],
  ];

  for (const [what, argv, pattern] of refusals)
    it(`refuses ${what}`, async () => {
      if (what.includes('linked folder')) symlinkSync(dir, join(dir, 'again'));
      if (what.includes('report.json')) writeFileSync(join(dir, 'report.json'), '{}');
      if (what.includes('training.csv')) writeFileSync(join(dir, 'training.csv'), smallCohort());
      await expectBadInput(pattern, ...argv());
      unchanged();
    });

  it('refuses a device, a FIFO or a folder as an output file, and a file as an output folder', async () => {
    const nullLink = join(dir, 'null-link.csv');
    symlinkSync('/dev/null', nullLink);
    execFileSync('mkfifo', [join(dir, 'fifo.csv')]);
    mkdirSync(join(dir, 'folder.csv'));
    const generate = (out: string) => ['generate', data, '--model', 'cart', '--rows', '5', '--out', out];
    await expectBadInput(
      /null-link\.csv: is a character device, not a file to write \(--out\)/,
      ...generate(nullLink),
    );
    await expectBadInput(
      /fifo\.csv: is a FIFO \(named pipe\), not a file to write/,
      ...generate(join(dir, 'fifo.csv')),
    );
    await expectBadInput(
      /folder\.csv: is a directory, not a file to write/,
      ...generate(join(dir, 'folder.csv')),
    );
    await expectBadInput(
      /data\.csv: is a regular file, not a folder \(--out\)/,
      'simulate',
      'aml',
      '--patients',
      '20',
      '--out',
      data,
    );
    mkdirSync(join(dir, 'demo', 'cohort.csv'), { recursive: true });
    await expectBadInput(
      /demo\/cohort\.csv: is a directory, not a file to write/,
      'demo',
      '--out',
      join(dir, 'demo'),
    );
    expect(lstatSync(nullLink).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dir, 'fifo.csv')).isFIFO()).toBe(true);
    unchanged();
  });

  it('refuses a folder, a FIFO or a missing file as an input, naming the option', async () => {
    await expectBadInput(
      /: is a directory, not a file \(the model file\)/,
      'sample',
      dir,
      '--rows',
      '5',
      '--out',
      join(dir, 'x.csv'),
    );
    await expectBadInput(
      /: is a directory, not a file \(--schema\)/,
      'fit',
      data,
      '--model',
      'cart',
      '--schema',
      dir,
      '--out',
      join(dir, 'm.json'),
    );
    await expectBadInput(
      /fifo\.csv: is a FIFO \(named pipe\), not a file \(--synthetic\)/,
      'validate',
      '--real',
      data,
      '--synthetic',
      join(dir, 'fifo.csv'),
      '--out',
      join(dir, 'r'),
    );
    await expectBadInput(
      /nope\.json: no such file or directory \(--replication\)/,
      'validate',
      '--real',
      data,
      '--synthetic',
      data,
      '--replication',
      join(dir, 'nope.json'),
      '--out',
      join(dir, 'r'),
    );
    unchanged();
  });

  it('writes beside its inputs when the names differ', async () => {
    const run = await runCli(
      'generate',
      join(dir, 'link.csv'),
      '--model',
      'cart',
      '--rows',
      '5',
      '--out',
      join(dir, 'synth.csv'),
    );
    expect(run.code).toBe(0);
    unchanged();
  });
});
