import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { progressFor } from '../io.js';
import { tempDir } from '../test-support/run-cli.js';
import { run } from './impute.js';

const CSV = [
  'patient_id,centre,age,wbc,npm1,os_days,os_event',
  'p1,A,30,5,no,100,1',
  'p2,A,31,6,no,200,0',
  'p3,B,70,50,yes,300,1',
  'p4,B,71,55,yes,400,1',
  'p5,A,32,,,500,0',
  'p6,B,,52,yes,600,1',
  'p7,A,45,20,no,650,0',
  'p8,B,60,,yes,700,1',
].join('\n');

const SCHEMA = {
  version: 1,
  columns: [
    { name: 'patient_id', kind: 'categorical', role: 'id' },
    { name: 'centre', kind: 'categorical', role: 'centre' },
    { name: 'age', kind: 'integer', min: 18, max: 100 },
    { name: 'wbc', kind: 'numeric', min: 0 },
    { name: 'npm1', kind: 'boolean', role: 'mutation', categories: ['no', 'yes'] },
    { name: 'os_days', kind: 'numeric', role: 'time' },
    { name: 'os_event', kind: 'boolean', role: 'event', categories: ['0', '1'] },
  ],
};

async function impute(options: Record<string, unknown>, schemaJson: object = SCHEMA) {
  const dir = tempDir();
  const data = join(dir, 'cohort.csv');
  const schema = join(dir, 'schema.json');
  writeFileSync(data, CSV);
  writeFileSync(schema, JSON.stringify(schemaJson));
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (t: string) => {
      stdout += t;
    },
    stderr: (t: string) => {
      stderr += t;
    },
    stderrIsTty: false,
  };
  const out = join(dir, 'imputed.csv');
  await run(
    [data],
    { schema, out, seed: 3, k: 2, weights: 'uniform', m: 2, maxIter: 4, ...options },
    { io, progress: progressFor(io, true) },
  );
  return { dir, out, stdout, stderr, rows: readFileSync(out, 'utf8').trim().split('\n') };
}

describe('impute command', () => {
  it('knn: writes the completed table, says what it filled and what it left', async () => {
    const { rows, stderr, stdout, out } = await impute({ method: 'knn' });
    expect(stdout.trim()).toBe(out);
    expect(rows[0]).toBe('patient_id,centre,age,wbc,npm1,os_days,os_event');
    expect(rows.slice(1).every((r) => !r.includes(',,') && !r.endsWith(','))).toBe(true);
    // p5 (centre A, 32 years, alive at 500 days) is nearest p2 and p7, the other censored patients
    // of centre A: outcome and centre are read, never filled. wbc (6 + 20) / 2, npm1 their "no".
    expect(rows[5]).toBe('p5,A,32,13,no,500,0');
    expect(stderr).toContain('imputed: age (1), wbc (2), npm1 (1)');
    expect(stderr).toContain('not imputed: centre: centre: never imputed; read as a predictor');
    expect(stderr).toContain('not imputed: patient_id: identifier');
  });

  it('mice --all: the first imputation at --out, every one beside it, R-hat on stderr', async () => {
    const { dir, stdout, stderr, rows } = await impute({ method: 'mice', all: true });
    expect(stdout.trim().split('\n')).toEqual([
      join(dir, 'imputed.csv'),
      join(dir, 'imputed-1.csv'),
      join(dir, 'imputed-2.csv'),
    ]);
    expect(existsSync(join(dir, 'imputed-2.csv'))).toBe(true);
    expect(readFileSync(join(dir, 'imputed-1.csv'), 'utf8').trim().split('\n')).toEqual(rows);
    expect(stderr).toMatch(/wbc: R-hat (\d\.\d{3}|n\/a); imputed mean by chain/);
    // A category's trace is the share of its most common observed level (yes: 4 of 7), named so.
    expect(stderr).toMatch(
      /npm1: R-hat (\d\.\d{3}|n\/a); share imputed as 'yes' by chain [01]\.\d{3}( [01]\.\d{3})+\n/,
    );
    // predictive mean matching gives observed values only
    const wbc = rows.slice(1).map((r) => r.split(',')[3]);
    expect(wbc.every((v) => ['5', '6', '50', '55', '52', '20'].includes(v))).toBe(true);
  });

  it('mice: repairs each imputation to the schema rules and says so, imputation by imputation', async () => {
    // Observed: every NPM1-mutated patient has wbc >= 20; p5's npm1 and wbc, p8's wbc are drawn.
    const rule = {
      type: 'compare',
      left: 'wbc',
      op: '>=',
      right: 20,
      when: [{ column: 'npm1', equals: 'yes' }],
    };
    const { dir, stderr } = await impute({ method: 'mice', all: true, m: 3 }, { ...SCHEMA, rules: [rule] });
    let repaired = 0;
    for (const i of [1, 2, 3]) {
      const line = stderr.match(
        new RegExp(
          `rules, imputation ${i}: (\\d+) imputed row\\(s\\) broke a rule; (\\d+) took the nearest donor that fits`,
        ),
      );
      expect(line?.[2]).toBe(line?.[1]);
      repaired += Number(line?.[1]);
      for (const row of readFileSync(join(dir, `imputed-${i}.csv`), 'utf8')
        .trim()
        .split('\n')
        .slice(1)) {
        const [, , , wbc, npm1] = row.split(',');
        if (npm1 === 'yes') expect(Number(wbc)).toBeGreaterThanOrEqual(20);
      }
    }
    // with seed 3 one imputation broke the rule and took a donor's values
    expect(repaired).toBeGreaterThan(0);
  });

  it('mice --deterministic: rule breaks listed, not repaired', async () => {
    const { stderr } = await impute({ method: 'mice', deterministic: true });
    expect(stderr).toMatch(/rules: \d+ imputed row\(s\) break a rule, not repaired/);
  });

  it('reads missing cells of columns the schema declares not nullable, and completes them', async () => {
    // The consortium's schema says age and wbc are never missing: that is the table wanted, not
    // the one read; the command fills them instead of refusing the file.
    const strict = {
      ...SCHEMA,
      columns: SCHEMA.columns.map((c) =>
        c.name === 'age' || c.name === 'wbc' ? { ...c, nullable: false } : c,
      ),
    };
    const { rows } = await impute({ method: 'knn' }, strict);
    for (const row of rows.slice(1)) {
      const [, , age, wbc] = row.split(',');
      expect(age).not.toBe('');
      expect(wbc).not.toBe('');
    }
  });
});
