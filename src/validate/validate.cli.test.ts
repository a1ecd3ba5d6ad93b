import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectBadInput, runCli, tempDir, tempFile } from '../cli/test-support/run-cli.js';

const lung = readFileSync('datasets/lung.csv', 'utf8');

/** lung.csv with one column's cells replaced. */
function edited(name: string, column: string, value: (row: number, cell: string) => string): string {
  const [header, ...rows] = lung.trimEnd().split('\n');
  const at = header.split(',').indexOf(`"${column}"`);
  const out = rows.map((line, row) => {
    const cells = line.split(',');
    cells[at] = value(row, cells[at]);
    return cells.join(',');
  });
  return tempFile(name, `${[header, ...out].join('\n')}\n`);
}

describe('synthcohort validate: right or refused', () => {
  it('refuses a holdout that is the training table, naming both files and the count', async () => {
    const copy = tempFile('holdout.csv', lung);
    await expectBadInput(
      /^synthcohort: \S*holdout\.csv: 228 of its 228 rows are also in the training table datasets\/lung\.csv \(about 1\.0 expected by chance\)/,
      'validate',
      '--real',
      'datasets/lung.csv',
      '--synthetic',
      'datasets/lung.csv',
      '--holdout',
      copy,
      '--out',
      tempDir(),
    );
  });

  it.each(['1e308', '-1e308'])(
    'refuses %s in the synthetic table, naming its column and row',
    async (value) => {
      const synthetic = edited('huge.csv', 'age', (row, cell) => (row === 5 ? value : cell));
      await expectBadInput(
        new RegExp(
          `huge\\.csv, row 6, column 'age': the value ${value.replace('e', 'e\\+?')} is too large to compare`,
        ),
        'validate',
        '--real',
        'datasets/lung.csv',
        '--synthetic',
        synthetic,
        '--out',
        tempDir(),
      );
    },
  );

  it('does not score the real table with a column blanked as faithful', async () => {
    const synthetic = edited('blank.csv', 'age', () => '');
    const out = tempDir();
    const run = await runCli(
      'validate',
      '--real',
      'datasets/lung.csv',
      '--synthetic',
      synthetic,
      '--out',
      out,
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.fidelity.columns.find((c: { name: string }) => c.name === 'age')).toMatchObject({
      test: 'none',
      statistic: null,
      p: null,
      score: 0,
    });
    expect(report.fidelity.score).toBeLessThan(0.7);
    expect(report.fidelity.verdict).toBe('fail');
  });

  it('reports a utility it could not compute as not computed: null, warn, never 0.00 fail', async () => {
    const table = (seed: number) =>
      `age,sex\n${Array.from({ length: 80 }, (_, i) => `${20 + ((i * 7 + seed) % 60)},${(i + seed) % 3 ? 'f' : 'm'}`).join('\n')}\n`;
    const out = tempDir();
    const run = await runCli(
      'validate',
      '--real',
      tempFile('real.csv', table(1)),
      '--synthetic',
      tempFile('synthetic.csv', table(2)),
      '--out',
      out,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\n {2}utility {3}warn {2}not computed\n/);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.utility).toMatchObject({ score: null, verdict: 'warn' });
    expect(report.verdict).toMatch(/^(warn|fail)$/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('Clinical utility — not computed');
  });

  it('refuses an event coded 0/1/2 in --survival without its value', async () => {
    const data = tempFile(
      'three.csv',
      `months,state,age\n${Array.from({ length: 60 }, (_, i) => `${1 + (i % 17)},${i % 3},${40 + (i % 30)}`).join('\n')}\n`,
    );
    await expectBadInput(
      /survival endpoint months:state: column 'state' holds more than two values \(0, 1, 2\); say which one is the event: months:state:VALUE/,
      'validate',
      '--real',
      data,
      '--synthetic',
      data,
      '--survival',
      'months:state',
      '--out',
      tempDir(),
    );
  });
});
