import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BlindedScore } from '../../review/types.js';
import type { Store } from '../store/index.js';
import { BlindedDeck, Overview, Records } from './api.js';
import { DECKS_PER_COHORT, NO_MODEL, NO_SITE_DATA, REAL_RECORDS_CAP } from './routes-blinded.js';
import { amlReviewFixture, type Caller, reviewTeam, uploadAmlCohort } from './routes-fixture.js';
import { openTestReviewApp, type TestReviewApp } from './test-support.js';

/** Every row of every table in the database as text: what a dump of it would show. */
async function dumpDatabase(store: Store): Promise<string> {
  const { rows } = await store.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
  );
  const parts: string[] = [];
  for (const { table_name } of rows) {
    const dump = await store.query<{ line: string }>(`SELECT t::text AS line FROM "${table_name}" t`);
    parts.push(...dump.rows.map((r) => r.line));
  }
  return parts.join('\n');
}

describe('without the site’s data (the hub)', () => {
  let t: TestReviewApp;
  afterAll(async () => t?.close());

  test('blinded mode answers 409 and says how to get it', async () => {
    t = await openTestReviewApp();
    const { coordinator } = await reviewTeam(t);
    const id = await uploadAmlCohort(coordinator);
    const reply = await coordinator.send('POST', `/cohorts/${id}/blinded`, { size: 10 });
    expect(reply.statusCode).toBe(409);
    expect(reply.json().error).toBe(NO_SITE_DATA);
  }, 60_000);
});

describe('at the site, with its data', () => {
  let t: TestReviewApp;
  let coordinator: Caller;
  let alice: Caller;
  let bob: Caller;
  let id: number;
  let deck: BlindedDeck;

  beforeAll(async () => {
    const fixture = amlReviewFixture();
    t = await openTestReviewApp({
      site: { table: fixture.real, schema: fixture.realSchema, file: 'aml.csv' },
    });
    ({ coordinator, alice, bob } = await reviewTeam(t));
    id = await uploadAmlCohort(coordinator);
    for (const reviewer of ['alice', 'bob'])
      await coordinator.send('POST', `/cohorts/${id}/assignments`, { reviewer });
    const reply = await alice.send('POST', `/cohorts/${id}/blinded`, { size: 20 });
    expect(reply.statusCode, reply.body).toBe(201);
    deck = BlindedDeck.parse(reply.json());
  }, 60_000);
  afterAll(async () => t.close());

  test('the overview shows the site’s real data as suppressed aggregates', async () => {
    const overview = Overview.parse((await alice.get(`/cohorts/${id}/overview`)).json());
    expect(overview.realData).not.toBeNull();
    expect(overview.realData!.patients).toBe(800);
    expect(overview.realData!.columns.map((c) => c.name)).toContain('age');
  });

  test('a deck of the asked size, half real, the truth kept only as a flag', async () => {
    expect(deck.items.map((i) => i.item)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(deck.columns.some((c) => c.role === 'id')).toBe(false);
    const { rows } = await t.ctx.store.query<{ is_real: boolean }>(
      'SELECT is_real FROM review_blinded_items WHERE deck_id = $1 ORDER BY item',
      [deck.deck],
    );
    expect(rows.filter((r) => r.is_real)).toHaveLength(10);
  });

  test('no value of a real row the deck showed is stored anywhere in the database', async () => {
    const fixture = amlReviewFixture();
    const truth = await t.ctx.store.query<{ item: number; is_real: boolean }>(
      'SELECT item, is_real FROM review_blinded_items WHERE deck_id = $1',
      [deck.deck],
    );
    const realItems = truth.rows.filter((r) => r.is_real).map((r) => deck.items[r.item]);
    // They are real rows: each one's ages and counts are found in the real table (the test can fail).
    const age = deck.columns.findIndex((c) => c.name === 'age');
    const realAges = new Set(Array.from(fixture.real.numbers('age'), (a) => Math.round(a * 10) / 10));
    for (const item of realItems)
      expect(realAges.has(Math.round(Number(item.values[age]) * 10) / 10)).toBe(true);

    const dump = await dumpDatabase(t.ctx.store);
    expect(dump).toContain(deck.deck); // the dump does hold this deck's rows
    for (const item of realItems) {
      expect(dump).not.toContain(JSON.stringify(item.values));
      // any five neighbouring values with two fractional numbers among them, as JSON or as CSV (fewer
      // match synthetic rows by chance: `male,1,16.7` is a plausible synthetic patient too)
      for (let k = 0; k + 5 <= item.values.length; k++) {
        const window = item.values.slice(k, k + 5);
        if (window.filter((v) => typeof v === 'number' && !Number.isInteger(v)).length < 2) continue;
        expect(dump).not.toContain(JSON.stringify(window).slice(1, -1));
        expect(dump).not.toContain(window.map((v) => (v === null ? '' : String(v))).join(','));
      }
    }
  });

  test('guesses: once per item, own deck only, scored against the truth', async () => {
    const truth = await t.ctx.store.query<{ item: number; is_real: boolean }>(
      'SELECT item, is_real FROM review_blinded_items WHERE deck_id = $1 ORDER BY item',
      [deck.deck],
    );
    // Alice calls everything "real": right on exactly the real half.
    for (const { item } of truth.rows) {
      const reply = await alice.send('POST', `/blinded/${deck.deck}/guesses`, { item, guess: 'real' });
      expect(reply.statusCode).toBe(200);
      expect(reply.json()).toEqual({ recorded: true });
    }
    const again = await alice.send('POST', `/blinded/${deck.deck}/guesses`, { item: 0, guess: 'synthetic' });
    expect(again.statusCode).toBe(409);
    expect(
      (await alice.send('POST', `/blinded/${deck.deck}/guesses`, { item: 99, guess: 'real' })).statusCode,
    ).toBe(404);
    expect(
      (await bob.send('POST', `/blinded/${deck.deck}/guesses`, { item: 0, guess: 'real' })).statusCode,
    ).toBe(404);

    const score = BlindedScore.parse((await alice.get(`/cohorts/${id}/blinded/score`)).json());
    expect(score).toMatchObject({
      guesses: 20,
      correct: 10,
      realCalledSynthetic: 0,
      syntheticCalledReal: 10,
    });
    expect(score.accuracy).toBe(0.5);
    // Bob has guessed nothing; the coordinator sees everyone's.
    expect(BlindedScore.parse((await bob.get(`/cohorts/${id}/blinded/score`)).json()).guesses).toBe(0);
    expect(BlindedScore.parse((await coordinator.get(`/cohorts/${id}/blinded/score`)).json()).guesses).toBe(
      20,
    );
  });

  test('a second deck is a new deck, dealt afresh', async () => {
    const reply = await alice.send('POST', `/cohorts/${id}/blinded`, { size: 20 });
    expect(reply.statusCode).toBe(201);
    const second = BlindedDeck.parse(reply.json());
    expect(second.deck).not.toBe(deck.deck);
    expect(second.items.map((i) => i.values)).not.toEqual(deck.items.map((i) => i.values));
  });

  test('decks and guesses are audited with ids and items, not values', async () => {
    const { rows } = await t.ctx.store.query<{ action: string; detail: Record<string, unknown> }>(
      "SELECT action, detail FROM audit_log WHERE action LIKE 'review.blinded%' ORDER BY seq",
    );
    expect(rows[0]).toMatchObject({ action: 'review.blinded-deck', detail: { deck: deck.deck, items: 20 } });
    expect(rows.filter((r) => r.action === 'review.blinded-deck')).toHaveLength(2);
    expect(rows.filter((r) => r.action === 'review.blinded-guess')).toHaveLength(20);
  });

  // The hostile review's attacks (issue 12): each test below failed before its fix.

  test('the synthetic half is sampled afresh: no deck item is among the cohort’s records', async () => {
    const records = Records.parse((await alice.get(`/cohorts/${id}/records`)).json());
    const at = deck.columns.map((c) => records.columns.findIndex((r) => r.name === c.name));
    const shown = new Set(records.rows.map((row) => JSON.stringify(at.map((i) => row[i]))));
    // The reviewer's oracle, "not among the records, so real", is now a coin: it calls every item real.
    expect(deck.items.filter((item) => shown.has(JSON.stringify(item.values)))).toEqual([]);
    // And the fresh rows read like the records: numbers with the CSV's decimals, not the sampler's.
    const age = deck.columns.findIndex((c) => c.name === 'age');
    for (const item of deck.items) {
      const value = item.values[age];
      if (typeof value === 'number') expect(String(value).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(2);
    }
  });

  test('a cohort without its model gets no deck: 409 saying why', async () => {
    const fixture = amlReviewFixture();
    const bare = await uploadAmlCohort(coordinator, { model: undefined, schema: fixture.schema });
    const reply = await coordinator.send('POST', `/cohorts/${bare}/blinded`, { size: 10 });
    expect(reply.statusCode).toBe(409);
    expect(reply.json().error).toBe(NO_MODEL);
  });

  test('the score counts a deck only once every item is guessed', async () => {
    const second = BlindedDeck.parse(
      (await alice.send('POST', `/cohorts/${id}/blinded`, { size: 20 })).json(),
    );
    const score = async () => BlindedScore.parse((await alice.get(`/cohorts/${id}/blinded/score`)).json());
    const before = await score(); // the first deck, finished above
    expect(before.guesses).toBe(20);
    for (const { item } of second.items.slice(0, -1)) {
      expect(
        (await alice.send('POST', `/blinded/${second.deck}/guesses`, { item, guess: 'real' })).statusCode,
      ).toBe(200);
      // Re-reading the score after each guess tells nothing about that guess.
      expect(await score()).toEqual(before);
    }
    const coordinatorBefore = BlindedScore.parse(
      (await coordinator.get(`/cohorts/${id}/blinded/score`)).json(),
    );
    expect(coordinatorBefore.guesses).toBe(20);
    const last = second.items.at(-1)!.item;
    await alice.send('POST', `/blinded/${second.deck}/guesses`, { item: last, guess: 'real' });
    expect((await score()).guesses).toBe(40);
    expect((await score()).correct).toBe(20); // "real" throughout: right on each deck's real half
  });

  test(`decks are capped: ${DECKS_PER_COHORT} per cohort, ${REAL_RECORDS_CAP} real records per reviewer`, async () => {
    // Alice has had three decks of 20 (30 real): the cohort's deck cap refuses a fourth.
    const fourth = await alice.send('POST', `/cohorts/${id}/blinded`, { size: 200 });
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json().error).toMatch(/blinded decks of this cohort/);
    // Bob asks for 200 at once: he is dealt REAL_RECORDS_CAP real records and no more, ever.
    const big = BlindedDeck.parse((await bob.send('POST', `/cohorts/${id}/blinded`, { size: 200 })).json());
    expect(big.items).toHaveLength(2 * REAL_RECORDS_CAP);
    const more = await bob.send('POST', `/cohorts/${id}/blinded`, { size: 4 });
    expect(more.statusCode).toBe(409);
    expect(more.json().error).toMatch(/real records/);
    const { rows } = await t.ctx.store.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM review_blinded_items i JOIN review_blinded_decks d ON d.id = i.deck_id
         WHERE d.reviewer = 'bob' AND i.is_real`,
    );
    expect(rows[0].n).toBe(REAL_RECORDS_CAP);
  });

  test('an unassigned reviewer can no longer guess nor read the score', async () => {
    const { rows } = await t.ctx.store.query<{ id: string }>(
      "SELECT id FROM review_blinded_decks WHERE reviewer = 'bob'",
    );
    expect(rows).toHaveLength(1);
    const guess = () => bob.send('POST', `/blinded/${rows[0].id}/guesses`, { item: 0, guess: 'real' });
    expect((await coordinator.send('DELETE', `/cohorts/${id}/assignments/bob`)).statusCode).toBe(204);
    expect((await guess()).statusCode).toBe(404);
    expect((await bob.get(`/cohorts/${id}/blinded/score`)).statusCode).toBe(404);
    // Assigned again, the same guess is taken: the refusal was the assignment, not the deck.
    await coordinator.send('POST', `/cohorts/${id}/assignments`, { reviewer: 'bob' });
    expect((await guess()).statusCode).toBe(200);
  });
});
