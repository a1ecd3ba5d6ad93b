/**
 * Blinded mode, a visual Turing test for a site's own reviewers: a deck mixes the site's real
 * records with synthetic ones, the reviewer guesses which is which, the score says whether they
 * could tell. Only an app started at the site with its data offers it.
 *
 * The real rows go to this reviewer's browser in the deck's answer and nowhere else: the database
 * keeps, per item, whether it was real and the guess — never a value.
 *
 * What a hostile review showed, and what answers it:
 * - The synthetic half is sampled afresh from the cohort's model for each deck, never taken from
 *   the cohort's records: a reviewer can download those, and any deck row not among them was real.
 * - Real records dealt are capped per reviewer (REAL_RECORDS_CAP, DECKS_PER_COHORT): decks are
 *   otherwise a way to read the whole real table, a deck of 200 at a time.
 * - A deck counts in the score only once every item is guessed: a score updated after each guess
 *   says whether that one guess was right, i.e. the item's truth.
 * - A guess needs the deck's cohort still visible to the reviewer (unassigned means done).
 */
import type { FastifyInstance } from 'fastify';
import { formatCsv } from '../../data/csv/write.js';
import type { Table } from '../../data/table.js';
import { loadModel } from '../../generators/load.js';
import { sampleModel } from '../../generators/pipeline.js';
import type { RandomBits } from '../../privacy/random-bits.js';
import { dealBlindedDeck, scoreBlinded } from '../../review/index.js';
import { tableFromCsvText } from '../../workflows/validate.js';
import { bodyOf, idParam, sendJson } from '../hub/http.js';
import { appendAudit, HubStateError, type Queryable } from '../store/index.js';
import { integerOf } from '../store/store.js';
import { type BlindedDeck, BlindedDeckRequest, BlindedGuess, type User } from './api.js';
import { type Cohort, visibleCohort } from './cohorts.js';
import { type ReviewContext, userOf } from './context.js';

export const NO_SITE_DATA =
  "blinded mode needs the site's own data: start `synthcohort review` at the site with its data";

export const NO_MODEL =
  "blinded mode deals its synthetic records afresh from the cohort's model, and this cohort has none: start `synthcohort review` with --model";

/**
 * Decks one reviewer may be dealt per cohort. Three decks of 20 are plenty for a Turing test per
 * round (the test's power grows with guesses, not decks), and few enough that decks are no way to
 * page through the site's table.
 */
export const DECKS_PER_COHORT = 3;

/**
 * Real records one reviewer may be shown in all, over every cohort of this app: every cohort of a
 * site's app is tested against the same real table, so a cap per cohort alone would grow with each
 * regeneration. 60 is three decks of 40 items — enough for a few rounds, a small share of any registry.
 */
export const REAL_RECORDS_CAP = 60;

/** 128 random bits as hex: a deck id nobody can guess. */
function deckId(bits: RandomBits): string {
  return Array.from({ length: 4 }, () => bits.nextUint32().toString(16).padStart(8, '0')).join('');
}

export function blindedRoutes(ctx: ReviewContext) {
  return async (app: FastifyInstance) => {
    app.post('/cohorts/:id/blinded', async (request, reply) => {
      const user = userOf(request);
      const cohort = await visibleCohort(ctx.store, user, idParam(request, 'id'));
      const { size } = bodyOf(request, BlindedDeckRequest);
      const site = ctx.site;
      if (!site) throw new HubStateError('conflict', NO_SITE_DATA);
      if (cohort.model === null) throw new HubStateError('conflict', NO_MODEL);
      const now = new Date(ctx.clock());
      // Sampled before the transaction, as many as the deck could take: loading a model and
      // sampling inside it would hold the embedded database's one connection from every request.
      // Drawn from the app's stream itself: a split by a fixed label would repeat under seeded bits.
      const most = Math.min(Math.floor(size / 2), site.table.nRows);
      const sampled = freshSynthetic(cohort, most, ctx.bits.nextUint32());
      const { deck, dealt } = await ctx.store.transaction(async (tx) => {
        // One deal at a time per reviewer: two requests at once would both pass the caps.
        await tx.query('SELECT name FROM review_users WHERE name = $1 FOR UPDATE', [user.name]);
        const half = Math.min(most, await realLeft(tx, user, cohort));
        const dealt = dealBlindedDeck({
          real: site.table,
          synthetic: sampled.take(Uint32Array.from({ length: half }, (_, i) => i)),
          schema: cohort.schema,
          size: 2 * half,
          seed: ctx.bits.nextUint32(),
        });
        const deck = deckId(ctx.bits);
        await tx.query(
          'INSERT INTO review_blinded_decks (id, cohort_id, reviewer, created_at) VALUES ($1, $2, $3, $4)',
          [deck, cohort.id, user.name, now],
        );
        await tx.query(
          `INSERT INTO review_blinded_items (deck_id, item, is_real)
             SELECT $1, i - 1, r FROM unnest($2::boolean[]) WITH ORDINALITY AS t(r, i)`,
          [deck, dealt.items.map((item) => item.real)],
        );
        await appendAudit(
          tx,
          {
            actor: user.name,
            action: 'review.blinded-deck',
            subject: `cohort ${cohort.id}`,
            detail: { cohort: cohort.id, deck, items: dealt.items.length },
          },
          now,
        );
        return { deck, dealt };
      });
      const answer: BlindedDeck = {
        deck,
        columns: dealt.columns,
        items: dealt.items.map((item, i) => ({ item: i, values: item.values })),
      };
      return reply
        .header('cache-control', 'no-store')
        .code(201)
        .type('application/json')
        .send(JSON.stringify(answer));
    });

    app.post('/blinded/:deck/guesses', async (request, reply) => {
      const user = userOf(request);
      const deck = (request.params as { deck: string }).deck;
      const { item, guess } = bodyOf(request, BlindedGuess);
      const now = new Date(ctx.clock());
      await ctx.store.transaction(async (tx) => {
        const owned = await tx.query<{ cohort_id: unknown }>(
          'SELECT cohort_id FROM review_blinded_decks WHERE id = $1 AND reviewer = $2',
          [deck, user.name],
        );
        // Another reviewer's deck answers like a deck that does not exist.
        if (owned.rowCount === 0) throw new HubStateError('not-found', 'no such blinded deck of yours');
        // So does a deck of a cohort no longer assigned to them (visibleCohort's own 404).
        await visibleCohort(tx, user, integerOf(owned.rows[0].cohort_id));
        const updated = await tx.query(
          `UPDATE review_blinded_items SET guess = $3, guessed_at = $4
             WHERE deck_id = $1 AND item = $2 AND guess IS NULL`,
          [deck, item, guess, now],
        );
        if (updated.rowCount === 0) {
          const exists = await tx.query(
            'SELECT 1 FROM review_blinded_items WHERE deck_id = $1 AND item = $2',
            [deck, item],
          );
          throw exists.rowCount === 0
            ? new HubStateError('not-found', `the deck has no item ${item}`)
            : new HubStateError('conflict', `item ${item} was guessed already: a guess counts once`);
        }
        await appendAudit(
          tx,
          { actor: user.name, action: 'review.blinded-guess', subject: `deck ${deck}`, detail: { item } },
          now,
        );
      });
      return sendJson(reply, 200, { recorded: true });
    });

    app.get('/cohorts/:id/blinded/score', async (request, reply) => {
      const user = userOf(request);
      const cohort = await visibleCohort(ctx.store, user, idParam(request, 'id'));
      // Finished decks only: a deck still being guessed would answer each guess's truth.
      const { rows } = await ctx.store.query<{ is_real: boolean; guess: 'real' | 'synthetic' }>(
        `SELECT i.is_real, i.guess FROM review_blinded_items i JOIN review_blinded_decks d ON d.id = i.deck_id
           WHERE d.cohort_id = $1 AND ($2 OR d.reviewer = $3)
             AND NOT EXISTS (SELECT 1 FROM review_blinded_items u WHERE u.deck_id = d.id AND u.guess IS NULL)`,
        [cohort.id, user.role === 'coordinator', user.name],
      );
      return sendJson(reply, 200, scoreBlinded(rows.map((r) => ({ real: r.is_real, guess: r.guess }))));
    });
  };
}

/** Real records this reviewer may still be dealt on this cohort; 409 when none. */
async function realLeft(db: Queryable, user: User, cohort: Cohort): Promise<number> {
  const { rows } = await db.query<{ decks: unknown; real: unknown }>(
    `SELECT count(DISTINCT d.id) FILTER (WHERE d.cohort_id = $2) AS decks,
            count(i.item) FILTER (WHERE i.is_real) AS real
       FROM review_blinded_decks d LEFT JOIN review_blinded_items i ON i.deck_id = d.id
       WHERE d.reviewer = $1`,
    [user.name, cohort.id],
  );
  const decks = integerOf(rows[0].decks);
  const left = REAL_RECORDS_CAP - integerOf(rows[0].real);
  if (decks >= DECKS_PER_COHORT)
    throw new HubStateError(
      'conflict',
      `you have had ${decks} blinded decks of this cohort, the most one reviewer is dealt: each deck shows real patients`,
    );
  // A deck needs one real record at least (and one synthetic).
  if (left < 1)
    throw new HubStateError(
      'conflict',
      `you have been shown ${REAL_RECORDS_CAP} real records in blinded decks, the most one reviewer is shown`,
    );
  return left;
}

/**
 * `rows` synthetic records sampled afresh from the cohort's model, in the form the cohort's CSV
 * gives its records (written and read back: a sampler's full-precision numbers next to a CSV's
 * rounded ones would tell synthetic from real at a glance). Shown in this deck and nowhere else.
 */
function freshSynthetic(cohort: Cohort, rows: number, seed: number): Table {
  const model = loadModel(cohort.model ?? '', `cohort ${cohort.id}'s model`);
  const sampled = sampleModel(model, { rows, seed }).table;
  return tableFromCsvText(
    formatCsv(sampled, model.schema),
    cohort.schema,
    `cohort ${cohort.id}'s fresh sample`,
  );
}
