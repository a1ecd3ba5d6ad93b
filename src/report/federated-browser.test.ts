/**
 * The federated report's page in a real browser (Debian's Chromium driven by playwright-core), from
 * four simulated AML centres each validated against the synthetic patients of its own centre (a
 * copula fitted on the pooled cohort): it opens offline, requests nothing, shows every section, and
 * is saved as screenshots (the whole page and each section) in a temporary folder for a person to
 * look at.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitModel, sampleModel } from '../generators/pipeline.js';
import { simulate } from '../simulate/index.js';
import { validate } from '../validate/index.js';
import { type FederatedReport, mergeCentreReports, ShareableReport } from './federated.js';
import { renderFederatedReportHtml } from './federated-html.js';

const CHROMIUM = '/usr/bin/chromium';
// CI installs Chromium (.ci/run), so there the test must run; a developer without it is told why.
const available = existsSync(CHROMIUM) || Boolean(process.env.CI);
const SECTIONS = ['summary', 'centres', 'disagreements', 'findings', 'per-centre', 'method'];
const MAX_BYTES = 200 * 1024;

function federatedReport(): FederatedReport {
  const { table, schema } = simulate('aml', { patients: 800, centres: 4, seed: 2 });
  const model = fitModel(table, schema, 'copula', { seed: 2 });
  const synthetic = sampleModel(model, { rows: 800, seed: 2 }).table;
  const realCentre = table.codes('centre');
  const syntheticCentre = synthetic.codes('centre');
  const centres = realCentre.levels.map((name, c) => {
    const real = table.filter((row) => realCentre.codes[row] === c);
    const own = synthetic.filter((row) => syntheticCentre.levels[syntheticCentre.codes[row]] === name);
    const report = validate(real, own, { schema: model.schema, seed: 2 });
    return { name, report: ShareableReport.parse(JSON.parse(JSON.stringify(report))) };
  });
  return mergeCentreReports(centres);
}

describe.runIf(available)('the federated report page in Chromium', () => {
  const out = mkdtempSync(join(tmpdir(), 'synthcohort-federated-html-'));
  let html = '';
  let page = '';
  let browser: Browser;
  let tab: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    html = renderFederatedReportHtml(federatedReport(), {
      centreReportHref: (name) => `${name}/report.html`,
    });
    page = join(out, 'report.html');
    writeFileSync(page, html);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    tab = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    tab.on('request', (request) => requests.push(request.url()));
    await tab.goto(pathToFileURL(page).href);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('opens offline, requests nothing and stays small', () => {
    expect(html).not.toMatch(/(src|href)\s*=\s*"(https?:)?\/\/|url\(|@import/i);
    expect(requests).toEqual([pathToFileURL(page).href]);
    expect(Buffer.byteLength(html)).toBeLessThan(MAX_BYTES);
  });

  it('shows every section, four centres and the pooled row', async () => {
    for (const id of SECTIONS) expect(await tab.locator(`section#${id}`).count(), id).toBe(1);
    expect(await tab.locator('#centres table.side').first().locator('tbody tr').count()).toBe(5);
    expect(await tab.locator('#per-centre .centre').count()).toBe(4);
    expect(await tab.locator('#summary .card').count()).toBe(4);
  });

  it('saves screenshots of the page and of each section', async () => {
    await tab.screenshot({ path: join(out, 'page.png'), fullPage: true });
    for (const id of SECTIONS) {
      const file = join(out, `${id}.png`);
      await tab.locator(`section#${id}`).screenshot({ path: file });
      expect(existsSync(file), file).toBe(true);
    }
  });
});
