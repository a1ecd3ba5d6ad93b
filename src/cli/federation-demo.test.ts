import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './test-support/run-cli.js';

describe('synthcohort federate demo', () => {
  it('runs a hub and 5 nodes on loopback: heterogeneity finds the g/L centre, copula and mst are fitted, sampled and validated at every centre', async () => {
    const out = join(tempDir(), 'demo');
    const started = performance.now();
    const run = await runCli('federate', 'demo', '--nodes', '5', '--patients', '1000', '--out', out);
    const seconds = (performance.now() - started) / 1000;
    expect(seconds).toBeLessThan(180);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/C03 reports haemoglobin in g\/L/);
    expect(run.stdout).toMatch(/centre C03: hb median .* likely g\/L/);
    // C02 exports its own labels and a decimal comma: its node cannot read its table against the
    // schema, answers the harmonising check from the text, then applies its own transformations.
    expect(run.stdout).toMatch(/centre C02: sex has 2 label\(s\) outside the consortium's levels; 2 matched/);
    expect(run.stdout).toMatch(/centre C02: wbc written with a decimal comma in \d+0 rows/);
    const mapping = JSON.parse(readFileSync(join(out, 'harmonise-mapping.json'), 'utf8'));
    expect(
      mapping.transformations.map(
        (t: { kind: string; centre: string; column: string }) => `${t.kind} ${t.centre} ${t.column}`,
      ),
    ).toEqual(['scale C03 hb', 'relabel C02 sex', 'decimal-mark C02 wbc', 'relabel C02 treatment']);
    for (const centre of ['C02', 'C03'])
      expect(run.stdout).toContain(`Centre ${centre} confirmed and applied`);
    expect(
      readFileSync(join(out, 'nodes', 'C02', 'harmonise', 'harmonised.csv'), 'utf8').split('\n')[1],
    ).toMatch(/^AML-\d+,C02,\d+,(female|male),/);
    for (const model of ['copula', 'mst']) {
      const report = JSON.parse(readFileSync(join(out, model, 'report.json'), 'utf8'));
      expect(report.kind).toBe('federated-validation');
      expect(report.centres.map((c: { name: string }) => c.name)).toEqual([
        'C01',
        'C02',
        'C03',
        'C04',
        'C05',
      ]);
      expect(report.patients).toBe(1000);
      expect(existsSync(join(out, model, 'report.html'))).toBe(true);
      for (const centre of ['C01', 'C02', 'C03', 'C04', 'C05'])
        expect(readdirSync(join(out, model, centre)).sort()).toEqual(['report.html', 'report.json']);
      expect(run.stdout).toContain(join(out, model, 'report.html'));
      const synthetic = readFileSync(join(out, model, 'synthetic.csv'), 'utf8')
        .trim()
        .split('\n');
      expect(synthetic).toHaveLength(1001);
    }
    const mst = JSON.parse(readFileSync(join(out, 'mst', 'model.json'), 'utf8'));
    expect(JSON.stringify(mst)).toMatch(/"epsilon":3\b/);
    // Each centre validated against its own patients and kept its full report (one folder per job).
    for (const centre of ['C01', 'C03'])
      expect(readdirSync(join(out, 'nodes', centre, 'reports'))).toHaveLength(2);
  }, 240_000);
});
