import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatCsv } from '../../data/csv/write.js';
import { fitModel, modelFileOf, sampleModel } from '../../generators/pipeline.js';
import { mergeCentreReports, ShareableReport } from '../../report/federated.js';
import { simulateAml } from '../../simulate/index.js';
import { validate } from '../../validate/index.js';
import { shareableReport } from '../../workflows/validate.js';
import { readAudit } from '../store/index.js';
import { API_PREFIX, CohortList, CohortSummary, Overview, Records, Report } from './api.js';
import { ensureCohort } from './cohorts.js';
import { REPORT_PAGE_CSP } from './routes-cohorts.js';
import {
  amlReviewFixture,
  type Caller,
  reviewTeam,
  SYNTHETIC_ROWS,
  uploadAmlCohort,
} from './routes-fixture.js';
import { openTestReviewApp, type TestReviewApp } from './test-support.js';

let t: TestReviewApp;
let coordinator: Caller;
let alice: Caller;
let bob: Caller;
let id: number;

beforeAll(async () => {
  t = await openTestReviewApp();
  ({ coordinator, alice, bob } = await reviewTeam(t));
  id = await uploadAmlCohort(coordinator);
}, 60_000);
afterAll(async () => t.close());

describe('creating a cohort', () => {
  test('a coordinator uploads CSV and model: version 1, every row a record, the model kept', async () => {
    const list = CohortList.parse((await coordinator.get('/cohorts')).json());
    const cohort = list.cohorts.find((c) => c.id === id);
    expect(cohort).toMatchObject({
      name: 'AML round',
      version: 1,
      parent: null,
      records: SYNTHETIC_ROWS,
      hasModel: true,
      hasReport: false,
      reviewed: 0,
    });
  });

  test('a reviewer may not upload', async () => {
    const fixture = amlReviewFixture();
    const reply = await alice.send('POST', '/cohorts', {
      name: 'mine',
      purpose: '',
      syntheticCsv: fixture.csv,
      model: fixture.model,
    });
    expect(reply.statusCode).toBe(403);
  });

  test('a damaged model, no schema at all, or a CSV column the schema lacks: 400 saying which', async () => {
    const fixture = amlReviewFixture();
    const damaged = await coordinator.send('POST', '/cohorts', {
      name: 'x',
      purpose: '',
      syntheticCsv: fixture.csv,
      model: fixture.model.replace('"copula"', '"cart"'),
    });
    expect(damaged.statusCode).toBe(400);
    expect(damaged.json().error).toMatch(/model.*checksum/);

    const none = await coordinator.send('POST', '/cohorts', {
      name: 'x',
      purpose: '',
      syntheticCsv: fixture.csv,
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().error).toMatch(/model file or, without one, its schema/);

    const extra = fixture.csv.replace(/^patient_id,/, 'nickname,');
    const wrong = await coordinator.send('POST', '/cohorts', {
      name: 'x',
      purpose: '',
      syntheticCsv: extra,
      schema: fixture.schema,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toContain("'nickname'");
  });

  test('with a schema instead of a model: no model, same records', async () => {
    const fixture = amlReviewFixture();
    const reply = await coordinator.send('POST', '/cohorts', {
      name: 'schema only',
      purpose: '',
      syntheticCsv: fixture.csv,
      schema: fixture.schema,
    });
    expect(reply.statusCode).toBe(201);
    expect(CohortSummary.parse(reply.json())).toMatchObject({ hasModel: false, records: SYNTHETIC_ROWS });
  });

  test('a report that is neither a validation nor a federated report is refused', async () => {
    const fixture = amlReviewFixture();
    const reply = await coordinator.send('POST', '/cohorts', {
      name: 'x',
      purpose: '',
      syntheticCsv: fixture.csv,
      model: fixture.model,
      report: JSON.stringify({ hello: 'world' }),
    });
    expect(reply.statusCode).toBe(400);
  });

  test('ensureCohort reopens the version-1 cohort of the same name and CSV, else makes one', async () => {
    const fixture = amlReviewFixture();
    const input = { name: 'site cohort', purpose: '', syntheticCsv: fixture.csv, model: fixture.model };
    const first = await ensureCohort(t.ctx, input, 'coord');
    const again = await ensureCohort(t.ctx, input, 'coord');
    expect(again.id).toBe(first.id);
    const other = await ensureCohort(
      t.ctx,
      { ...input, syntheticCsv: fixture.csv.replace(/\n[^\n]*\n?$/, '\n') },
      'coord',
    );
    expect(other.id).not.toBe(first.id);
    expect(other.records).toBe(SYNTHETIC_ROWS - 1);
  });

  test('the upload is audited with counts, never values', async () => {
    const entries = (await readAudit(t.ctx.store)).filter((e) => e.action === 'review.cohort-create');
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(entries[0]).toMatchObject({ actor: 'coord', subject: `cohort ${id}` });
    expect(entries[0].detail).toMatchObject({ records: SYNTHETIC_ROWS, model: true });
    const age = amlReviewFixture().synthetic.cell('age', 0);
    expect(JSON.stringify(entries)).not.toContain(`"${age}"`);
  });
});

describe('a model that holds real values (issue 12, hostile review)', () => {
  // A small cart model: its leaves keep real observed values (generators/cart/params.ts).
  const small = simulateAml({ patients: 120, centres: 1, seed: 5 });
  const cart = fitModel(small.table, small.schema, 'cart', { seed: 1 });
  const upload = {
    name: 'cart round',
    purpose: '',
    syntheticCsv: formatCsv(sampleModel(cart, { rows: 30, seed: 2 }).table, cart.schema),
    model: JSON.stringify(modelFileOf(cart)),
  };

  test('is refused on the hub (no site data): 400 saying where to review it, nothing stored', async () => {
    const before = await t.ctx.store.query<{ n: number }>('SELECT count(*)::int AS n FROM review_cohorts');
    const reply = await coordinator.send('POST', '/cohorts', upload);
    expect(reply.statusCode).toBe(400);
    expect(reply.json().error).toBe(
      "a cart model holds real patients' values; review it in the site's own app (`synthcohort review` at the site)",
    );
    const after = await t.ctx.store.query<{ n: number }>('SELECT count(*)::int AS n FROM review_cohorts');
    expect(after.rows[0].n).toBe(before.rows[0].n);
    const { rows } = await t.ctx.store.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM review_cohorts WHERE model LIKE \'%"cart"%\'',
    );
    expect(rows[0].n).toBe(0);
  });

  test('is taken at the site, whose own database keeps it', async () => {
    const site = await openTestReviewApp({ site: { ...small, file: 'aml.csv' } });
    try {
      const team = await reviewTeam(site);
      const reply = await team.coordinator.send('POST', '/cohorts', upload);
      expect(reply.statusCode, reply.body).toBe(201);
      expect(CohortSummary.parse(reply.json()).hasModel).toBe(true);
    } finally {
      await site.close();
    }
  }, 60_000);
});

describe('who sees a cohort', () => {
  test('an unassigned reviewer gets 404 for every route of it, and an empty list', async () => {
    expect(CohortList.parse((await bob.get('/cohorts')).json()).cohorts).toEqual([]);
    for (const path of ['records', 'overview', 'report', 'findings', 'summary'])
      expect((await bob.get(`/cohorts/${id}/${path}`)).statusCode, path).toBe(404);
    // the same answer as for a cohort that does not exist: ids do not leak
    expect((await bob.get(`/cohorts/${id}/records`)).json()).toEqual({ error: `no cohort ${id}` });
    expect((await bob.get('/cohorts/999/records')).json()).toEqual({ error: 'no cohort 999' });
  });

  test('assigned, a reviewer sees the cohort and all its records; unassigned again, 404', async () => {
    expect(
      (await coordinator.send('POST', `/cohorts/${id}/assignments`, { reviewer: 'alice' })).statusCode,
    ).toBe(204);
    expect(CohortList.parse((await alice.get('/cohorts')).json()).cohorts.map((c) => c.id)).toEqual([id]);
    const reply = await alice.get(`/cohorts/${id}/records`);
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    const records = Records.parse(reply.json());
    const fixture = amlReviewFixture();
    expect(records.rows).toHaveLength(SYNTHETIC_ROWS);
    expect(records.columns.map((c) => c.name)).toEqual(fixture.schema.columns.map((c) => c.name));
    const age = records.columns.findIndex((c) => c.name === 'age');
    expect(records.rows[5][age]).toBeCloseTo(Number(fixture.synthetic.cell('age', 5)), 1);
    expect((await bob.get(`/cohorts/${id}/records`)).statusCode).toBe(404);

    expect((await coordinator.send('DELETE', `/cohorts/${id}/assignments/alice`)).statusCode).toBe(204);
    expect((await alice.get(`/cohorts/${id}/records`)).statusCode).toBe(404);
    expect((await coordinator.send('DELETE', `/cohorts/${id}/assignments/alice`)).statusCode).toBe(404);
    expect(
      (await coordinator.send('POST', `/cohorts/${id}/assignments`, { reviewer: 'nobody' })).statusCode,
    ).toBe(404);
    expect((await alice.send('POST', `/cohorts/${id}/assignments`, { reviewer: 'alice' })).statusCode).toBe(
      403,
    );
    const assigns = (await readAudit(t.ctx.store)).filter((e) => e.action === 'review.assign');
    expect(assigns.map((e) => e.detail.assigned)).toEqual([true, false]);
  });
});

describe('step 1 and 2: overview and report', () => {
  test('the purpose is the coordinator’s to write; the overview shows it with the generator card', async () => {
    const purpose = 'Round 1: flag anything a haematologist would not believe.';
    expect((await coordinator.send('PUT', `/cohorts/${id}/purpose`, { purpose })).statusCode).toBe(204);
    expect((await alice.send('PUT', `/cohorts/${id}/purpose`, { purpose: 'no' })).statusCode).toBe(403);
    const overview = Overview.parse((await coordinator.get(`/cohorts/${id}/overview`)).json());
    expect(overview.purpose).toBe(purpose);
    expect(overview.card.syntheticRows).toBe(SYNTHETIC_ROWS);
    expect(overview.card.generator).toMatch(/copula/i);
    expect(overview.realData).toBeNull(); // the hub holds no real data
    expect(overview.changes).toBeNull();
  });

  test('without a report: no verdict, empty lists, no page', async () => {
    const report = Report.parse((await coordinator.get(`/cohorts/${id}/report`)).json());
    expect(report).toEqual({ verdict: null, discrepancies: [], centres: [], hasHtml: false });
    expect((await coordinator.get(`/cohorts/${id}/report.html`)).statusCode).toBe(404);
  });

  test('with a validation report: its digest, and its own page in a sandbox with no script', async () => {
    const fixture = amlReviewFixture();
    const validation = validate(fixture.real, fixture.synthetic, { schema: fixture.schema, seed: 1 });
    const withReport = await uploadAmlCohort(coordinator, { report: JSON.stringify(validation) });
    const report = Report.parse((await coordinator.get(`/cohorts/${withReport}/report`)).json());
    expect(report.verdict).toBe(validation.verdict);
    expect(report.hasHtml).toBe(true);
    expect(report.discrepancies.length).toBeGreaterThan(0);
    const page = await coordinator.get(`/cohorts/${withReport}/report.html`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toBe(REPORT_PAGE_CSP);
    // Sandboxed: same origin (a centre link must carry the session cookie), but no script, form or request.
    expect(REPORT_PAGE_CSP).toMatch(/^sandbox allow-same-origin;/);
    expect(REPORT_PAGE_CSP).not.toMatch(/allow-scripts|allow-forms|allow-top-navigation/);
    expect(REPORT_PAGE_CSP).toContain("default-src 'none'");
    expect(page.body).toMatch(/^<!doctype html>/);
    // the page needs no script: the sandbox allows none, so there must be none to break
    expect(page.body).not.toMatch(/<script/i);
    const summary = CohortSummary.parse(
      CohortList.parse((await coordinator.get('/cohorts')).json()).cohorts.find((c) => c.id === withReport),
    );
    expect(summary.hasReport).toBe(true);
  }, 60_000);
});

describe('step 2, a federated report: each centre’s own page', () => {
  // The fixture's real patients split between two centres, each validated as a node does; the second
  // name needs encoding in a URL (a slash, an ampersand, spaces) and has a `$&` a replace would expand.
  const names = ['C01', 'St Mary & co/ward 3 $&'];
  let federatedId: number;
  let localId: number;
  let verdicts: string[];

  beforeAll(async () => {
    const fixture = amlReviewFixture();
    const reports = names.map((_, i) =>
      validate(
        fixture.real.filter((row) => row % 2 === i),
        fixture.synthetic,
        { schema: fixture.schema, seed: 1 + i },
      ),
    );
    verdicts = reports.map((r) => r.verdict);
    const federated = mergeCentreReports(
      names.map((name, i) => ({ name, report: ShareableReport.parse(shareableReport(reports[i])) })),
    );
    federatedId = await uploadAmlCohort(coordinator, { report: JSON.stringify(federated) });
    localId = await uploadAmlCohort(coordinator, { report: JSON.stringify(reports[0]) });
  }, 60_000);

  /** The federated page's links to centres' pages, resolved as the browser does, less the API prefix. */
  async function centreLinks(caller: Caller): Promise<string[]> {
    const page = await caller.get(`/cohorts/${federatedId}/report.html`);
    expect(page.statusCode).toBe(200);
    const base = `http://review.test${API_PREFIX}/cohorts/${federatedId}/report.html`;
    return [...page.body.matchAll(/href="([^"#][^"]*)"/g)].map((m) => {
      const path = new URL(m[1].replaceAll('&amp;', '&'), base).pathname;
      expect(path.startsWith(API_PREFIX)).toBe(true);
      return path.slice(API_PREFIX.length);
    });
  }

  test('each centre link of the federated page opens that centre’s page, in the same sandbox', async () => {
    const links = await centreLinks(coordinator);
    expect(links).toEqual(names.map((n) => `/cohorts/${federatedId}/${encodeURIComponent(n)}/report.html`));
    for (const [i, link] of links.entries()) {
      const page = await coordinator.get(link);
      expect(page.statusCode, link).toBe(200);
      expect(page.headers['content-security-policy']).toBe(REPORT_PAGE_CSP);
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body).toMatch(/^<!doctype html>/);
      expect(page.body).not.toMatch(/<script/i);
      const escaped = names[i].replaceAll('&', '&amp;');
      expect(page.body).toContain(`Centre <strong>${escaped}</strong>'s own report, one of 2`);
      expect(page.body).toContain(
        `<h1>Synthetic data validation <span class="verdict ${verdicts[i]}">${verdicts[i]}</span></h1>`,
      );
      // the way back, resolved against the centre's page, is the federated page
      const back = new URL('../report.html', `http://review.test${API_PREFIX}${link}`).pathname;
      expect(back).toBe(`${API_PREFIX}/cohorts/${federatedId}/report.html`);
    }
  });

  test('the name is matched exactly once decoded: encoded otherwise it is found, in another case it is not', async () => {
    expect((await coordinator.get(`/cohorts/${federatedId}/%43%30%31/report.html`)).statusCode).toBe(200);
    expect((await coordinator.get(`/cohorts/${federatedId}/c01/report.html`)).statusCode).toBe(404);
  });

  test('an unknown centre, a local report, or no report: 404 saying so', async () => {
    const unknown = await coordinator.get(`/cohorts/${federatedId}/C99/report.html`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({
      error: `cohort ${federatedId}'s federated report has no centre 'C99'`,
    });
    const local = await coordinator.get(`/cohorts/${localId}/C01/report.html`);
    expect(local.statusCode).toBe(404);
    expect(local.json()).toEqual({ error: `cohort ${localId} came without a federated validation report` });
    // the local report's own page is still served, and links no centre
    const localPage = await coordinator.get(`/cohorts/${localId}/report.html`);
    expect(localPage.statusCode).toBe(200);
    expect(localPage.body).not.toContain('/report.html"');
    expect((await coordinator.get(`/cohorts/${id}/C01/report.html`)).statusCode).toBe(404);
  });

  test('a reviewer sees a centre’s page only while assigned the cohort; others get 404', async () => {
    const link = `/cohorts/${federatedId}/C01/report.html`;
    expect((await bob.get(link)).statusCode).toBe(404);
    expect((await bob.get(link)).json()).toEqual({ error: `no cohort ${federatedId}` });
    await coordinator.send('POST', `/cohorts/${federatedId}/assignments`, { reviewer: 'bob' });
    expect(await centreLinks(bob)).toHaveLength(2);
    expect((await bob.get(link)).statusCode).toBe(200);
    await coordinator.send('DELETE', `/cohorts/${federatedId}/assignments/bob`);
    expect((await bob.get(link)).statusCode).toBe(404);
  });
});

describe('ten thousand records', () => {
  test('the records answer is built once: a repeated request is fast and identical', async () => {
    const fixture = amlReviewFixture();
    const model = fitModel(fixture.real, fixture.schema, 'copula', { seed: 5 });
    const big = sampleModel(model, { rows: 10_000, seed: 6 }).table;
    const created = await coordinator.send('POST', '/cohorts', {
      name: 'big',
      purpose: '',
      syntheticCsv: formatCsv(big, fixture.schema),
      schema: fixture.schema,
    });
    expect(created.statusCode).toBe(201);
    const bigId = created.json().id;
    const first = await coordinator.get(`/cohorts/${bigId}/records`);
    expect(Records.parse(first.json()).rows).toHaveLength(10_000);
    const started = performance.now();
    const again = await coordinator.get(`/cohorts/${bigId}/records`);
    const ms = performance.now() - started;
    expect(again.body).toBe(first.body);
    expect(ms).toBeLessThan(200);
  }, 60_000);
});
