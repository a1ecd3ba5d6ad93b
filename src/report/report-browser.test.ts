/**
 * The demo's report page in a real browser (Debian's Chromium driven by playwright-core): it opens
 * offline, shows the table of contents, every section and chart, makes no request beyond its own
 * file, stays within its budget (600 KB, 12 printed A4 pages) and is saved section by section as
 * screenshots (out/report/*.png) for a person to look at.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { splitTable } from '../data/split.js';
import { fitModel, sampleModel } from '../generators/pipeline.js';
import { simulate } from '../simulate/index.js';
import { validate } from '../validate/index.js';
import { provenanceOf } from '../validate/provenance.js';
import { renderReportHtml } from './html.js';

const CHROMIUM = '/usr/bin/chromium';
// CI installs Chromium (.ci/run), so there the test must run; a developer without it is told why.
const available = existsSync(CHROMIUM) || Boolean(process.env.CI);
const OUT = join('out', 'report');
const SECTIONS = ['summary', 'validity', 'fidelity', 'utility', 'privacy', 'methods'];
const MAX_BYTES = 600 * 1024;
const MAX_PAGES = 12;

/** The demo's cohort and generator (`synthcohort demo`: 2,500 AML patients, 30 % held out, cart). */
function demoReportHtml(): string {
  const seed = 1;
  const rng = Rng.from(seed).split('demo');
  const { table, schema } = simulate('aml', { patients: 2500, centres: 5, seed });
  const { training, holdout } = splitTable(table, 0.3, rng.split('split'));
  const model = fitModel(training, schema, 'cart', { seed });
  const synthetic = sampleModel(model, { rows: training.nRows, seed, excludeCopiesOf: training }).table;
  return renderReportHtml(
    validate(training, synthetic, {
      schema: model.schema,
      holdout,
      seed,
      model: provenanceOf(model, { fit: seed, sample: seed }),
    }),
  );
}

/** Pages of a PDF as Chromium writes it: one `/Type /Page` object per page. */
function pdfPages(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

describe.runIf(available)('report.html in Chromium', () => {
  let html = '';
  let page = '';
  let browser: Browser;
  let tab: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    html = demoReportHtml();
    mkdirSync(OUT, { recursive: true });
    page = join(OUT, 'report.html');
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

  it('opens offline and requests nothing', () => {
    // Nothing on the page points elsewhere (the SVG namespace is a name, not a request).
    expect(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(
      /(src|href)\s*=\s*"(https?:)?\/\/|url\(|@import/i,
    );
    expect(requests).toEqual([pathToFileURL(page).href]);
  });

  it('starts with a table of contents and the summary, then every section', async () => {
    const contents = await tab
      .locator('nav#contents a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    for (const id of SECTIONS) {
      expect(await tab.locator(`section#${id}`).count(), id).toBe(1);
      expect(contents, id).toContain(`#${id}`);
    }
    const order = await tab.locator('body > section').evaluateAll((s) => s.map((e) => e.id));
    expect(order[0]).toBe('summary');
    expect(await tab.locator('#summary .card').count()).toBe(3);
  });

  it('draws the charts a clinician looks for, each titled', async () => {
    const titles = await tab.locator('svg > title').allTextContents();
    for (const chart of [
      'Associations, real (below) and synthetic (above the diagonal)',
      'Kaplan–Meier: os',
      'Cox hazard ratios: os',
      'Prevalence of every 0/1 flag and mutation',
      'Distance to the closest training patient (Gower, 0 = an identical row, 1 = nothing alike)',
    ])
      expect(titles, chart).toContain(chart);
  });

  it(`stays under ${MAX_BYTES / 1024} KB and ${MAX_PAGES} printed A4 pages`, async () => {
    const pdf = await tab.pdf({ format: 'A4', printBackground: true });
    writeFileSync(join(OUT, 'report.pdf'), pdf);
    const pages = pdfPages(pdf);
    expect(pages).toBeGreaterThan(0);
    expect(
      { bytes: Buffer.byteLength(html) < MAX_BYTES, pages: pages <= MAX_PAGES },
      `${Buffer.byteLength(html)} bytes, ${pages} pages`,
    ).toEqual({ bytes: true, pages: true });
  });

  it('saves a screenshot of each section', async () => {
    for (const id of SECTIONS) {
      const file = join(OUT, `${id}.png`);
      await tab.locator(`section#${id}`).screenshot({ path: file });
      expect(existsSync(file), file).toBe(true);
    }
  });
});
