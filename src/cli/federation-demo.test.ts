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
