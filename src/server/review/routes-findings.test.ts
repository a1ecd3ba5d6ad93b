import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findingsCsv } from '../../review/index.js';
import { ReviewSummary } from '../../review/types.js';
import { readAudit } from '../store/index.js';
import { FindingList, IssueTypeList } from './api.js';
import { type Caller, callerFor, reviewTeam, SYNTHETIC_ROWS, uploadAmlCohort } from './routes-fixture.js';
import { downloadName } from './routes-summary.js';
import { openTestReviewApp, type TestReviewApp } from './test-support.js';

let t: TestReviewApp;
let coordinator: Caller;
let alice: Caller;
let bob: Caller;
let id: number;

const timeline = (records: number[]) => ({
  records,
  status: 'not-realistic',
  columns: ['cr_days', 'os_days'],
  issues: ['impossible-timeline'],
  comment: 'remission after death',
});
const realistic = (records: number[]) => ({ records, status: 'realistic' });

beforeAll(async () => {
  t = await openTestReviewApp();
  ({ coordinator, alice, bob } = await reviewTeam(t));
  id = await uploadAmlCohort(coordinator);
  for (const reviewer of ['alice', 'bob'])
    await coordinator.send('POST', `/cohorts/${id}/assignments`, { reviewer });
}, 60_000);
afterAll(async () => t.close());

describe('saving findings', () => {
  test('one verdict for several records saves a row per record, audited without values', async () => {
    const reply = await alice.send('POST', `/cohorts/${id}/findings`, timeline([7, 21, 42]));
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ saved: 3 });
    const entry = (await readAudit(t.ctx.store)).find((e) => e.action === 'review.finding');
    expect(entry).toMatchObject({
      actor: 'alice',
      detail: { cohort: id, records: 3, status: 'not-realistic' },
    });
  });

  test('a record outside the cohort, an unknown column or issue type: 400 naming it, nothing saved', async () => {
    const before = FindingList.parse((await alice.get(`/cohorts/${id}/findings`)).json()).findings.length;
    const outside = await alice.send('POST', `/cohorts/${id}/findings`, timeline([1, SYNTHETIC_ROWS]));
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error).toContain(`record ${SYNTHETIC_ROWS}`);
    const column = await alice.send('POST', `/cohorts/${id}/findings`, {
      ...timeline([1]),
      columns: ['cr_days', 'shoe_size'],
    });
    expect(column.statusCode).toBe(400);
    expect(column.json().error).toContain("'shoe_size'");
    const issue = await alice.send('POST', `/cohorts/${id}/findings`, {
      ...timeline([1]),
      issues: ['too-tall'],
    });
    expect(issue.statusCode).toBe(400);
    expect(issue.json().error).toContain("'too-tall'");
    const noIssue = await alice.send('POST', `/cohorts/${id}/findings`, { ...timeline([1]), issues: [] });
    expect(noIssue.statusCode).toBe(400);
    const after = FindingList.parse((await alice.get(`/cohorts/${id}/findings`)).json()).findings.length;
    expect(after).toBe(before);
  });

  test('a reviewer not assigned to the cohort cannot write to it', async () => {
    const carol = await callerFor(t, 'carol', 'reviewer');
    expect((await carol.send('POST', `/cohorts/${id}/findings`, realistic([0]))).statusCode).toBe(404);
  });

  test('the latest finding per record counts; a reviewer reads their own, a coordinator everyone’s', async () => {
    await alice.send('POST', `/cohorts/${id}/findings`, realistic([0, 1, 2, 3]));
    await alice.send('POST', `/cohorts/${id}/findings`, timeline([3]));
    await bob.send('POST', `/cohorts/${id}/findings`, realistic([0, 1, 2, 7]));
    await bob.send('POST', `/cohorts/${id}/findings`, timeline([3, 21, 42]));
    const own = FindingList.parse((await alice.get(`/cohorts/${id}/findings`)).json()).findings;
    expect(new Set(own.map((f) => f.reviewer))).toEqual(new Set(['alice']));
    expect(own.map((f) => f.record)).toEqual([0, 1, 2, 3, 7, 21, 42]);
    expect(own.find((f) => f.record === 3)).toMatchObject({
      status: 'not-realistic',
      issues: ['impossible-timeline'],
    });
    expect(own.find((f) => f.record === 0)).toMatchObject({ status: 'realistic', columns: [], issues: [] });
    const all = FindingList.parse((await coordinator.get(`/cohorts/${id}/findings`)).json()).findings;
    expect(all).toHaveLength(7 + 7);
  });
});

describe('issue types', () => {
  test('the shipped taxonomy, extended by a coordinator only, once per id', async () => {
    const shipped = IssueTypeList.parse((await alice.get('/issue-types')).json()).issueTypes;
    expect(shipped.map((i) => i.id)).toContain('impossible-timeline');
    expect(shipped.every((i) => i.builtIn)).toBe(true);
    const type = {
      id: 'dose-implausible',
      label: 'Implausible dose',
      description: 'A dose no protocol gives',
    };
    expect((await alice.send('POST', '/issue-types', type)).statusCode).toBe(403);
    const created = await coordinator.send('POST', '/issue-types', type);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ ...type, builtIn: false });
    expect((await coordinator.send('POST', '/issue-types', type)).statusCode).toBe(409);
    expect(
      (await coordinator.send('POST', '/issue-types', { ...type, id: 'impossible-timeline' })).statusCode,
    ).toBe(409);
    const listed = IssueTypeList.parse((await alice.get('/issue-types')).json()).issueTypes;
    expect(listed.at(-1)).toEqual({ ...type, builtIn: false });
    const used = await alice.send('POST', `/cohorts/${id}/findings`, {
      records: [100],
      status: 'not-realistic',
      issues: ['dose-implausible'],
    });
    expect(used.statusCode).toBe(200);
  });
});

describe('step 4: summary and exports', () => {
  test('counts, issues per column and type, a kappa over records both reviewers saw, ratings', async () => {
    expect(
      (await alice.send('POST', `/cohorts/${id}/rating`, { score: 4, comment: 'typical ward' })).statusCode,
    ).toBe(204);
    expect((await bob.send('POST', `/cohorts/${id}/rating`, { score: 1 })).statusCode).toBe(204);
    expect((await bob.send('POST', `/cohorts/${id}/rating`, { score: 2 })).statusCode).toBe(204); // replaces his 1
    expect((await bob.send('POST', `/cohorts/${id}/rating`, { score: 6 })).statusCode).toBe(400);
    const summary = ReviewSummary.parse((await alice.get(`/cohorts/${id}/summary`)).json());
    expect(summary.records).toBe(SYNTHETIC_ROWS);
    // records 0 1 2 3 7 21 42 (both) and 100 (alice): 8 reviewed
    expect(summary.reviewed).toBe(8);
    expect(summary.pending).toBe(SYNTHETIC_ROWS - 8);
    expect(summary.realistic + summary.notRealistic).toBe(8);
    expect(summary.reviewers.map((r) => r.name).sort()).toEqual(['alice', 'bob']);
    expect(summary.issues).toContainEqual({ column: 'cr_days', issue: 'impossible-timeline', findings: 7 });
    expect(summary.agreement.records).toBe(7);
    expect(summary.agreement.kappa).not.toBeNull();
    expect(summary.ratings.map((r) => r.score).sort()).toEqual([2, 4]);
    expect(summary.meanRating).toBe(3);
  });

  test('export.json parses and names the cohort; a reviewer’s holds only their own findings', async () => {
    const reply = await coordinator.get(`/cohorts/${id}/export.json`);
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-disposition']).toBe('attachment; filename="AML-round-v1-review.json"');
    const body = JSON.parse(reply.body);
    expect(body.cohort).toMatchObject({ id, name: 'AML round', version: 1 });
    expect(ReviewSummary.parse(body.summary).reviewed).toBe(8);
    expect(body.findings).toHaveLength(15);
    expect(body.ratings).toHaveLength(2);
    const mine = JSON.parse((await bob.get(`/cohorts/${id}/export.json`)).body);
    expect(new Set(mine.findings.map((f: { reviewer: string }) => f.reviewer))).toEqual(new Set(['bob']));
  });

  test('export.csv: the findings table with its header, as an attachment', async () => {
    const reply = await coordinator.get(`/cohorts/${id}/export.csv`);
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^text\/csv/);
    expect(reply.headers['content-disposition']).toBe('attachment; filename="AML-round-v1-review.csv"');
    const lines = reply.body.trim().split(/\r?\n/);
    expect(lines[0]).toBe(findingsCsv([]).trim().split(/\r?\n/)[0]);
    expect(lines[0]).toMatch(/record/);
    expect(lines[0]).toMatch(/reviewer/);
    expect(lines).toHaveLength(1 + 15);
  });

  test('a download name keeps no quote, slash or dot-prefix of the cohort name', () => {
    const cohort = { name: '../"evil"\r\nname', version: 2 } as Parameters<typeof downloadName>[0];
    expect(downloadName(cohort, 'csv')).toBe('evil-name-v2-review.csv');
    expect(downloadName({ ...cohort, name: '"""' }, 'json')).toBe('cohort-v2-review.json');
  });

  test('an unassigned reviewer gets no summary or export', async () => {
    await coordinator.send('DELETE', `/cohorts/${id}/assignments/bob`);
    for (const path of ['summary', 'export.json', 'export.csv'])
      expect((await bob.get(`/cohorts/${id}/${path}`)).statusCode, path).toBe(404);
    await coordinator.send('POST', `/cohorts/${id}/assignments`, { reviewer: 'bob' });
  });
});
