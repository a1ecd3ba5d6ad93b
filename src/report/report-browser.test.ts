/**
 * The report page in a real browser (Debian's Chromium driven by playwright-core): it opens offline,
 * shows every section and chart, makes no request beyond its own file, and is saved as a screenshot
 * (out/report-screenshot.png) for a person to look at.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { splitTable } from '../data/split.js';
import { fitModel, sampleModel } from '../generators/pipeline.js';
import { simulate } from '../simulate/index.js';
import { validate } from '../validate/index.js';
import { renderReportHtml } from './html.js';

const CHROMIUM = '/usr/bin/chromium';
// CI installs Chromium (.ci/run), so there the test must run; a developer without it is told why.
const available = existsSync(CHROMIUM) || Boolean(process.env.CI);

describe.runIf(available)('report.html in Chromium', () => {
  it('opens offline with every section and chart, and requests nothing', async () => {
    const { table, schema } = simulate('aml', { patients: 800, centres: 3, seed: 1 });
    const { training, holdout } = splitTable(table, 0.3, Rng.from(2));
    const model = fitModel(training, schema, 'cart', { seed: 1 });
    const synthetic = sampleModel(model, { rows: training.nRows, seed: 1 }).table;
    const report = validate(training, synthetic, { schema: model.schema, holdout, seed: 1 });
    const dir = join(tmpdir(), `synthcohort-report-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const page = join(dir, 'report.html');
    const html = renderReportHtml(report);
    writeFileSync(page, html);
    // Nothing on the page points elsewhere (the SVG namespace is a name, not a request).
    expect(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(
      /(src|href)\s*=\s*"(https?:)?\/\/|url\(|@import/i,
    );

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const tab = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const requests: string[] = [];
      tab.on('request', (request) => requests.push(request.url()));
      await tab.goto(pathToFileURL(page).href);
      for (const id of ['summary', 'fidelity', 'utility', 'privacy', 'methods'])
        expect(await tab.locator(`section#${id}`).count(), id).toBe(1);
      expect(await tab.locator('#summary .card').count()).toBe(3);
      const titles = await tab.locator('svg > title').allTextContents();
      for (const chart of [
        'Associations in the real data',
        'Associations in the synthetic data',
        'Absolute difference',
        'PCA of the real data, synthetic rows projected',
        'Kaplan–Meier: os',
        'Cox hazard ratios: os',
        'Mutation frequencies',
        'Distance to the closest training row',
        'age',
      ])
        expect(titles, chart).toContain(chart);
      expect(requests).toEqual([pathToFileURL(page).href]);
      mkdirSync('out', { recursive: true });
      await tab.screenshot({ path: join('out', 'report-screenshot.png'), fullPage: false });
      expect(existsSync(join('out', 'report-screenshot.png'))).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
