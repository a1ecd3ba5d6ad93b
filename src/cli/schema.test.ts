import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './test-support/run-cli.js';

/** A small AML-like table: relapse decides relapse_days, and relapse_days <= os_days in every row. */
function cohort(): string {
  const rows = Array.from({ length: 40 }, (_, i) => {
    const relapse = i % 3 === 0 ? 1 : 0;
    const os = 100 + 13 * i;
    return `${20 + i},${relapse},${relapse ? os - 40 : ''},${os},${i % 2}`;
  });
  const path = join(tempDir(), 'cohort.csv');
  writeFileSync(path, `age,relapse,relapse_days,os_days,os_status\n${rows.join('\n')}\n`);
  return path;
}

describe('schema rules', () => {
  it('writes inferred rules, marked inferred, and says why on stderr', async () => {
    const run = await runCli('schema', cohort());
    expect(run.code).toBe(0);
    const schema = JSON.parse(run.stdout);
    expect(schema.rules).toContainEqual({
      type: 'compare',
      left: 'relapse_days',
      op: '<=',
      right: 'os_days',
      inferred: true,
    });
    expect(run.stderr).toContain('rule relapse_days <= os_days: holds in all 14 rows with both');
  });

  it('--no-rules infers none; --quiet prints no notes', async () => {
    const run = await runCli('schema', cohort(), '--no-rules', '--quiet');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).rules).toEqual([]);
    expect(run.stderr).toBe('');
  });

  it('generate warns when the schema orders none of several time columns', async () => {
    const data = cohort();
    const dir = tempDir();
    const schemaPath = join(dir, 'schema.json');
    expect((await runCli('schema', data, '--no-rules', '--quiet', '--out', schemaPath)).code).toBe(0);
    const out = join(dir, 'synth.csv');
    const run = await runCli(
      'generate',
      data,
      '--model',
      'copula',
      '--rows',
      '20',
      '--schema',
      schemaPath,
      '--out',
      out,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^warning: the schema orders none of its time columns \(relapse_days, os_days\)/m,
    );
    const inferred = await runCli('generate', data, '--model', 'copula', '--rows', '20', '--out', out);
    expect(inferred.stderr).not.toContain('warning');
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('age,relapse,relapse_days,os_days,os_status');
  });
});
