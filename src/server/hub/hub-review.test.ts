/**
 * The hub serves the clinician review app on its own HTTPS server and database (issue 12), on the
 * embedded database and on a PostgreSQL server: the coordinator account `hub init` made signs in,
 * the session cookie is `__Host-` prefixed, Secure, HTTP-only and SameSite=Strict, a cohort is
 * uploaded and listed, and the blinded test — which needs a site's own patients — is refused,
 * since the hub never holds any.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCsv } from '../../data/csv/write.js';
import { fitModel, modelFileOf, sampleModel } from '../../generators/pipeline.js';
import { simulateAml } from '../../simulate/index.js';
import { openServerStore } from '../store/index.js';
import type { DatabaseOption } from './database.js';
import { call, type HubFixture, hubWithNodes } from './test-support.js';

const serverUrl = process.env.SYNTHCOHORT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

function smallCohort() {
  const { table, schema } = simulateAml({ patients: 300, centres: 2, seed: 5 });
  const model = fitModel(table, schema, 'copula', { seed: 5 });
  const synthetic = sampleModel(model, { rows: 120, seed: 5 }).table;
  return { csv: formatCsv(synthetic, model.schema), model: JSON.stringify(modelFileOf(model)) };
}

function reviewOnHub(
  backend: string,
  database: () => DatabaseOption | undefined,
  cleanUp: () => Promise<void>,
) {
  describe(`the review app on the hub (${backend})`, () => {
    let f: HubFixture;
    beforeAll(async () => {
      f = await hubWithNodes(`hub-review ${backend}`, [], { database: database() });
    });
    afterAll(async () => {
      await f?.hub.close();
      if (f) rmSync(f.root, { recursive: true, force: true });
      await cleanUp();
    });

    it('signs in the coordinator hub init made, over HTTPS with a __Host- cookie, and takes a cohort', async () => {
      const page = await call(f.hub.url, f.caPem, 'GET', '/review/');
      expect(page.status).toBe(200);
      expect(page.text).toContain('<div id="app">');

      const login = await call(f.hub.url, f.caPem, 'POST', '/review/api/login', {
        body: JSON.stringify(f.reviewCoordinator),
      });
      expect(login.status).toBe(200);
      const setCookie = String(login.headers['set-cookie']);
      expect(setCookie).toMatch(/^__Host-synthcohort_review=/);
      expect(setCookie).toMatch(/; Secure/i);
      expect(setCookie).toMatch(/; HttpOnly/i);
      expect(setCookie).toMatch(/; SameSite=Strict/i);
      const headers = {
        cookie: setCookie.split(';')[0],
        'x-csrf-token': (login.json as { csrf: string }).csrf,
      };

      const wrong = await call(f.hub.url, f.caPem, 'POST', '/review/api/login', {
        body: JSON.stringify({ name: f.reviewCoordinator.name, password: 'not-the-password' }),
      });
      expect(wrong.status).toBe(401);

      const { csv, model } = smallCohort();
      const created = await call(f.hub.url, f.caPem, 'POST', '/review/api/cohorts', {
        body: JSON.stringify({
          name: 'consortium round 1',
          purpose: 'federated copula',
          syntheticCsv: csv,
          model,
        }),
        headers: { ...headers, 'content-type': 'application/json' },
      });
      expect(created.status).toBe(201);
      const id = (created.json as { id: number }).id;
      const list = await call(f.hub.url, f.caPem, 'GET', '/review/api/cohorts', { headers });
      expect((list.json as { cohorts: { id: number; records: number }[] }).cohorts).toEqual([
        expect.objectContaining({ id, records: 120 }),
      ]);
      const blinded = await call(f.hub.url, f.caPem, 'POST', `/review/api/cohorts/${id}/blinded`, {
        body: '{}',
        headers: { ...headers, 'content-type': 'application/json' },
      });
      expect(blinded.status).toBe(409);

      // The hub's own routes are untouched by the review plugin: no bearer token, no jobs.
      expect((await call(f.hub.url, f.caPem, 'GET', '/v1/nodes')).status).toBe(401);
    });
  });
}

reviewOnHub(
  'embedded PGlite',
  () => undefined,
  async () => {},
);

const schema = `hub_review_${randomBytes(6).toString('hex')}`;
reviewOnHub(
  'PostgreSQL server',
  () => ({ url: serverUrl, schema }),
  async () => {
    const admin = await openServerStore(serverUrl).catch(() => undefined);
    await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.close();
  },
);
