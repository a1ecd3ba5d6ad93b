/**
 * Blinded mode, a visual Turing test for a site's own reviewers: a deck mixes the site's real
 * records with synthetic ones, the reviewer guesses which is which, the score says whether they
 * could tell. Only an app started at the site with its data offers it.
 *
 * The real rows go to this reviewer's browser in the deck's answer and nowhere else: the database
 * keeps, per item, whether it was real and the guess — never a value.
 */
import type { FastifyInstance } from 'fastify';
import type { RandomBits } from '../../privacy/random-bits.js';
import { dealBlindedDeck, scoreBlinded } from '../../review/index.js';
import { bodyOf, idParam, sendJson } from '../hub/http.js';
import { appendAudit, HubStateError } from '../store/index.js';
import { type BlindedDeck, BlindedDeckRequest, BlindedGuess } from './api.js';
import { cohortTable, visibleCohort } from './cohorts.js';
import { type ReviewContext, userOf } from './context.js';

export const NO_SITE_DATA =
  "blinded mode needs the site's own data: start `synthcohort review` at the site with its data";

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
      if (!ctx.site) throw new HubStateError('conflict', NO_SITE_DATA);
      // Drawn from the app's stream itself: a split by a fixed label would repeat under seeded bits.
      const dealt = dealBlindedDeck({
        real: ctx.site.table,
        synthetic: await cohortTable(ctx, cohort),
        schema: cohort.schema,
        size,
        seed: ctx.bits.nextUint32(),
      });
      const deck = deckId(ctx.bits);
      const now = new Date(ctx.clock());
      await ctx.store.transaction(async (tx) => {
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
        const owned = await tx.query('SELECT 1 FROM review_blinded_decks WHERE id = $1 AND reviewer = $2', [
          deck,
          user.name,
        ]);
        // Another reviewer's deck answers like a deck that does not exist.
        if (owned.rowCount === 0) throw new HubStateError('not-found', 'no such blinded deck of yours');
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
      const { rows } = await ctx.store.query<{ is_real: boolean; guess: 'real' | 'synthetic' }>(
        `SELECT i.is_real, i.guess FROM review_blinded_items i JOIN review_blinded_decks d ON d.id = i.deck_id
           WHERE d.cohort_id = $1 AND i.guess IS NOT NULL AND ($2 OR d.reviewer = $3)`,
        [cohort.id, user.role === 'coordinator', user.name],
      );
      return sendJson(reply, 200, scoreBlinded(rows.map((r) => ({ real: r.is_real, guess: r.guess }))));
    });
  };
}
