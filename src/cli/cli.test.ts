import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectBadInput, runCli, tempDir, tempFile } from './test-support/run-cli.js';

describe('synthcohort simulate', () => {
  it('writes cohort.csv and schema.json, byte-identical for the same seed', async () => {
    const [a, b] = [tempDir(), tempDir()];
    for (const out of [a, b]) {
      const run = await runCli(
        'simulate',
        'aml',
        '--patients',
        '300',
        '--centres',
        '3',
        '--seed',
        '5',
        '--out',
        out,
      );
      expect(run.code).toBe(0);
    }
    const csv = readFileSync(join(a, 'cohort.csv'), 'utf8');
    expect(csv).toBe(readFileSync(join(b, 'cohort.csv'), 'utf8'));
    expect(csv.split('\n')[0]).toMatch(/^patient_id,centre,/);
    expect(csv.trim().split('\n')).toHaveLength(301);
    const schema = JSON.parse(readFileSync(join(a, 'schema.json'), 'utf8'));
    expect(schema.endpoints.map((e: { name: string }) => e.name)).toEqual(['os', 'rfs']);
    expect(readdirSync(a).sort()).toEqual(['cohort.csv', 'schema.json']);
  });

  it('refuses zero, negative and fractional patient counts and unknown diseases', async () => {
    const out = tempDir();
    await expectBadInput(
      /--patients expects a whole number from 1 to 10,000,000, got '0'/,
      'simulate',
      'aml',
      '--patients',
      '0',
      '--out',
      out,
    );
    await expectBadInput(
      /--patients expects a whole number.*'-5'/,
      'simulate',
      'aml',
      '--patients',
      '-5',
      '--out',
      out,
    );
    await expectBadInput(
      /--patients expects a whole number.*'2\.5'/,
      'simulate',
      'aml',
      '--patients',
      '2.5',
      '--out',
      out,
    );
    await expectBadInput(
      /unknown disease 'cml'.*aml, scd/i,
      'simulate',
      'cml',
      '--patients',
      '10',
      '--out',
      out,
    );
    expect(existsSync(join(out, 'cohort.csv'))).toBe(false);
  });
});

describe('synthcohort schema: bad input', () => {
  const cases: Array<[string, string | Uint8Array, RegExp]> = [
    ['an empty file', '', /empty\.csv.*empty/i],
    ['a header only', 'a,b,c\n', /empty\.csv.*(no data rows|no rows)/i],
    ['ragged rows', 'a,b\n1,2\n3\n4,5\n', /empty\.csv, row 2.*(2 fields|expected 2)/i],
    ['duplicate column names', 'a,b,a\n1,2,3\n', /empty\.csv.*column 'a'.*(twice|duplicate)/i],
    ['a column whose every value is missing', 'a,b\n1,\n2,NA\n', /column 'b'.*every value is missing/i],
    ['a column with one distinct value', 'a,b\n1,x\n2,x\n', /column 'b'.*same value 'x'.*--keep-constant/],
    ['non-UTF-8 bytes', Uint8Array.from([0x61, 0x0a, 0xff, 0xfe, 0x0a]), /empty\.csv, row 1.*UTF-8/i],
    ['an unterminated quote', 'a,b\n1,"x\n', /empty\.csv.*(quote)/i],
  ];
  for (const [what, content, pattern] of cases)
    it(`exits 2 naming the problem for ${what}`, async () => {
      await expectBadInput(pattern, 'schema', tempFile('empty.csv', content));
    });

  it('keeps a constant column with --keep-constant and says what it guessed', async () => {
    const run = await runCli('schema', tempFile('c.csv', 'a,b\n1,x\n2,x\n'), '--keep-constant');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).columns.map((c: { name: string }) => c.name)).toEqual(['a', 'b']);
    expect(run.stderr).toMatch(/^b: /m);
  });

  it('names a missing file', async () => {
    await expectBadInput(/nope\.csv: no such file/, 'schema', join(tempDir(), 'nope.csv'));
  });
});

describe('reading with a schema: bad input', () => {
  const schema = (columns: unknown[]) => tempFile('schema.json', JSON.stringify({ version: 1, columns }));

  it('names a schema column the data lacks', async () => {
    const s = schema([
      { name: 'time', kind: 'numeric' },
      { name: 'age', kind: 'numeric' },
    ]);
    await expectBadInput(
      /column 'age'/,
      'analyze',
      tempFile('d.csv', 'time\n1\n'),
      '--time',
      'time',
      '--event',
      'status',
      '--schema',
      s,
    );
  });

  it('names a column mixing numbers and text, with its row', async () => {
    const s = schema([
      { name: 'time', kind: 'numeric' },
      { name: 'status', kind: 'integer' },
    ]);
    const data = tempFile('d.csv', 'time,status\n1,1\n2,0\nthree,1\n');
    await expectBadInput(
      /d\.csv, row 3, column 'time'.*'three'/,
      'analyze',
      data,
      '--time',
      'time',
      '--event',
      'status',
      '--schema',
      s,
    );
  });

  it('names the column of a schema with an unknown kind', async () => {
    const s = schema([{ name: 'time', kind: 'duration' }]);
    await expectBadInput(
      /schema\.json, column 'time'.*unknown kind/,
      'analyze',
      tempFile('d.csv', 'time\n1\n'),
      '--time',
      'time',
      '--event',
      'x',
      '--schema',
      s,
    );
  });
});

describe('synthcohort analyze', () => {
  it("matches R's survival on lung: median by sex and the log-rank test", async () => {
    const run = await runCli(
      'analyze',
      'datasets/lung.csv',
      '--time',
      'time',
      '--event',
      'status',
      '--event-value',
      '2',
      '--group',
      'sex',
      '--cox',
      'age+sex',
    );
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    // survfit(Surv(time, status) ~ sex, lung): medians 270 (sex 1) and 426 (sex 2);
    // survdiff: chisq 10.3 on 1 df; coxph(~ age + sex): sex coef -0.513.
    expect(result.km.map((g: { median: number }) => g.median)).toEqual([270, 426]);
    expect(result.logrank.chisq).toBeCloseTo(10.3267, 3);
    expect(result.cox.terms.find((t: { term: string }) => t.term === 'sex').coef).toBeCloseTo(-0.5132, 3);
    expect(result).toMatchObject({ n: 228, events: 165, dropped: 0 });
  });

  it('runs each analysis on its own complete cases and says what each dropped', async () => {
    const run = await runCli(
      'analyze',
      'datasets/pbc.csv',
      '--time',
      'time',
      '--event',
      'status',
      '--event-value',
      '2',
      '--group',
      'trt',
      '--cox',
      'trt+age+chol',
    );
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    // survfit(Surv(time, status == 2) ~ trt, pbc): 106 deleted, medians 3282 and 3428;
    // coxph(~ trt + age + chol): n 284, 114 events (28 more patients lack chol).
    expect(result).toMatchObject({ n: 312, events: 125, dropped: 106 });
    expect(result.km.map((g: { median: number }) => g.median)).toEqual([3282, 3428]);
    expect(result.cox).toMatchObject({ n: 284, events: 114, dropped: 134 });
  });

  it('exits 2 when the group column leaves a single group, as survdiff stops', async () => {
    const data = tempFile('one.csv', 'time,status,arm\n5,1,a\n8,0,a\n12,1,a\n');
    await expectBadInput(
      /one\.csv, column 'arm': every analysed row is in group 'a'/,
      'analyze',
      data,
      '--time',
      'time',
      '--event',
      'status',
      '--group',
      'arm',
    );
  });

  it('exits 2 naming the file and an unknown column (also a Cox term)', async () => {
    await expectBadInput(
      /^synthcohort: datasets\/lung\.csv, column 'os': no such column/,
      'analyze',
      'datasets/lung.csv',
      '--time',
      'os',
      '--event',
      'status',
    );
    await expectBadInput(
      /^synthcohort: datasets\/lung\.csv, column 'stage': no such column/,
      'analyze',
      'datasets/lung.csv',
      '--time',
      'time',
      '--event',
      'status',
      '--cox',
      'age+stage',
    );
  });
});

describe('synthcohort demo and help', () => {
  it('runs the whole local job and prints the verdicts and where the report is', async () => {
    const out = join(tempDir(), 'demo');
    const run = await runCli('demo', '--out', out);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Simulated 2500 AML patients in 5 centres: 1750 for training, 750 held out/);
    expect(run.stdout).toMatch(
      /Verdict: (pass|warn|fail)\n {2}validity {2}(pass|warn|fail) +score [01]\.\d\d\n {2}fidelity {2}(pass|warn|fail) +score [01]\.\d\d\n {2}utility/,
    );
    expect(run.stdout).toContain(join(out, 'report.html'));
    for (const file of [
      'cohort.csv',
      'training.csv',
      'holdout.csv',
      'synthetic.csv',
      'schema.json',
      'report.json',
      'report.html',
    ])
      expect(existsSync(join(out, file)), file).toBe(true);
  });

  it('shows an example in every command help', async () => {
    for (const command of [
      'simulate',
      'schema',
      'analyze',
      'split',
      'models',
      'fit',
      'sample',
      'generate',
      'validate',
      'demo',
    ]) {
      const run = await runCli(command, '--help');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Example:\n {2}\$ synthcohort /);
    }
  });

  it('exits 2 on an unknown option', async () => {
    await expectBadInput(
      /^synthcohort: unknown option '--patiens'/,
      'simulate',
      'aml',
      '--patients',
      '5',
      '--out',
      tempDir(),
      '--patiens',
      '5',
    );
    await expectBadInput(
      /required option '--patients <n>' not specified/,
      'simulate',
      'aml',
      '--out',
      tempDir(),
    );
  });
});
