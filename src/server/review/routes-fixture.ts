/**
 * The routes' tests share one simulated AML cohort: the "real" table, a Gaussian-copula model fitted
 * on it, and ~300 synthetic rows as CSV text with a few planted records that break an obvious
 * clinical ordering (complete remission after death), which the schema does not declare, so that
 * reviewers flag them and the findings propose the rule. For tests only.
 */
import { formatCsv } from '../../data/csv/write.js';
import type { Schema } from '../../data/schema.js';
import { numberColumn, type Table } from '../../data/table.js';
import { fitModel, modelFileOf, sampleModel } from '../../generators/pipeline.js';
import { simulateAml } from '../../simulate/index.js';
import { API_PREFIX, type Role } from './api.js';
import type { TestReviewApp } from './test-support.js';

export interface AmlReviewFixture {
  /** The simulated "real" cohort and the schema it is read with. */
  readonly real: Table;
  readonly realSchema: Schema;
  /** The model's schema: the AML schema without `cr_days < os_days`. */
  readonly schema: Schema;
  /** The model file's JSON text. */
  readonly model: string;
  /** The synthetic cohort as CSV text, planted rows included. */
  readonly csv: string;
  readonly synthetic: Table;
  /** Synthetic rows whose remission (cr_days) comes after death or last follow-up (os_days). */
  readonly planted: readonly number[];
}

export const SYNTHETIC_ROWS = 300;
const PLANTED = 8;

/** The ordering the planted rows break (absent from the fixture's schema). */
export const PLANTED_RULE = { left: 'cr_days', right: 'os_days' } as const;

let built: AmlReviewFixture | undefined;

export function amlReviewFixture(): AmlReviewFixture {
  built ??= buildFixture();
  return built;
}

function buildFixture(): AmlReviewFixture {
  const { table: real, schema: realSchema } = simulateAml({ patients: 800, centres: 2, seed: 12 });
  const schema: Schema = {
    ...realSchema,
    rules: realSchema.rules.filter(
      (r) => !(r.type === 'compare' && r.left === PLANTED_RULE.left && r.right === PLANTED_RULE.right),
    ),
  };
  const model = fitModel(real, schema, 'copula', { seed: 3 });
  const sampled = sampleModel(model, { rows: SYNTHETIC_ROWS, seed: 4 }).table;
  const cr = Float64Array.from(sampled.numbers('cr_days'));
  const os = sampled.numbers('os_days');
  const planted: number[] = [];
  for (let row = 0; row < sampled.nRows && planted.length < PLANTED; row += 7) {
    if (Number.isNaN(cr[row])) continue;
    cr[row] = os[row] + 30;
    planted.push(row);
  }
  const synthetic = sampled.withColumn('cr_days', numberColumn(cr));
  return {
    real,
    realSchema,
    schema: model.schema,
    model: JSON.stringify(modelFileOf(model)),
    csv: formatCsv(synthetic, model.schema),
    synthetic,
    planted,
  };
}

/** A signed-in caller of the review API through `app.inject`. */
export interface Caller {
  readonly name: string;
  get(path: string): Promise<LightReply>;
  send(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<LightReply>;
}

export interface LightReply {
  readonly statusCode: number;
  readonly body: string;
  readonly headers: Record<string, string | string[] | number | undefined>;
  // biome-ignore lint/suspicious/noExplicitAny: as light-my-request's; tests parse with api.ts's schemas where the shape matters
  json(): any;
}

export async function callerFor(t: TestReviewApp, name: string, role: Role): Promise<Caller> {
  const { password } = await t.addUser(name, role);
  const { headers } = await t.login(name, password);
  return {
    name,
    get: (path) => t.app.inject({ method: 'GET', url: `${API_PREFIX}${path}`, headers }),
    send: (method, path, body) =>
      t.app.inject({
        method,
        url: `${API_PREFIX}${path}`,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      }),
  };
}

/** A coordinator and two reviewers, signed in. */
export async function reviewTeam(
  t: TestReviewApp,
): Promise<{ coordinator: Caller; alice: Caller; bob: Caller }> {
  return {
    coordinator: await callerFor(t, 'coord', 'coordinator'),
    alice: await callerFor(t, 'alice', 'reviewer'),
    bob: await callerFor(t, 'bob', 'reviewer'),
  };
}

/** The fixture's cohort uploaded by the coordinator; its id. */
export async function uploadAmlCohort(
  coordinator: Caller,
  extra: Record<string, unknown> = {},
): Promise<number> {
  const fixture = amlReviewFixture();
  const reply = await coordinator.send('POST', '/cohorts', {
    name: 'AML round',
    purpose: 'Judge whether these synthetic AML patients look like ours.',
    syntheticCsv: fixture.csv,
    model: fixture.model,
    ...extra,
  });
  if (reply.statusCode !== 201) throw new Error(`upload answered ${reply.statusCode}: ${reply.body}`);
  return reply.json().id;
}
