import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readAudit } from '../store/index.js';
import { CohortList, CohortSummary, Overview, ProposalList, Records } from './api.js';
import {
  amlReviewFixture,
  type Caller,
  PLANTED_RULE,
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

/** Rows of a records answer whose remission comes on or after death / last follow-up. */
function breaking(records: ReturnType<typeof Records.parse>): number[] {
  const cr = records.columns.findIndex((c) => c.name === PLANTED_RULE.left);
  const os = records.columns.findIndex((c) => c.name === PLANTED_RULE.right);
  return records.rows.flatMap((row, i) =>
    typeof row[cr] === 'number' && typeof row[os] === 'number' && (row[cr] as number) >= (row[os] as number)
      ? [i]
      : [],
  );
}

const isPlantedRule = (rule: unknown) =>
  typeof rule === 'object' &&
  rule !== null &&
  (rule as { type?: string }).type === 'compare' &&
  (rule as { left?: string }).left === PLANTED_RULE.left &&
  (rule as { right?: string }).right === PLANTED_RULE.right;

beforeAll(async () => {
  t = await openTestReviewApp();
  ({ coordinator, alice, bob } = await reviewTeam(t));
  id = await uploadAmlCohort(coordinator);
  for (const reviewer of ['alice', 'bob'])
    await coordinator.send('POST', `/cohorts/${id}/assignments`, { reviewer });
  const { planted } = amlReviewFixture();
  // Both reviewers flag the planted records as an impossible timeline; a few others look fine.
  for (const reviewer of [alice, bob]) {
    const saved = await reviewer.send('POST', `/cohorts/${id}/findings`, {
      records: [...planted],
      status: 'not-realistic',
      columns: [PLANTED_RULE.left, PLANTED_RULE.right],
      issues: ['impossible-timeline'],
      comment: 'complete remission after death',
    });
    expect(saved.statusCode).toBe(200);
    await reviewer.send('POST', `/cohorts/${id}/findings`, { records: [0, 1, 2, 3], status: 'realistic' });
  }
}, 60_000);
afterAll(async () => t.close());

describe('proposals', () => {
  test('the planted records propose the ordering they break, with those records as motivation', async () => {
    const fixture = amlReviewFixture();
    const before = Records.parse((await coordinator.get(`/cohorts/${id}/records`)).json());
    expect(breaking(before)).toEqual(fixture.planted);
    const reply = await coordinator.get(`/cohorts/${id}/proposals`);
    expect(reply.statusCode).toBe(200);
    const { proposals } = ProposalList.parse(reply.json());
    const proposal = proposals.find((p) => isPlantedRule(p.rule));
    expect(proposal, JSON.stringify(proposals.map((p) => p.description))).toBeDefined();
    expect(proposal!.kind).toBe('ordering');
    expect(proposal!.decision).toBe('pending');
    expect(proposal!.motivatingRecords).toEqual(expect.arrayContaining([...fixture.planted]));
    expect(proposal!.cohortBreaking).toBe(fixture.planted.length);
  });

  test('only a coordinator reads proposals, decides or regenerates', async () => {
    expect((await alice.get(`/cohorts/${id}/proposals`)).statusCode).toBe(403);
    expect(
      (await alice.send('POST', `/cohorts/${id}/proposals/anything`, { decision: 'accepted' })).statusCode,
    ).toBe(403);
    expect((await alice.send('POST', `/cohorts/${id}/regenerate`, {})).statusCode).toBe(403);
  });

  test('a key that is not a proposal of this cohort is 404; regenerating with nothing accepted is 409', async () => {
    expect(
      (await coordinator.send('POST', `/cohorts/${id}/proposals/nope`, { decision: 'accepted' })).statusCode,
    ).toBe(404);
    const early = await coordinator.send('POST', `/cohorts/${id}/regenerate`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatch(/accept at least one/);
  });

  test('a decision is stored, shown, and undone by pending', async () => {
    const { proposals } = ProposalList.parse((await coordinator.get(`/cohorts/${id}/proposals`)).json());
    const key = proposals.find((p) => isPlantedRule(p.rule))!.key;
    expect(
      (await coordinator.send('POST', `/cohorts/${id}/proposals/${key}`, { decision: 'rejected' }))
        .statusCode,
    ).toBe(204);
    const decided = ProposalList.parse((await coordinator.get(`/cohorts/${id}/proposals`)).json()).proposals;
    expect(decided.find((p) => p.key === key)!.decision).toBe('rejected');
    await coordinator.send('POST', `/cohorts/${id}/proposals/${key}`, { decision: 'pending' });
    const { rows } = await t.ctx.store.query('SELECT 1 FROM review_decisions WHERE cohort_id = $1', [id]);
    expect(rows).toHaveLength(0);
    const audit = (await readAudit(t.ctx.store)).filter((e) => e.action === 'review.decision');
    expect(audit.map((e) => e.detail.decision)).toEqual(['rejected', 'pending']);
  });
});

describe('regeneration', () => {
  test('accepting the rule and regenerating gives version 2 with no record breaking it', async () => {
    const { proposals } = ProposalList.parse((await coordinator.get(`/cohorts/${id}/proposals`)).json());
    const key = proposals.find((p) => isPlantedRule(p.rule))!.key;
    expect(
      (await coordinator.send('POST', `/cohorts/${id}/proposals/${key}`, { decision: 'accepted' }))
        .statusCode,
    ).toBe(204);
    const reply = await coordinator.send('POST', `/cohorts/${id}/regenerate`, { seed: 2 });
    expect(reply.statusCode, reply.body).toBe(201);
    const next = CohortSummary.parse(reply.json());
    expect(next).toMatchObject({
      name: 'AML round',
      version: 2,
      parent: id,
      records: SYNTHETIC_ROWS,
      hasModel: true,
      hasReport: false,
    });

    // the reviewers assigned to round 1 see round 2
    expect(CohortList.parse((await alice.get('/cohorts')).json()).cohorts.map((c) => c.id)).toContain(
      next.id,
    );
    const records = Records.parse((await alice.get(`/cohorts/${next.id}/records`)).json());
    expect(records.rows).toHaveLength(SYNTHETIC_ROWS);
    expect(breaking(records)).toEqual([]);

    const overview = Overview.parse((await alice.get(`/cohorts/${next.id}/overview`)).json());
    expect(overview.changes).not.toBeNull();
    expect(overview.changes).toMatchObject({ fromVersion: 1, toVersion: 2 });
    const change = overview.changes!.rules[0];
    expect(change.breakingBefore).toBe(amlReviewFixture().planted.length);
    expect(change.breakingAfter).toBe(0);
    expect(overview.changes!.notRealisticBefore).toBeGreaterThan(0);
    expect(overview.changes!.notes?.join(' ')).toMatch(/report/);
    // the accepted rule is in the new schema: the card lists it
    expect(overview.card.rules.map((r) => r.description)).toContain(
      proposals.find((p) => p.key === key)!.description,
    );
    const audit = (await readAudit(t.ctx.store)).filter((e) => e.action === 'review.regenerate');
    expect(audit).toHaveLength(1);
    expect(audit[0].detail).toMatchObject({ from: id, version: 2, rules: 1 });

    // Round 1 has its next version: a second regeneration would fork the review.
    const again = await coordinator.send('POST', `/cohorts/${id}/regenerate`, { seed: 3 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatch(/regenerated already, as version 2/);
  }, 120_000);

  test('a cohort uploaded without its model cannot be regenerated: 409 saying why', async () => {
    const fixture = amlReviewFixture();
    const created = await coordinator.send('POST', '/cohorts', {
      name: 'no model',
      purpose: '',
      syntheticCsv: fixture.csv,
      schema: fixture.schema,
    });
    const reply = await coordinator.send('POST', `/cohorts/${created.json().id}/regenerate`, {});
    expect(reply.statusCode).toBe(409);
    expect(reply.json().error).toMatch(/without its model/);
  });
});
